import { useCallback, useEffect, useState } from 'react'
import type { ConsoleCallInput, ConsoleMethod, ConsoleOutput } from '../../shared/console'
import { call, errorText } from './api'

/** Loads a console method's answer; `reload` calls it again. */
export function useCall<M extends ConsoleMethod>(
  method: M,
  input: ConsoleCallInput<M>,
): { data: ConsoleOutput<M> | null; error: string | null; loading: boolean; reload: () => void } {
  const key = JSON.stringify(input)
  const [state, setState] = useState<{
    data: ConsoleOutput<M> | null
    error: string | null
    loading: boolean
  }>({
    data: null,
    error: null,
    loading: true,
  })
  const [n, setN] = useState(0)
  useEffect(() => {
    let live = true
    setState((s) => ({ ...s, loading: true }))
    call(method, JSON.parse(key) as ConsoleCallInput<M>).then(
      (data) => live && setState({ data, error: null, loading: false }),
      (e: unknown) => live && setState({ data: null, error: errorText(e), loading: false }),
    )
    return () => {
      live = false
    }
  }, [method, key, n])
  const reload = useCallback(() => setN((x) => x + 1), [])
  return { ...state, reload }
}
