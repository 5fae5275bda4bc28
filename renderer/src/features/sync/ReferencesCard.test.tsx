/**
 * The 「从中心服务更新」 card: stored assignments with when they were pulled, the rule profiles with
 * their source, the pull result with what was refused and why, a rule-profile file import (its
 * refusal shown with the field the backend names), and the catalogue store refreshed so the
 * new-assessment picker offers a pulled profile. The transport answers with contract-valid values
 * (parsed by the contract's own schemas) and records the calls; the backend paths are covered by
 * electron/backend/sync/references.test.ts against a real central service.
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { api, type Method, type Wire } from '../../../../shared/contract'
import { MIIT_2024 } from '../../../../shared/domain/catalogue'
import { RULE_PROFILES } from '../../../../shared/domain/levels/rule-profiles'
import { setClient } from '../../api'
import { createClient } from '../../api/client'
import { useCatalogue } from '../../app/catalogue.store'
import { ReferencesCard } from './ReferencesCard'

const STRICT = {
  id: 'Hebi-2024-strict',
  catalogueId: 'MIIT-2024',
  title: '鹤壁试点从严规则',
  version: '1',
  rules: [
    { level: 4, minScore: 90, minScenes: 14, minConstrainedScenes: 8 },
    { level: 3, minScore: 80, minScenes: 12, minConstrainedScenes: 6 },
    { level: 2, minScore: 60, minScenes: 8, minConstrainedScenes: 4 },
    { level: 1, minScore: 40, minScenes: 6, minConstrainedScenes: 3 },
  ],
  constrainedScenes: ['SC01', 'SC03'],
}

const builtIn = RULE_PROFILES.map((p) => ({
  id: p.id,
  catalogueId: p.catalogueId,
  title: p.title,
  version: p.version,
  source: 'built-in' as const,
  profileSha256: 'aa'.repeat(32),
  publishedAt: null,
  receivedAt: null,
  rules: p.rules.map((r) => ({ ...r })),
}))

let pulledYet = false
let calls: { method: string; input: unknown }[] = []

function answer(m: Method): unknown {
  switch (m) {
    case 'sync.assignments':
      return pulledYet
        ? {
            fetchedAt: '2026-11-27T06:10:00.000Z',
            items: [
              {
                enterpriseId: 'E-001',
                enterpriseName: '鹤壁甲电子有限公司',
                uscc: '91410600000000001X',
                county: '淇滨区',
                industry: null,
                batch: 1,
                kind: 'diagnosis',
                fetchedAt: '2026-11-27T06:10:00.000Z',
              },
            ],
          }
        : { fetchedAt: null, items: [] }
    case 'references.ruleProfiles':
      return {
        items: pulledYet
          ? [
              ...builtIn,
              {
                ...STRICT,
                source: 'central',
                profileSha256: 'bb'.repeat(32),
                publishedAt: '2026-11-27T06:00:00.000Z',
                receivedAt: '2026-11-27T06:10:00.000Z',
              },
            ]
          : builtIn,
      }
    case 'sync.pull':
      pulledYet = true
      return {
        fetchedAt: '2026-11-27T06:10:00.000Z',
        assignments: 1,
        ruleProfiles: {
          stored: ['Hebi-2024-strict'],
          present: [],
          refused: [
            {
              id: 'Hebi-2024-x',
              field: 'signature',
              message: 'server signature does not verify',
            },
          ],
        },
        measures: { stored: [], present: [], refused: [] },
        products: { stored: [], present: [], refused: [] },
      }
    case 'catalogue.get':
      return {
        catalogue: MIIT_2024.catalogue,
        hash: MIIT_2024.hash,
        ruleProfiles: pulledYet ? [...RULE_PROFILES, STRICT] : [...RULE_PROFILES],
        defaultRuleProfileId: 'MIIT-2024-default',
      }
    default:
      throw new Error(`unexpected ${m}`)
  }
}

beforeEach(() => {
  calls = []
  pulledYet = false
  useCatalogue.setState({ info: null })
  setClient(
    createClient({
      async call(method, input) {
        calls.push({ method, input })
        const m = method as Method
        if (m === 'references.importRuleProfile')
          return {
            ok: false,
            error: {
              code: 'VALIDATION',
              message:
                '「tampered.json」验证未通过：body.profile.rules.1.minScore: must not exceed the rule above (90)',
              field: 'contentBase64',
            },
          } satisfies Wire<unknown>
        // Only contract-valid answers: the same schema the backend's output passes.
        const value = api[m].output.parse(answer(m)) as unknown
        return { ok: true, value } satisfies Wire<unknown>
      },
      on: () => () => undefined,
    }),
  )
})
afterEach(cleanup)

// antd's first render in jsdom takes seconds on a loaded machine; this is not a speed test.
describe('ReferencesCard', { timeout: 30_000 }, () => {
  it('pulls: assignments with 更新于, the pulled profile listed and offered to the picker, refusals named', async () => {
    const errors: string[] = []
    render(<ReferencesCard onError={(m) => errors.push(m)} />)
    await waitFor(() =>
      expect(screen.getByTestId('assignments-fetched-at').textContent).toBe('尚未从中心服务更新'),
    )
    expect(screen.getByTestId('rule-profile-MIIT-2024-default')).toBeTruthy()
    expect(screen.queryByTestId('rule-profile-Hebi-2024-strict')).toBeNull()

    fireEvent.click(screen.getByTestId('references-pull'))
    await waitFor(() => expect(screen.getByTestId('pull-result')).toBeTruthy())
    const result = screen.getByTestId('pull-result').textContent ?? ''
    expect(result).toContain('分配企业 1')
    expect(result).toContain('新规则配置 1')
    expect(result).toContain('未采用 1')
    expect(screen.getByTestId('pull-refused').textContent).toContain(
      'Hebi-2024-x · signature: server signature does not verify',
    )
    await waitFor(() => expect(screen.getByText('鹤壁甲电子有限公司')).toBeTruthy())
    expect(screen.getByTestId('assignments-fetched-at').textContent).toMatch(/^更新于 /)
    const row = screen.getByTestId('rule-profile-Hebi-2024-strict')
    expect(within(row).getByTestId('rule-profile-source').textContent).toBe('中心服务')
    expect(row.textContent).toContain('四级 ≥90 / 14 / 8')
    // The catalogue store (new-assessment picker) now offers the pulled profile.
    expect(useCatalogue.getState().info?.ruleProfiles.map((p) => p.id)).toContain(
      'Hebi-2024-strict',
    )
    expect(errors).toEqual([])
  })

  it('a refused rule-profile file: the field the backend names is shown, nothing listed', async () => {
    render(<ReferencesCard onError={() => undefined} />)
    await waitFor(() => expect(screen.getByTestId('rule-profile-MIIT-2024-default')).toBeTruthy())
    const f = new File(['{"body":{}}'], 'tampered.json', { type: 'application/json' })
    fireEvent.change(screen.getByTestId('import-rule-profile-file'), { target: { files: [f] } })
    await waitFor(() => expect(screen.getByTestId('rule-profile-import-result')).toBeTruthy())
    expect(screen.getByTestId('rule-profile-import-result').textContent).toContain(
      'body.profile.rules.1.minScore: must not exceed the rule above (90)',
    )
    expect(calls.find((c) => c.method === 'references.importRuleProfile')?.input).toMatchObject({
      fileName: 'tampered.json',
    })
    expect(screen.queryByTestId('rule-profile-Hebi-2024-strict')).toBeNull()
  })
})
