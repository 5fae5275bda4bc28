import { afterEach, describe, expect, it, vi } from 'vitest'
import { httpTransport } from './transport-http'

/** The one EventSource the transport opens, driven by the test. */
class FakeEventSource {
  static last: FakeEventSource | null = null
  private handlers = new Map<string, Array<(e: MessageEvent<string>) => void>>()
  constructor(readonly url: string) {
    FakeEventSource.last = this
  }
  addEventListener(name: string, h: (e: MessageEvent<string>) => void): void {
    this.handlers.set(name, [...(this.handlers.get(name) ?? []), h])
  }
  fire(name: string, payload: unknown): void {
    for (const h of this.handlers.get(name) ?? [])
      h(new MessageEvent(name, { data: JSON.stringify(payload) }))
  }
}

afterEach(() => vi.unstubAllGlobals())

describe('httpTransport events', () => {
  it('a listener hears each event once, also after the screen unsubscribed and came back', () => {
    vi.stubGlobal('EventSource', FakeEventSource)
    const t = httpTransport('http://127.0.0.1:1/', 'tok')
    const heard: unknown[] = []
    const off = t.on('enterprise.saved', (p) => heard.push(p))
    off() // the register unmounts (workspace opened) …
    t.on('enterprise.saved', (p) => heard.push(p)) // … and mounts again
    FakeEventSource.last?.fire('enterprise.saved', { enterpriseId: 'e1' })
    expect(heard).toEqual([{ enterpriseId: 'e1' }])
  })
})
