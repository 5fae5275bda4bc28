import { Alert } from 'antd'

/**
 * Why a report can only be a draft (issue 11 item 2): before rendering, from the assessment's
 * status; after, the backend's reasons. A draft carries 「草稿」 on every page and cannot be signed.
 */
export function DraftNotice(props: {
  status: string
  reasons?: string[]
  wantsSignature: boolean
}) {
  const reasons =
    props.reasons ?? (props.status === 'draft' ? ['评测尚未完成（请先「完成评测」）'] : [])
  if (reasons.length === 0) return null
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="draft-notice"
      message={
        props.wantsSignature
          ? '草稿不能签名'
          : '将生成草稿（每页带「草稿」水印，编号以 DRAFT- 开头）'
      }
      description={reasons.join('；')}
    />
  )
}
