/**
 * Browser mode: the host (electron/host) on 127.0.0.1. `POST api/<method>` with the per-run token
 * the host wrote into index.html; events come over one EventSource on `events?token=`.
 */
import type { Wire } from '../../../shared/contract'
import type { Transport } from './client'

export function hostToken(doc: Document = document): string {
  return doc.querySelector('meta[name="dl-host-token"]')?.getAttribute('content') ?? ''
}

export function httpTransport(baseUrl: string, token: string): Transport {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`
  let source: EventSource | null = null
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  /** Event names the EventSource already dispatches (once each, however often subscribed). */
  const wired = new Set<string>()

  function ensureSource(event: string): void {
    if (typeof EventSource === 'undefined') return
    if (!source) source = new EventSource(`${base}events?token=${encodeURIComponent(token)}`)
    if (!wired.has(event)) {
      wired.add(event)
      source.addEventListener(event, (e) => {
        let payload: unknown = null
        try {
          payload = JSON.parse((e as MessageEvent<string>).data)
        } catch {
          return
        }
        for (const cb of listeners.get(event) ?? []) cb(payload)
      })
    }
  }

  return {
    async call(method, input) {
      const res = await fetch(`${base}api/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-DL-Token': token },
        body: JSON.stringify(input ?? {}),
      })
      const text = await res.text()
      try {
        return JSON.parse(text) as Wire<unknown>
      } catch {
        throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`)
      }
    },
    on(event, cb) {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      set.add(cb)
      ensureSource(event)
      return () => {
        set.delete(cb)
      }
    },
  }
}
