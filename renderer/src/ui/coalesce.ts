/**
 * Runs `fn` at most once at a time: calls that arrive while it runs are folded into ONE more run
 * after it. For reloads triggered by backend events — an import of 600 enterprises sends 600
 * 'enterprise.saved' events, which must not become 600 list reloads (each a table render: the
 * page froze for seconds; test/e2e/responsive.test.ts).
 */
export function coalesce(fn: () => Promise<unknown>): () => void {
  let running = false
  let again = false
  const run = (): void => {
    if (running) {
      again = true
      return
    }
    running = true
    void fn()
      .catch(() => undefined)
      .finally(() => {
        running = false
        if (again) {
          again = false
          run()
        }
      })
  }
  return run
}
