import { Modal } from 'antd'
import { SHORTCUT_NOTE, SHORTCUTS } from './shortcuts'

/** 快捷键: every key of the workspace (opened with ? or the header button). */
export function ShortcutHelp({ open, onClose }: { open: boolean; onClose(): void }) {
  return (
    <Modal open={open} title="快捷键" onCancel={onClose} footer={null} width={560}>
      <div data-testid="shortcut-help">
        <table className="shortcut-table">
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.does}>
                <td className="shortcut-keys">
                  {s.keys.map((k) => (
                    <kbd key={k}>{k}</kbd>
                  ))}
                </td>
                <td>{s.does}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted" style={{ marginTop: 12, marginBottom: 0 }}>
          {SHORTCUT_NOTE}
        </p>
      </div>
    </Modal>
  )
}
