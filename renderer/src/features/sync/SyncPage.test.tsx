/**
 * The outbox table shows every state the backend can report: queued (with its next attempt after a
 * failed try), sending, accepted with the server's receipt, rejected with the reason (and a
 * re-queue button that calls sync.requeue), and an imported bundle not in the queue (enqueue).
 * The transport answers with contract-valid values (each parsed by the contract's own zod
 * schema) and records the calls; the real backend paths are covered by the e2e test and E's tests.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { api, type Method, type Output, type Wire } from '../../../../shared/contract'
import { setClient } from '../../api'
import { createClient } from '../../api/client'
import { SyncPage } from './SyncPage'

type Bundle = Output<'bundles.list'>['items'][number]

function bundle(n: number, over: Partial<Bundle>): Bundle {
  return {
    bundleId: `${n}`.repeat(8) + '-0000-4000-8000-000000000000',
    recordId: `r${n}`,
    version: 1,
    assessmentId: null,
    source: 'local',
    enterpriseName: `企业${n}`,
    kind: 'diagnosis',
    level: 2,
    evidenceCount: n,
    manifestSha256: 'ab'.repeat(32),
    keyId: 'cd'.repeat(32),
    createdAt: '2026-11-27T03:00:00.000Z',
    outbox: null,
    ...over,
  }
}

const outbox = (state: 'queued' | 'sending' | 'accepted' | 'rejected', o: object = {}) => ({
  state,
  attempts: 0,
  nextAttemptAt: Date.parse('2026-11-27T05:00:00Z'),
  lastError: null,
  receipt: null,
  ...o,
})

const BUNDLES: Bundle[] = [
  bundle(1, { outbox: outbox('queued', { attempts: 2, lastError: '连接中心服务超时' }) }),
  bundle(2, { outbox: outbox('sending', { attempts: 1 }) }),
  bundle(3, {
    outbox: outbox('accepted', {
      attempts: 1,
      receipt: JSON.stringify({ bundleId: 'x', receivedAt: '2026-11-27T04:00:00Z', sig: 'AAAA' }),
    }),
  }),
  bundle(4, { outbox: outbox('rejected', { attempts: 1, lastError: '密钥未获批准（pending）' }) }),
  bundle(5, { source: 'import', kind: 'acceptance' }),
]

const canned: Partial<Record<Method, unknown>> = {
  'bundles.list': { items: BUNDLES },
  'sync.status': {
    serverUrl: 'https://hebi.example.cn/dl',
    serverKeyId: 'ef'.repeat(32),
    keyId: 'cd'.repeat(32),
    keyStatus: 'approved',
    counts: { queued: 1, sending: 1, accepted: 1, rejected: 1 },
  },
  'keys.status': {
    key: {
      keyId: 'cd'.repeat(32),
      algorithm: 'SM2-SM3',
      publicKeyPem: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n',
      createdAt: '2026-11-27T02:00:00.000Z',
    },
    protection: 'passphrase',
    unlocked: false,
    osKeyStore: false,
    problem: null,
  },
  'assessments.list': { items: [] },
  'sync.requeue': BUNDLES[3],
  'sync.assignments': { fetchedAt: null, items: [] },
  'references.ruleProfiles': { items: [] },
}

let calls: { method: string; input: unknown }[] = []

beforeEach(() => {
  calls = []
  setClient(
    createClient({
      async call(method, input) {
        calls.push({ method, input })
        const m = method as Method
        // Only contract-valid answers: the same schema the backend's output passes.
        const value = api[m].output.parse(canned[m]) as unknown
        return { ok: true, value } satisfies Wire<unknown>
      },
      on: () => () => undefined,
    }),
  )
})
afterEach(cleanup)

function row(n: number): HTMLElement {
  return screen.getByTestId(`bundle-${BUNDLES[n - 1]!.bundleId}`)
}

// antd's first render in jsdom takes seconds on a loaded machine; this is not a speed test.
describe('SyncPage outbox', { timeout: 30_000 }, () => {
  it('shows every state, the reason, the receipt and the right action per row', async () => {
    render(<SyncPage />)
    await waitFor(() => expect(screen.getByText('企业5')).toBeTruthy())
    const state = (n: number) => within(row(n)).getByTestId('bundle-state').textContent
    expect([1, 2, 3, 4, 5].map(state)).toEqual(['待发送', '发送中', '已接收', '被拒绝', '未排队'])
    expect(within(row(1)).getByText('连接中心服务超时')).toBeTruthy()
    expect(row(1).textContent).toContain('下次尝试')
    expect(within(row(4)).getByTestId('bundle-reason').textContent).toBe('密钥未获批准（pending）')
    expect(within(row(3)).getByTestId('bundle-receipt').textContent).toContain('receivedAt')
    expect(within(row(5)).getByText('验收评价')).toBeTruthy()
    expect(row(5).textContent).toContain('导入')
    // Re-queue only on the rejected row, enqueue only on the bundle that is not queued.
    expect(
      [1, 2, 3, 4, 5].map((n) => within(row(n)).queryByTestId('bundle-requeue') !== null),
    ).toEqual([false, false, false, true, false])
    expect(
      [1, 2, 3, 4, 5].map((n) => within(row(n)).queryByTestId('bundle-enqueue') !== null),
    ).toEqual([false, false, false, false, true])
    for (const s of ['queued', 'sending', 'accepted', 'rejected'])
      expect(screen.getByTestId(`outbox-count-${s}`).textContent).toMatch(/ 1$/)
    // The key: SM2, locked, with an unlock field; the server key status.
    expect(screen.getByTestId('key-algorithm-value').textContent).toBe('SM2-SM3')
    expect(screen.getByTestId('key-lock-state').textContent).toBe('已锁定')
    expect(screen.getByTestId('key-protection-value').textContent).toBe('口令')
    expect(screen.getByTestId('key-unlock-passphrase')).toBeTruthy()
    expect(screen.queryByTestId('key-to-os')).toBeNull() // no OS key store in browser mode
    expect(screen.getByTestId('key-at-server').textContent).toBe('已批准')

    fireEvent.click(within(row(4)).getByTestId('bundle-requeue'))
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'sync.requeue')?.input).toEqual({
        bundleId: BUNDLES[3]!.bundleId,
      }),
    )
  })

  it('a key in the OS key store: no passphrase to unlock, the problem shown, and a way back to a passphrase', async () => {
    const saved = canned['keys.status']
    canned['keys.status'] = {
      ...(saved as object),
      protection: 'os-keystore',
      osKeyStore: true,
      problem: '系统密钥库无法打开本机签名密钥（是否换了系统用户或电脑？）',
    }
    try {
      render(<SyncPage />)
      await waitFor(() =>
        expect(screen.getByTestId('key-protection-value').textContent).toBe('系统密钥库'),
      )
      expect(screen.queryByTestId('key-unlock-passphrase')).toBeNull()
      expect(screen.getByTestId('key-problem').textContent).toContain('换了系统用户或电脑')
      expect(screen.queryByTestId('key-current-passphrase')).toBeNull()
      expect(screen.getByTestId('key-to-passphrase').textContent).toBe('改为口令保护')
      fireEvent.click(screen.getByTestId('key-unlock'))
      await waitFor(() =>
        expect(calls.find((c) => c.method === 'keys.unlock')?.input).toEqual({ passphrase: '' }),
      )
    } finally {
      canned['keys.status'] = saved
    }
  })
})
