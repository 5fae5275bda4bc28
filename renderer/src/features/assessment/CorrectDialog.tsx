import { Input, Modal, message } from 'antd'
import { useState } from 'react'
import { errorMessage } from '../../api'
import { useRoute } from '../../app/route.store'
import { useAssessment } from './assessment.store'

/** A completed assessment is never edited: a correction is a new version with a reason. */
export function CorrectDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const correct = useAssessment((s) => s.correct)
  const go = useRoute((s) => s.go)
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState(false)

  async function submit(): Promise<void> {
    setBusy(true)
    try {
      const id = await correct(reason)
      void message.success('已创建更正版本，原版本保留不变')
      onClose()
      setReason('')
      go({ name: 'assessment', id })
    } catch (e) {
      void message.error(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal
      open={open}
      title="更正评测（生成新版本）"
      okText="创建更正版本"
      okButtonProps={{ disabled: reason.trim().length < 2 }}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
    >
      <p className="muted">
        已完成的评测不可修改。更正会复制全部作答、场景评定与佐证，生成一个新的草稿版本，并记录它替代的版本和原因。
      </p>
      <Input.TextArea
        rows={3}
        value={reason}
        maxLength={1000}
        placeholder="更正原因（必填，至少 2 个字），例如：复核发现 Q05 选项录入错误"
        onChange={(e) => setReason(e.target.value)}
        data-testid="correct-reason"
      />
    </Modal>
  )
}
