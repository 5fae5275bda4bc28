/**
 * Which screen is open, mirrored in location.hash so that a reload (or a crash and restart) comes
 * back to the same enterprise / assessment / item.
 *   #/enterprises   #/assessment/<id>/<itemId>   #/compare/<enterpriseId>   #/sync
 *   #/panel/<enterpriseId>   #/recheck   #/recheck/<assessmentId>
 *   #/help/signatures   #/help/data  (签名的两种含义; 本机数据与指标目录)
 */
import { create } from 'zustand'

export type Route =
  | { name: 'enterprises' }
  | { name: 'assessment'; id: string; item?: string }
  | { name: 'compare'; enterpriseId: string }
  | { name: 'dossier'; enterpriseId: string }
  | { name: 'sync' }
  | { name: 'panel'; enterpriseId: string }
  | { name: 'recheck'; id?: string }
  | { name: 'help'; topic?: 'signatures' | 'data' }

export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent)
  if (parts[0] === 'assessment' && parts[1]) {
    return parts[2]
      ? { name: 'assessment', id: parts[1], item: parts[2] }
      : { name: 'assessment', id: parts[1] }
  }
  if (parts[0] === 'compare' && parts[1]) return { name: 'compare', enterpriseId: parts[1] }
  if (parts[0] === 'dossier' && parts[1]) return { name: 'dossier', enterpriseId: parts[1] }
  if (parts[0] === 'sync') return { name: 'sync' }
  if (parts[0] === 'panel' && parts[1]) return { name: 'panel', enterpriseId: parts[1] }
  if (parts[0] === 'help')
    return { name: 'help', topic: parts[1] === 'data' ? 'data' : 'signatures' }
  if (parts[0] === 'recheck')
    return parts[1] ? { name: 'recheck', id: parts[1] } : { name: 'recheck' }
  return { name: 'enterprises' }
}

export function routeHash(r: Route): string {
  switch (r.name) {
    case 'assessment':
      return `#/assessment/${encodeURIComponent(r.id)}${r.item ? `/${r.item}` : ''}`
    case 'compare':
      return `#/compare/${encodeURIComponent(r.enterpriseId)}`
    case 'dossier':
      return `#/dossier/${encodeURIComponent(r.enterpriseId)}`
    case 'sync':
      return '#/sync'
    case 'panel':
      return `#/panel/${encodeURIComponent(r.enterpriseId)}`
    case 'recheck':
      return r.id ? `#/recheck/${encodeURIComponent(r.id)}` : '#/recheck'
    case 'help':
      return `#/help/${r.topic ?? 'signatures'}`
    default:
      return '#/enterprises'
  }
}

interface RouteState {
  route: Route
  go(r: Route): void
  /** Same screen, other item: replaces the history entry instead of adding one. */
  replace(r: Route): void
}

export const useRoute = create<RouteState>((set) => ({
  route: parseHash(typeof location === 'undefined' ? '' : location.hash),
  go(r) {
    location.hash = routeHash(r)
    set({ route: r })
  },
  replace(r) {
    history.replaceState(null, '', routeHash(r))
    set({ route: r })
  },
}))

if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', () =>
    useRoute.setState({ route: parseHash(location.hash) }),
  )
}
