/**
 * The city console over real HTTP (issue 16 §1): staff logins (wrong password refused and
 * throttled in the database), sessions that expire, CSRF and role checks, every action audited
 * (append-only), and the seeded pilot's progress, budget, chains and exports. SQLite and
 * PostgreSQL.
 */
import { sql } from 'kysely'
import ExcelJS from 'exceljs'
import { strFromU8, unzipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyBundle } from '../../shared/domain/bundle/verify'
import { getCatalogue } from '../../shared/domain/catalogue'
import { centralBundleCrypto } from '../crypto'
import { runCentral, TEST_DATABASES, type RunningCentral } from '../testing/fixtures'
import {
  consoleClient,
  refusedCall,
  seedStaff,
  STAFF_PASSWORDS,
  TEST_SCRYPT,
} from '../testing/console-client'
import { uscc } from '../testing/pilot-fixtures'
import { seedPilot, SECRET_NOTE, type PilotSeed } from '../testing/pilot-seed'
import { addStaff } from './staff'

describe.each(TEST_DATABASES)('city console on $name', (database) => {
  let c: RunningCentral
  let seed: PilotSeed
  let now = new Date('2025-12-01T02:00:00Z')
  const advance = (ms: number): void => {
    now = new Date(now.getTime() + ms)
  }
  beforeAll(async () => {
    c = await runCentral(database, { now: () => now })
    await seedStaff(c.ctx)
    seed = await seedPilot(c.ctx)
  }, 180_000)
  afterAll(async () => {
    await c?.dispose()
  })

  it('a wrong password is refused naming the field; a right one opens a strict, HttpOnly session', async () => {
    const u = consoleClient(c.url)
    const e1 = await refusedCall(u.login('viewer', 'not-the-password'))
    expect([e1.status, e1.error.code, e1.error.field]).toEqual([400, 'VALIDATION', 'password'])
    const e2 = await refusedCall(u.login('nobody', 'not-the-password'))
    expect(e2.error.message).toBe(e1.error.message) // no hint whether the account exists
    const s = await u.login('viewer', STAFF_PASSWORDS.viewer)
    expect(s.user).toEqual({ username: 'viewer', displayName: '县区联络员刘洋', role: 'viewer' })
    expect(u.lastSetCookie).toMatch(
      /^dl_console=[A-Za-z0-9_-]{43}; Path=\/console; HttpOnly; SameSite=Strict; Max-Age=\d+$/,
    )
    const stored = await c.ctx.db.selectFrom('staff_sessions').select('token_sha256').execute()
    expect(stored.map((r) => r.token_sha256)).not.toContain(u.cookie) // only the hash is kept
    const audit = await c.ctx.db
      .selectFrom('console_audit')
      .select(['username', 'action', 'detail'])
      .where('action', 'like', 'session.login%')
      .orderBy('id')
      .execute()
    expect(audit.map((a) => [a.username, a.action])).toEqual([
      ['viewer', 'session.login.failed'],
      ['nobody', 'session.login.failed'],
      ['viewer', 'session.login'],
    ])
    expect(audit.map((a) => a.detail).join()).not.toContain('not-the-password')
  })

  it('five wrong passwords lock the account for 15 minutes, even for the right one (in the database)', async () => {
    await addStaff(
      c.ctx,
      {
        username: 'locked',
        displayName: '测试账号',
        role: 'viewer',
        password: 'Hebi-测试-2025-丁-z5',
      },
      TEST_SCRYPT,
    )
    const u = consoleClient(c.url)
    for (let i = 0; i < 5; i++)
      expect((await refusedCall(u.login('locked', `wrong-${i}`))).error.code).toBe('VALIDATION')
    const e = await refusedCall(u.login('locked', 'Hebi-测试-2025-丁-z5'))
    expect([e.status, e.error.code]).toEqual([429, 'RATE_LIMITED'])
    expect(e.error.message).toMatch(/登录失败次数过多，请 \d+ 分钟后再试/)
    expect(Number(e.headers.get('retry-after'))).toBeGreaterThan(0)
    // another instance sees the same count: it is in the database (central/rate-limit.ts)
    const rows = await c.ctx.db
      .selectFrom('rate_limits')
      .select(['count', 'window_start'])
      .where('key', '=', 'login:user:locked')
      .execute()
    expect(rows.map((r) => Number(r.count))).toEqual([5])
    now = new Date(Number(rows[0]!.window_start) + 15 * 60_000 + 1000)
    expect((await u.login('locked', 'Hebi-测试-2025-丁-z5')).user.username).toBe('locked')
  })

  it('calls need the session, its CSRF token, JSON and this site; sessions end when idle or at logout', async () => {
    const anon = consoleClient(c.url)
    expect((await refusedCall(anon.call('progress.get', {}))).status).toBe(401)
    const u = consoleClient(c.url)
    await u.login('viewer', STAFF_PASSWORDS.viewer)
    const noCsrf = await u.raw('progress.get', {}, { [`x-dl-csrf`]: 'forged' })
    expect([
      noCsrf.status,
      ((await noCsrf.json()) as { error: { code: string } }).error.code,
    ]).toEqual([403, 'FORBIDDEN'])
    const cross = await u.raw('progress.get', {}, { Origin: 'https://evil.example' })
    expect(cross.status).toBe(403)
    const plain = await fetch(`${c.url}/console/api/progress.get`, {
      method: 'POST',
      headers: {
        'Content-Type': 'text/plain',
        Cookie: `dl_console=${u.cookie}`,
        'x-dl-csrf': u.csrf,
      },
      body: '{}',
    })
    expect(plain.status).toBe(400)
    expect((await u.call('session.get', {})).user.role).toBe('viewer')
    // a reloaded page gets its CSRF token back from session.get (cookie only)
    const reloaded = await u.raw('session.get', {}, { 'x-dl-csrf': '' })
    expect(((await reloaded.json()) as { value: { csrfToken: string } }).value.csrfToken).toBe(
      u.csrf,
    )
    advance(31 * 60_000)
    expect((await refusedCall(u.call('session.get', {}))).error.code).toBe('UNAUTHENTICATED')
    await u.login('viewer', STAFF_PASSWORDS.viewer)
    await u.call('session.logout', {})
    expect((await refusedCall(u.call('progress.get', {}))).status).toBe(401)
  })

  it('bad input names the field', async () => {
    const u = consoleClient(c.url)
    await u.login('viewer', STAFF_PASSWORDS.viewer)
    const e1 = await refusedCall(u.call('enterprises.list', { limit: 1000 }))
    expect([e1.error.code, e1.error.field]).toEqual(['VALIDATION', 'limit'])
    const e2 = await refusedCall(u.call('enterprises.chain', { key: '' }))
    expect(e2.error.field).toBe('key')
    const e3 = await refusedCall(u.call('enterprises.chain', { key: '91410600000000000X' }))
    expect(e3.error.code).toBe('NOT_FOUND')
    const e4 = await u.raw('no.such', {})
    expect(((await e4.json()) as { error: { code: string } }).error.code).toBe('UNKNOWN_METHOD')
  })

  it('progress against the plan by county, industry, batch and provider', async () => {
    const u = consoleClient(c.url)
    await u.login('viewer', STAFF_PASSWORDS.viewer)
    const p = await u.call('progress.get', {})
    expect(p.total.enterprises).toBe(33)
    expect(p.total.accepted).toBe(11)
    expect(p.total.acceptedLevel4).toBe(3)
    const t = Object.fromEntries(p.targets.map((x) => [x.id, x]))
    expect(t['transformed']).toMatchObject({ current: 33, target: 600, met: false })
    expect(t['level-4']).toMatchObject({ current: 3, target: 30 })
    expect(t['smart-factories']).toMatchObject({ current: null, basis: '暂无数据来源' })
    expect(p.byCounty.map((g) => g.name).sort()).toEqual(['山城区', '浚县', '淇滨区'].sort())
    expect(p.byBatch.map((g) => g.name)).toEqual(['第1批', '第2批', '第3批'])
    expect(p.byProvider.map((g) => [g.name, g.enterprises]).sort()).toEqual(
      [
        ['中原工业互联网服务商', 13],
        ['豫北智造咨询公司', 8],
        ['鹤壁数智服务有限公司', 12],
      ].sort(),
    )
    for (const by of [p.byCounty, p.byIndustry, p.byBatch, p.byProvider])
      expect(by.reduce((n, g) => n + g.enterprises, 0)).toBe(33)
  })

  it('subsidy commitments per batch against the budget lines (Hebi-2024)', async () => {
    const u = consoleClient(c.url)
    await u.login('viewer', STAFF_PASSWORDS.viewer)
    const b = await u.call('budget.get', {})
    expect(b.rows).toHaveLength(11)
    const row = (n: number) => b.rows.find((r) => r.key === uscc(n))!
    // enterprise 4: batch 2, 四级, 440,000 yuan invested → 50 % = 220,000; the diagnosis subsidy
    // is 待核定 (central holds no actual diagnosis cost: money only from facts, issue 11 item 5)
    expect(row(4)).toMatchObject({
      batch: 2,
      level: 4,
      investmentFen: 44_000_000,
      retrofitFen: 22_000_000,
      diagnosisFen: 0,
    })
    // enterprise 1: batch 2, 二级, 410,000 yuan → 40 % = 164,000
    expect(row(1)).toMatchObject({ batch: 2, level: 2, retrofitFen: 16_400_000 })
    const diag = b.lines.find((l) => l.id === 'diagnosis')!
    expect(diag).toMatchObject({ estimatedFen: 0, capFen: 200_000_000, over: false })
    expect(diag.message).toContain('11 家的咨询诊断补助待核定（未提供实际诊断费用，不计入）')
    expect(diag.source).toContain('200万元')
    expect(b.byBatch.map((x) => x.batch)).toEqual(['第1批', '第2批', '第3批'])
    expect(b.byBatch.reduce((n, x) => n + x.retrofitFen, 0)).toBe(
      b.rows.reduce((n, r) => n + r.retrofitFen, 0),
    )
    expect(b.byBatch[0]!.rule).toContain('50%')
    const only2 = await u.call('budget.get', { batch: 2 })
    expect(only2.rows.every((r) => r.batch === 2)).toBe(true)
  })

  it("an enterprise's chain: versions, correction reason, levels, receipts", async () => {
    const u = consoleClient(c.url)
    await u.login('viewer', STAFF_PASSWORDS.viewer)
    const clean = await u.call('enterprises.chain', { key: seed.clean })
    expect(clean.steps.map((s) => [s.kind, s.level])).toEqual([
      ['diagnosis', clean.bundles[0]!.level],
      ['acceptance', 4],
    ])
    // the acceptance names the diagnosis it compares against, by its manifest SHA-256
    expect(clean.bundles.map((b) => [b.kind, b.citesDiagnosis])).toEqual([
      ['diagnosis', null],
      ['acceptance', clean.bundles[0]!.manifestSha256],
    ])
    for (const b of clean.bundles) {
      expect(b.receipt?.serverKeyId).toBe(c.ctx.serverKey.info.keyId)
      expect(b.receipt?.manifestSha256).toBe(b.manifestSha256)
    }
    const fixed = await u.call('enterprises.chain', { key: seed.cases.corrected })
    expect(fixed.bundles.map((b) => [b.version, b.current])).toEqual([
      [1, false],
      [2, true],
    ])
    expect(fixed.bundles[1]!.supersedes?.reason).toBe('场景 SC06 等级录入有误，更正为二级')
    const list = await u.call('enterprises.list', { county: '浚县', flagged: true })
    expect(list.items.every((e) => e.county === '浚县' && e.openSignals > 0)).toBe(true)
  })

  it('signals: a viewer cannot clear; a reviewer clears with a reason, once, audited (append-only)', async () => {
    const viewer = consoleClient(c.url)
    await viewer.login('viewer', STAFF_PASSWORDS.viewer)
    const open = await viewer.call('signals.list', {})
    expect(open.items.length).toBe(7)
    const target = open.items.find((s) => s.type === 'photo-outside-visit')!
    const denied = await refusedCall(
      viewer.call('signals.clear', { id: target.id, reason: '已核实照片' }),
    )
    expect([denied.status, denied.error.code]).toEqual([403, 'FORBIDDEN'])
    expect((await refusedCall(viewer.call('audit.list', {}))).error.code).toBe('FORBIDDEN')
    const reviewer = consoleClient(c.url)
    await reviewer.login('reviewer', STAFF_PASSWORDS.reviewer)
    const short = await refusedCall(reviewer.call('signals.clear', { id: target.id, reason: '好' }))
    expect([short.error.code, short.error.field]).toEqual(['VALIDATION', 'reason'])
    const done = await reviewer.call('signals.clear', {
      id: target.id,
      reason: '相机时钟未校准，已电话核实现场调研日期',
    })
    expect(done.status).toBe('cleared')
    expect(done.reviews).toEqual([
      {
        action: 'clear',
        reason: '相机时钟未校准，已电话核实现场调研日期',
        by: 'reviewer',
        at: now.toISOString(),
      },
    ])
    expect(
      (await refusedCall(reviewer.call('signals.clear', { id: target.id, reason: '再清除一次' })))
        .error.code,
    ).toBe('CONFLICT')
    expect((await viewer.call('signals.list', {})).items.map((s) => s.id)).not.toContain(target.id)
    // the result the signal is about is unchanged
    const chain = await viewer.call('enterprises.chain', { key: seed.cases.photoOutsideVisit })
    expect(chain.bundles[0]!.status).toBe('accepted')
    const admin = consoleClient(c.url)
    await admin.login('admin', STAFF_PASSWORDS.admin)
    const log = await admin.call('audit.list', { limit: 500 })
    const clear = log.items.find((a) => a.action === 'signals.clear')!
    expect(clear).toMatchObject({ username: 'reviewer', target: target.id })
    expect(JSON.stringify(clear.detail)).toContain('相机时钟未校准')
    expect(log.items.some((a) => a.action === 'progress.get' && a.username === 'viewer')).toBe(true)
    await expect(sql`UPDATE console_audit SET action = 'x'`.execute(c.ctx.db)).rejects.toThrow(
      /append-only/,
    )
    await expect(sql`DELETE FROM signal_reviews`.execute(c.ctx.db)).rejects.toThrow(/append-only/)
  })

  it('通报 .xlsx by county and by provider', async () => {
    const u = consoleClient(c.url)
    expect((await u.download('bulletin.xlsx?by=county')).status).toBe(401)
    await u.login('viewer', STAFF_PASSWORDS.viewer)
    const r = await u.download('bulletin.xlsx?by=county')
    expect(r.status).toBe(200)
    expect(r.headers.get('content-disposition')).toContain("filename*=UTF-8''")
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(await r.arrayBuffer())
    expect(wb.worksheets.map((w) => w.name)).toEqual(['按县区', '目标完成情况', '企业明细'])
    const ws = wb.getWorksheet('按县区')!
    expect(ws.getRow(2).values).toEqual(
      expect.arrayContaining(['县区', '企业数', '已验收', '达标率']),
    )
    const total = ws.getRow(ws.rowCount)
    expect([total.getCell(1).value, total.getCell(2).value, total.getCell(4).value]).toEqual([
      '合计',
      33,
      11,
    ])
    expect(wb.getWorksheet('企业明细')!.rowCount).toBe(2 + 33)
    const one = await u.download(
      `bulletin.xlsx?by=provider&name=${encodeURIComponent('豫北智造咨询公司')}`,
    )
    const wb2 = new ExcelJS.Workbook()
    await wb2.xlsx.load(await one.arrayBuffer())
    expect(wb2.getWorksheet('按服务商')!.getRow(3).getCell(2).value).toBe(8)
    expect((await u.download('bulletin.xlsx?by=province')).status).toBe(400)
    expect((await u.download('bulletin.xlsx?by=provider&name=无此服务商')).status).toBe(404)
  })

  it('一企一档 archive: verifiable bundles and receipts, never a secret', async () => {
    const u = consoleClient(c.url)
    await u.login('viewer', STAFF_PASSWORDS.viewer)
    const r = await u.download(`dossier.zip?key=${seed.clean}`)
    expect(r.status).toBe(200)
    const files = unzipSync(new Uint8Array(await r.arrayBuffer()))
    const bundles = Object.keys(files).filter((f) => f.endsWith('.dlbundle'))
    expect(bundles).toHaveLength(2)
    for (const f of bundles) {
      const v = verifyBundle(files[f]!, {
        crypto: centralBundleCrypto,
        catalogueHash: (id) => getCatalogue(id)?.hash,
      })
      expect(v.ok, f).toBe(true)
    }
    expect(Object.keys(files).filter((f) => f.startsWith('receipts/'))).toHaveLength(2)
    expect(strFromU8(files['目录.txt']!)).toContain(seed.names.get(seed.clean)!)
    const index = JSON.parse(strFromU8(files['index.json']!)) as {
      entries: { withheld: string | null }[]
    }
    expect(index.entries.every((e) => e.withheld === null)).toBe(true)

    const s = await u.download(`dossier.zip?key=${seed.cases.secretNote}`)
    const sf = unzipSync(new Uint8Array(await s.arrayBuffer()))
    expect(Object.keys(sf).filter((f) => f.endsWith('.dlbundle'))).toEqual([])
    const idx = JSON.parse(strFromU8(sf['index.json']!)) as {
      entries: { withheld: string | null }[]
    }
    expect(idx.entries[0]!.withheld).toMatch(/疑似含有口令或密钥（assessment\.notes\.Q05）/)
    const everything = Object.values(sf)
      .map((b) => Buffer.from(b).toString('utf8'))
      .join('\n')
    expect(everything).not.toContain(SECRET_NOTE.slice(-12))
    expect(everything).not.toContain('PRIVATE KEY')
    const audit = await c.ctx.db
      .selectFrom('console_audit')
      .select(['action', 'detail'])
      .where('action', '=', 'download.dossier')
      .execute()
    expect(audit).toHaveLength(2)
  })
})
