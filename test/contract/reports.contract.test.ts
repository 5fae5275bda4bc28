/**
 * 'reports.render' through dispatch, in-process and through the HTTP host (browser mode): the
 * output matches the contract schema, the PDF (base64) verifies with pdfsig when signed, bad
 * input is VALIDATION naming the field.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { api, Output } from '../../shared/contract/api'
import { runTool } from '../../electron/backend/pdf/pdf-tools'
import { enterpriseInput, fullAnswers, SCENE_IDS } from '../../electron/backend/test-helpers'
import { recordCompleteAdvice } from '../../electron/backend/advice/test-support'
import { describeTransports, okOutput } from './transports'

let dir: string
let p12: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'reports-contract-'))
  const k = join(dir, 'k.pem')
  const c = join(dir, 'c.pem')
  p12 = join(dir, 'zs.p12')
  const subj = '/CN=张三/O=鹤壁市某评测机构/C=CN'
  expect(
    runTool('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      k,
      '-out',
      c,
      '-days',
      '30',
      '-subj',
      subj,
      '-utf8',
    ]).code,
  ).toBe(0)
  expect(
    runTool('openssl', [
      'pkcs12',
      '-export',
      '-inkey',
      k,
      '-in',
      c,
      '-out',
      p12,
      '-passout',
      'pass:pw',
    ]).code,
  ).toBe(0)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describeTransports('reports.render through dispatch (%s)', (call, transport) => {
  async function ok<M extends keyof typeof api>(method: M, input: unknown): Promise<Output<M>> {
    return okOutput(call, method, input)
  }

  it('renders a signed diagnosis report; pdfsig says valid', async () => {
    const ent = await ok('enterprises.create', {
      ...enterpriseInput(31, { name: '鹤壁契约测试有限公司' }),
      batch: 1,
    })
    const a = await ok('assessments.create', {
      enterpriseId: ent.id,
      kind: 'diagnosis',
      assessorName: '张三',
      assessedOn: '2026-11-20',
    })
    const id = a.assessment.id
    for (const [q, sel] of Object.entries(fullAnswers()))
      await ok('assessments.setAnswer', { assessmentId: id, questionId: q, selected: sel })
    for (const sc of SCENE_IDS)
      await ok('assessments.setScene', { assessmentId: id, sceneId: sc, level: 1 })
    // a formal 诊断报告 needs the assessor's 诊断建议 (issue 13)
    await recordCompleteAdvice((m, input) => ok(m, input), id)
    await ok('assessments.complete', { id })
    const r = await ok('reports.render', {
      assessmentId: id,
      issuedOn: '2026-11-21',
      sign: { p12Base64: readFileSync(p12).toString('base64'), password: 'pw' },
    })
    expect(r.signed).toBe(true)
    expect(r.reportNumber).toMatch(/^ZD-20261121-/)
    expect(r.model.header.enterpriseName).toBe('鹤壁契约测试有限公司')
    const p = join(dir, `${transport}.pdf`)
    writeFileSync(p, Buffer.from(r.pdfBase64!, 'base64'))
    expect(runTool('pdfsig', [p]).stdout).toContain('Signature is Valid.')
    const t = runTool('pdftotext', [p, '-']).stdout.replace(/\s+/g, '')
    expect(t).toContain('鹤壁契约测试有限公司')

    const bad = await call('reports.render', {
      assessmentId: id,
      investmentFen: -5,
      kind: 'acceptance',
    })
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect([bad.error.code, bad.error.field]).toEqual(['VALIDATION', 'investmentFen'])
    const wrongKind = await call('reports.render', { assessmentId: id, kind: 'x' })
    if (!wrongKind.ok) expect(wrongKind.error.field).toBe('kind')
    expect(wrongKind.ok).toBe(false)
  })
})
