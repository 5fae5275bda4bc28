/**
 * The sync HTTP adapter for Electron's net.fetch (issue 15 §2): what the backend's sync client
 * asks for reaches net.fetch unchanged (method, headers, body) with a time limit, and its answer
 * comes back as the client reads it. A recording stand-in plays net.fetch here (Electron's
 * network stack — system proxy, OS certificate store — can only be reviewed).
 */
import { describe, expect, it } from 'vitest'
import { netFetchAdapter, type NetFetch } from './net-fetch'

describe('netFetchAdapter', () => {
  it('passes method, headers and body through with a time limit and returns status and text', async () => {
    const seen: Parameters<NetFetch>[] = []
    const fake: NetFetch = async (url, init) => {
      seen.push([url, init])
      return { status: 202, text: async () => '{"ok":true}' }
    }
    const f = netFetchAdapter(fake, 5_000)
    const body = new Uint8Array([1, 2, 3])
    const r = await f('https://central.example/v1/bundles', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-dl-key': 'k' },
      body,
    })
    expect(r.status).toBe(202)
    expect(await r.text()).toBe('{"ok":true}')
    const [url, init] = seen[0]!
    expect(url).toBe('https://central.example/v1/bundles')
    expect(init).toMatchObject({
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-dl-key': 'k' },
      body,
    })
    expect(init.signal).toBeInstanceOf(AbortSignal)
    await f('https://central.example/v1/key', { method: 'GET', headers: {} })
    expect(seen[1]![1]).not.toHaveProperty('body')
  })
})
