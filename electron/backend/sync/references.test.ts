/**
 * Reference data on the device (issue 5): signed rule profiles published by the central service
 * (from a file, or pulled), verified against the server key pinned in sync.json, stored in the
 * main database, usable for new assessments at once and after a restart; assignments pulled,
 * stored, and there offline. Real SQLite files, real Ed25519, a real central service.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  exportRuleProfile,
  loadAssignments,
  publishRuleProfile,
  setKeyStatus,
} from '../../../central/admin'
import {
  runCentral,
  sqliteDb,
  STRICT_LOW_SCENES,
  STRICT_RULE_PROFILE,
} from '../../../central/testing/fixtures'
import type { Api, Method, Output } from '../../../shared/contract/api'
import type { AppError } from '../../../shared/contract/errors'
import { toBase64 } from '../../../shared/domain/bundle/codec'
import { canonicalBytes } from '../../../shared/domain/bundle/manifest'
import { MIIT_2024_DEFAULT } from '../../../shared/domain/levels/rule-profiles'
import {
  RULE_PROFILE_FORMAT_V1,
  ruleProfileHash,
  type PublishedRuleProfileBody,
  type SignedRuleProfile,
} from '../../../shared/domain/reference'
import type { RuleProfile } from '../../../shared/domain/scoring/types'
import { createBackend, type Backend } from '../create-backend'
import { ephemeralEd25519, type Signer } from '../crypto/keys'
import { sha256Hex } from '../crypto/node-crypto'
import { CliError, type CliCommand } from '../cli/cli-error'
import { scoreCommand } from '../cli/score'
import { readManifest } from '../bundle/build'
import { verifyCommand } from '../cli/verify'
import { dispatch } from '../dispatch'
import { rawKeyProvider } from '../storage/key-provider'
import { enterpriseInput, fullAnswers, SCENE_IDS, tempDir, TEST_KEY_SCRYPT } from '../test-helpers'

const STRICT = STRICT_RULE_PROFILE
const LOW_SCENES = STRICT_LOW_SCENES

function sign(
  profile: unknown,
  server: Signer,
  over: Partial<PublishedRuleProfileBody> = {},
): SignedRuleProfile {
  const body = {
    format: RULE_PROFILE_FORMAT_V1,
    profile,
    profileSha256: ruleProfileHash(profile as RuleProfile),
    publishedAt: '2026-11-27T06:00:00.000Z',
    serverKeyId: server.info.keyId,
    ...over,
  } as PublishedRuleProfileBody
  const bytes = canonicalBytes(body)
  return {
    body,
    signature: {
      algorithm: server.info.algorithm,
      keyId: server.info.keyId,
      signature: toBase64(server.sign(bytes)),
      signedBytesSha256: sha256Hex(bytes),
    },
  }
}

const file = (v: unknown, fileName = 'Hebi-2024-strict.json') => ({
  fileName,
  contentBase64: Buffer.from(JSON.stringify(v, null, 2)).toString('base64'),
})

type T = Backend & { key: ReturnType<typeof rawKeyProvider> }
const cleanups: (() => Promise<unknown> | void)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function backend(dataDir?: string, key = rawKeyProvider(randomBytes(32))): Promise<T> {
  let dir = dataDir
  if (!dir) {
    const t = tempDir()
    cleanups.push(t.cleanup)
    dir = t.dir
  }
  const b = await createBackend({
    dataDir: dir,
    key,
    autoBackup: false,
    deviceKeyScrypt: TEST_KEY_SCRYPT,
  })
  cleanups.push(() => b.close())
  return Object.assign(b, { key })
}

async function ok<M extends Method>(
  b: Backend,
  method: M,
  input: unknown = {},
): Promise<Output<M>> {
  const w = await dispatch(b, method, input)
  if (!w.ok) throw new Error(`${method}: ${w.error.code} ${w.error.message}`)
  return w.value as Output<M>
}
async function err(b: Backend, method: keyof Api, input: unknown = {}): Promise<AppError> {
  const w = await dispatch(b, method, input)
  if (w.ok) throw new Error(`${method}: expected a failure`)
  return w.error
}

/** `npm run assess -- verify …` in-process: exit code, stdout, stderr (a CliError is exit 2). */
async function cli(
  args: string[],
  command: CliCommand = verifyCommand,
): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  try {
    const code = await command.run(args, {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (err += s) },
      env: {},
    })
    return { code, out, err }
  } catch (e) {
    if (e instanceof CliError) return { code: e.exitCode, out, err: err + e.message }
    throw e
  }
}

/** Pins `server` as the central service's key, as sync.configure writes it. */
function pin(b: Backend, server: Signer, serverUrl = 'http://127.0.0.1:9'): void {
  writeFileSync(
    join(b.dataDir, 'sync.json'),
    JSON.stringify({ serverUrl, serverKey: server.info }, null, 2) + '\n',
  )
}

/** An assessment with every question at its best answer and 12 scenes at 四级. */
async function scoredAssessment(b: Backend, ruleProfileId: string, n: number) {
  const e = await ok(b, 'enterprises.create', enterpriseInput(n))
  const a = await ok(b, 'assessments.create', {
    enterpriseId: e.id,
    kind: 'diagnosis',
    ruleProfileId,
    assessorName: '王评估',
    assessorAgency: '鹤壁测试服务商',
    assessedOn: '2026-11-27',
  })
  for (const [questionId, selected] of Object.entries(fullAnswers()))
    await ok(b, 'assessments.setAnswer', { assessmentId: a.assessment.id, questionId, selected })
  for (const sceneId of SCENE_IDS)
    await ok(b, 'assessments.setScene', {
      assessmentId: a.assessment.id,
      sceneId,
      level: LOW_SCENES.has(sceneId) ? 0 : 4,
    })
  return ok(b, 'assessments.get', { id: a.assessment.id })
}

/** What is stored about rule profiles and assignments, to show nothing changed. */
async function snapshot(b: Backend) {
  return {
    profiles: await b.db.selectFrom('referenceRuleProfiles').selectAll().orderBy('id').execute(),
    assignments: await b.db.selectFrom('syncAssignments').selectAll().execute(),
    pulls: await b.db.selectFrom('syncPulls').selectAll().execute(),
    ids: b.ctx
      .registry()
      .ruleProfiles()
      .map((p) => p.id),
  }
}

describe('rule profiles from a file (USB stick)', () => {
  it('verified, stored, offered for new assessments, scored with its own thresholds, kept across a restart', async () => {
    const server = ephemeralEd25519()
    const b = await backend()
    pin(b, server)
    const signed = sign(STRICT, server)
    const r = await ok(b, 'references.importRuleProfile', file(signed))
    expect(r.status).toBe('stored')
    expect(r.profile).toMatchObject({
      id: 'Hebi-2024-strict',
      source: 'file',
      profileSha256: ruleProfileHash(STRICT),
      publishedAt: '2026-11-27T06:00:00.000Z',
    })
    // The same file again: nothing changes.
    expect((await ok(b, 'references.importRuleProfile', file(signed))).status).toBe('present')

    const list = await ok(b, 'references.ruleProfiles')
    expect(list.items.map((p) => [p.id, p.source])).toEqual([
      ['MIIT-2024-default', 'built-in'],
      ['MIIT-2024-s9', 'built-in'],
      ['Hebi-2024-strict', 'file'],
    ])
    const cat = await ok(b, 'catalogue.get')
    expect(cat.ruleProfiles.map((p) => p.id)).toContain('Hebi-2024-strict')

    const strict = await scoredAssessment(b, 'Hebi-2024-strict', 1)
    const dflt = await scoredAssessment(b, 'MIIT-2024-default', 2)
    expect(strict.assessment.ruleProfileId).toBe('Hebi-2024-strict')
    expect(strict.result.total).toBe(100)
    expect(dflt.result.total).toBe(100)
    expect(dflt.result.level).toBe(4)
    expect(strict.result.level).toBe(3)
    expect(strict.result.levelName).toBe('三级')

    // The live list scores with it too, and completing works.
    const items = (await ok(b, 'assessments.list', {})).items
    expect(items.find((i) => i.id === strict.assessment.id)?.level).toBe(3)
    await ok(b, 'assessments.complete', { id: strict.assessment.id })

    // Restart on the same data directory: the profile and the assessment's level are still there.
    await b.close()
    const b2 = await backend(b.dataDir, b.key)
    expect(
      b2.ctx
        .registry()
        .ruleProfiles()
        .map((p) => p.id),
    ).toContain('Hebi-2024-strict')
    expect((await ok(b2, 'assessments.get', { id: strict.assessment.id })).result.level).toBe(3)
    expect((await ok(b2, 'references.ruleProfiles')).items).toHaveLength(3)
  })

  it('refuses a tampered body, another server key, the same id with other content, an invalid profile — naming the field, changing nothing', async () => {
    const server = ephemeralEd25519()
    const other = ephemeralEd25519()
    const b = await backend()
    pin(b, server)
    await ok(b, 'references.importRuleProfile', file(sign(STRICT, server)))
    const before = await snapshot(b)

    const cases: [string, unknown, RegExp][] = []
    // A threshold changed after signing (hash updated too, so only the signature can tell).
    const t = sign({ ...STRICT, id: 'Hebi-2024-t' }, server)
    const lowered = { ...t.body.profile, rules: t.body.profile.rules.map((x) => ({ ...x })) }
    lowered.rules[0]!.minScore = 70
    lowered.rules[1]!.minScore = 60
    cases.push([
      'tampered',
      { ...t, body: { ...t.body, profile: lowered, profileSha256: ruleProfileHash(lowered) } },
      /验证未通过：signature: server signature does not verify/,
    ])
    // Hash not updated: the signature still fails first (the body changed).
    cases.push([
      'tampered-hash',
      { ...t, body: { ...t.body, profile: lowered } },
      /验证未通过：signature: /,
    ])
    cases.push([
      'other key',
      sign({ ...STRICT, id: 'Hebi-2024-o' }, other),
      /验证未通过：signature\.keyId: not signed by the pinned server key/,
    ])
    const badRules = STRICT.rules.map((x) => ({ ...x }))
    badRules[1]!.minScore = 95
    cases.push([
      'invalid profile',
      sign({ ...STRICT, id: 'Hebi-2024-bad', rules: badRules }, server),
      /验证未通过：body\.profile\.rules\.1\.minScore: must not exceed the rule above \(90\)/,
    ])
    cases.push([
      'unknown field',
      sign({ ...STRICT, id: 'Hebi-2024-x', extra: 1 }, server),
      /验证未通过：body\.profile\.extra: unknown field/,
    ])
    cases.push([
      'built-in id',
      sign({ ...STRICT, id: 'MIIT-2024-default' }, server),
      /验证未通过：body\.profile\.id: 'MIIT-2024-default' is a built-in rule profile/,
    ])
    cases.push(['no body', { signature: t.signature }, /验证未通过：body: /])
    for (const [name, v, re] of cases) {
      const e = await err(b, 'references.importRuleProfile', file(v, `${name}.json`))
      expect(e, name).toMatchObject({ code: 'VALIDATION', field: 'contentBase64' })
      expect(e.message, name).toMatch(re)
    }

    // Same id, other content, correctly signed: published profiles are immutable.
    const changed = sign({ ...STRICT, version: '2' }, server)
    const e = await err(b, 'references.importRuleProfile', file(changed))
    expect(e).toMatchObject({ code: 'CONFLICT', field: 'contentBase64' })
    expect(e.message).toMatch(
      /body\.profile\.id: 'Hebi-2024-strict' is already stored with other content/,
    )

    // Not JSON, not base64.
    expect(
      await err(b, 'references.importRuleProfile', {
        fileName: 'x.json',
        contentBase64: Buffer.from('{ nope').toString('base64'),
      }),
    ).toMatchObject({ code: 'VALIDATION', field: 'contentBase64' })
    expect(
      await err(b, 'references.importRuleProfile', { fileName: 'x.json', contentBase64: '***' }),
    ).toMatchObject({ code: 'VALIDATION', field: 'contentBase64' })
    expect(
      await err(b, 'references.importRuleProfile', { fileName: '', contentBase64: '' }),
    ).toMatchObject({ code: 'VALIDATION', field: 'fileName' })
    expect(
      await err(b, 'references.importRuleProfile', {
        fileName: 'big.json',
        contentBase64: Buffer.alloc(1024 * 1024 + 1, 0x20).toString('base64'),
      }),
    ).toMatchObject({ code: 'TOO_LARGE', field: 'contentBase64' })

    // Stored profiles are immutable in the database itself.
    await expect(
      b.db
        .updateTable('referenceRuleProfiles')
        .set({ profileSha256: '0'.repeat(64) })
        .where('id', '=', 'Hebi-2024-strict')
        .execute(),
    ).rejects.toThrow(/immutable/)

    expect(await snapshot(b)).toEqual(before)
    // A profile refused is not usable for an assessment.
    const ent = await ok(b, 'enterprises.create', enterpriseInput(9))
    expect(
      await err(b, 'assessments.create', {
        enterpriseId: ent.id,
        kind: 'diagnosis',
        ruleProfileId: 'Hebi-2024-t',
        assessorName: '王评估',
        assessorAgency: '',
        assessedOn: '2026-11-27',
      }),
    ).toMatchObject({ code: 'VALIDATION', field: 'ruleProfileId' })
  })

  it('a restored backup from before the import: the registry follows the restored database', async () => {
    const server = ephemeralEd25519()
    const b = await backend()
    pin(b, server)
    const backup = await ok(b, 'backup.create', {})
    await ok(b, 'references.importRuleProfile', file(sign(STRICT, server)))
    expect(b.ctx.registry().ruleProfile('Hebi-2024-strict')).toBeDefined()
    await ok(b, 'backup.restore', { path: backup.path })
    expect(b.ctx.registry().ruleProfile('Hebi-2024-strict')).toBeUndefined()
    expect((await ok(b, 'catalogue.get')).ruleProfiles.map((p) => p.id)).not.toContain(
      'Hebi-2024-strict',
    )
    // And it can be imported again.
    expect((await ok(b, 'references.importRuleProfile', file(sign(STRICT, server)))).status).toBe(
      'stored',
    )
  })

  it('without a configured central service: a clear error naming serverUrl, nothing stored', async () => {
    const b = await backend()
    const e = await err(b, 'references.importRuleProfile', file(sign(STRICT, ephemeralEd25519())))
    expect(e).toMatchObject({ code: 'VALIDATION', field: 'serverUrl' })
    expect(e.message).toMatch(/^尚未设置中心服务：.*「签名与同步」→「中心服务」中填写中心服务地址/)
    expect(await b.db.selectFrom('referenceRuleProfiles').selectAll().execute()).toEqual([])
    expect(await ok(b, 'sync.assignments')).toEqual({ fetchedAt: null, items: [] })
    expect(await err(b, 'sync.pull')).toMatchObject({ code: 'VALIDATION', field: 'serverUrl' })
  })
})

describe('sync.pull from a real central service', () => {
  it('assignments and published profiles stored; there offline after the central stops and after a restart', async () => {
    const central = await runCentral(sqliteDb)
    let running = true
    cleanups.push(() => (running ? central.dispose() : undefined))
    const b = await backend()
    await ok(b, 'sync.configure', { serverUrl: central.url })
    // The key must be unlocked for a pull (signed requests).
    expect(await err(b, 'sync.pull')).toMatchObject({ code: 'VALIDATION', field: 'passphrase' })
    const k = await ok(b, 'keys.create', { passphrase: 'correct horse 1' })
    await ok(b, 'sync.register', { name: '王评估' })
    await setKeyStatus(central.ctx, k.key!.keyId, 'approved')

    const csv = join(central.dataDir, 'assignments.csv')
    writeFileSync(
      csv,
      [
        'assessorKeyId,enterpriseId,enterpriseName,uscc,county,industry,batch,kind',
        `${k.key!.keyId},E-001,鹤壁甲电子有限公司,${enterpriseInput(11).uscc},淇滨区,electrical_electronics,1,diagnosis`,
        `${k.key!.keyId},E-002,鹤壁乙机械有限公司,,浚县,,,`,
        `${'0'.repeat(64)},E-999,别人的企业,,,,,`,
      ].join('\n') + '\n',
    )
    expect(await loadAssignments(central.ctx, csv)).toBe(3)
    const pub = await publishRuleProfile(central.ctx, STRICT)
    expect(pub.status).toBe('published')

    const r = await ok(b, 'sync.pull')
    expect(r).toMatchObject({
      assignments: 2,
      ruleProfiles: { stored: ['Hebi-2024-strict'], present: [], refused: [] },
    })
    // Again: the profile is already there; the assignment list is replaced (fetchedAt moves).
    const r2 = await ok(b, 'sync.pull')
    expect(r2.fetchedAt >= r.fetchedAt).toBe(true)
    expect(r2.ruleProfiles).toEqual({
      stored: [],
      present: ['Hebi-2024-strict'],
      refused: [],
    })
    const listed = await ok(b, 'references.ruleProfiles')
    expect(listed.items.find((p) => p.id === 'Hebi-2024-strict')).toMatchObject({
      source: 'central',
      profileSha256: ruleProfileHash(STRICT),
      publishedAt: pub.signed.body.publishedAt,
    })
    const strict = await scoredAssessment(b, 'Hebi-2024-strict', 12)
    expect(strict.result.level).toBe(3)

    // The signed bundle of an assessment under the pulled profile verifies and is delivered.
    await ok(b, 'assessments.complete', { id: strict.assessment.id })
    const bundle = await ok(b, 'bundles.create', { assessmentId: strict.assessment.id })
    expect(bundle.level).toBe(3)
    expect(await ok(b, 'sync.run', {})).toMatchObject({ accepted: 1, rejected: 0 })

    // Outside the app (`npm run assess -- verify`): the bundle needs the published profile,
    // given as the file `export-rule-profile` writes, checked against the central's key.
    const dir = join(b.dataDir, 'cli')
    mkdirSync(dir)
    const bundleFile = join(dir, 'b.dlbundle')
    const exported = await ok(b, 'bundles.export', { bundleId: bundle.bundleId })
    writeFileSync(bundleFile, Buffer.from(exported.contentBase64, 'base64'))
    const profileFile = join(dir, 'Hebi-2024-strict.json')
    writeFileSync(
      profileFile,
      JSON.stringify(await exportRuleProfile(central.ctx, 'Hebi-2024-strict'), null, 2),
    )
    const serverKeyFile = join(dir, 'server-key.json')
    writeFileSync(serverKeyFile, JSON.stringify(central.ctx.serverKey.info))
    const otherKeyFile = join(dir, 'other-key.json')
    writeFileSync(otherKeyFile, JSON.stringify(ephemeralEd25519().info))
    const without = await cli([bundleFile])
    expect(without.code).toBe(2)
    expect(without.err).toMatch(/ruleProfile: unknown rule profile "?'?Hebi-2024-strict/)
    const withProfile = await cli([
      bundleFile,
      '--rule-profile',
      profileFile,
      '--server-key',
      serverKeyFile,
    ])
    expect(withProfile).toMatchObject({ code: 0 })
    expect(withProfile.out).toMatch(/^valid: bundle /)
    const otherKey = await cli([
      bundleFile,
      '--rule-profile',
      profileFile,
      '--server-key',
      otherKeyFile,
    ])
    expect(otherKey.code).toBe(2)
    expect(otherKey.err).toMatch(/signature\.keyId: not signed by the pinned server key/)

    // `npm run assess -- score` takes the same flags for the assessment file itself.
    const assessmentFile = join(dir, 'assessment.json')
    const assessment = readManifest(Buffer.from(exported.contentBase64, 'base64')).assessment
    writeFileSync(assessmentFile, JSON.stringify(assessment))
    const unscored = await cli([assessmentFile, '--json'], scoreCommand)
    expect(unscored.code).toBe(2)
    expect(unscored.err).toMatch(/ruleProfile: unknown rule profile/)
    const scored = await cli(
      [assessmentFile, '--json', '--rule-profile', profileFile, '--server-key', serverKeyFile],
      scoreCommand,
    )
    expect(scored.code).toBe(0)
    expect(JSON.parse(scored.out)).toMatchObject({ level: 3, ruleProfile: 'Hebi-2024-strict' })
    writeFileSync(
      assessmentFile,
      JSON.stringify({ ...assessment, ruleProfile: MIIT_2024_DEFAULT.id }),
    )
    expect(JSON.parse((await cli([assessmentFile, '--json'], scoreCommand)).out).level).toBe(4)

    await central.dispose()
    running = false
    const offline = await ok(b, 'sync.assignments')
    expect(offline.fetchedAt).toBe(r2.fetchedAt)
    expect(offline.items.map((a) => [a.enterpriseId, a.enterpriseName, a.batch])).toEqual([
      ['E-001', '鹤壁甲电子有限公司', 1],
      ['E-002', '鹤壁乙机械有限公司', null],
    ])
    // Pulling now fails and changes nothing.
    const before = await snapshot(b)
    expect(await err(b, 'sync.pull')).toMatchObject({ code: 'CONFLICT', field: 'serverUrl' })
    expect(await snapshot(b)).toEqual(before)

    await b.close()
    const b2 = await backend(b.dataDir, b.key)
    expect(await ok(b2, 'sync.assignments')).toEqual(offline)
    expect((await ok(b2, 'assessments.get', { id: strict.assessment.id })).result.level).toBe(3)
    expect((await ok(b2, 'catalogue.get')).ruleProfiles.map((p) => p.id)).toContain(
      'Hebi-2024-strict',
    )
  })
  it('another central service (re-configured) publishing the same id with other content: refused and reported, the rest taken', async () => {
    const a = await runCentral(sqliteDb)
    cleanups.push(() => a.dispose())
    const c2 = await runCentral(sqliteDb)
    cleanups.push(() => c2.dispose())
    const b = await backend()
    const k = await ok(b, 'keys.create', { passphrase: 'correct horse 1' })
    for (const c of [a, c2]) {
      await ok(b, 'sync.configure', { serverUrl: c.url })
      await ok(b, 'sync.register', { name: '王评估' })
      await setKeyStatus(c.ctx, k.key!.keyId, 'approved')
    }
    await publishRuleProfile(a.ctx, STRICT)
    await publishRuleProfile(c2.ctx, { ...STRICT, version: '2', title: '另一中心的同名规则' })
    await publishRuleProfile(c2.ctx, { ...STRICT, id: 'Hebi-2024-b' })

    await ok(b, 'sync.configure', { serverUrl: a.url })
    expect((await ok(b, 'sync.pull')).ruleProfiles.stored).toEqual(['Hebi-2024-strict'])
    const before = await b.db.selectFrom('referenceRuleProfiles').selectAll().execute()

    await ok(b, 'sync.configure', { serverUrl: c2.url })
    const r = await ok(b, 'sync.pull')
    expect(r.ruleProfiles.stored).toEqual(['Hebi-2024-b'])
    expect(r.ruleProfiles.present).toEqual([])
    expect(r.ruleProfiles.refused).toHaveLength(1)
    expect(r.ruleProfiles.refused[0]).toMatchObject({
      id: 'Hebi-2024-strict',
      field: 'body.profile.id',
    })
    expect(r.ruleProfiles.refused[0]!.message).toMatch(/already stored with other content/)
    // The stored Hebi-2024-strict is the first one, unchanged.
    const after = await b.db.selectFrom('referenceRuleProfiles').selectAll().orderBy('id').execute()
    expect(after.map((x) => x.id)).toEqual(['Hebi-2024-b', 'Hebi-2024-strict'])
    expect(after.find((x) => x.id === 'Hebi-2024-strict')).toEqual(before[0])
    expect(b.ctx.registry().ruleProfile('Hebi-2024-strict')?.title).toBe(STRICT.title)
  })
})
