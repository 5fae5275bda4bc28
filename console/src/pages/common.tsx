import { Alert, Spin } from 'antd'
import type { ReactNode } from 'react'

export function Loading<T>({
  state,
  children,
}: {
  state: { data: T | null; error: string | null; loading: boolean }
  children: (data: T) => ReactNode
}) {
  if (state.error)
    return <Alert type="error" showIcon message={state.error} data-testid="page-error" />
  if (!state.data) return <Spin style={{ display: 'block', margin: 48 }} />
  return <>{children(state.data)}</>
}
