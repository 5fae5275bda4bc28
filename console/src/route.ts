/** Hash routes: #/progress, #/enterprises/<key>, … (the page works behind any reverse proxy). */
import { useEffect, useState } from 'react'

export type Route =
  | { page: 'progress' }
  | { page: 'budget' }
  | { page: 'enterprises' }
  | { page: 'chain'; key: string }
  | { page: 'signals' }
  | { page: 'reports'; number?: string }
  | { page: 'exports' }
  | { page: 'audit' }

export function parseRoute(hash: string): Route {
  const [page = 'progress', arg] = hash.replace(/^#\/?/, '').split('/')
  const a = arg ? decodeURIComponent(arg) : undefined
  switch (page) {
    case 'budget':
    case 'enterprises':
    case 'signals':
    case 'exports':
    case 'audit':
      return page === 'enterprises' && a ? { page: 'chain', key: a } : { page }
    case 'reports':
      return a ? { page: 'reports', number: a } : { page: 'reports' }
    default:
      return { page: 'progress' }
  }
}

export function href(r: Route): string {
  if (r.page === 'chain') return `#/enterprises/${encodeURIComponent(r.key)}`
  if (r.page === 'reports' && r.number) return `#/reports/${encodeURIComponent(r.number)}`
  return `#/${r.page}`
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash))
  useEffect(() => {
    const on = (): void => setRoute(parseRoute(window.location.hash))
    window.addEventListener('hashchange', on)
    return () => window.removeEventListener('hashchange', on)
  }, [])
  return route
}
