/**
 * The unsaved-edit guard: closing a drawer or dialog (Esc, ×, 取消, the mask) with edits asks
 * first. `guardedClose(dirty, close)` closes at once when nothing changed.
 */
import { Modal, type ButtonProps } from 'antd'

export function guardedClose(dirty: boolean, close: () => void): void {
  if (!dirty) {
    close()
    return
  }
  Modal.confirm({
    title: '放弃未保存的修改？',
    content: '已填写的内容还没有保存，关闭后将丢失。',
    okText: '放弃修改',
    okButtonProps: { danger: true, 'data-testid': 'discard-confirm' } as ButtonProps,
    cancelText: '继续编辑',
    cancelButtonProps: { 'data-testid': 'discard-cancel' } as ButtonProps,
    onOk: close,
  })
}
