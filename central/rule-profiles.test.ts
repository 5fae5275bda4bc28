/**
 * Issue 5 §3, the central side: the administrator publishes a city rule profile, the server signs
 * it with its receipt key and serves it; bundles that name it are scored with it. Runs on SQLite
 * and on the PostgreSQL the global setup starts; the CLI itself is run once as a real process.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { fromBase64 } from '../shared/domain/bundle/codec'
import { canonicalBytes } from '../shared/domain/bundle/manifest'
import type { PublicKeyInfo } from '../shared/domain/bundle/types'
import { getCatalogue } from '../shared/domain/catalogue'
import { MIIT_2024_DEFAULT } from '../shared/domain/levels/rule-profiles'
import {
  checkSignedRuleProfile,
  ruleProfileHash,
  type PublishedCheck,
  type SignedRuleProfile,
} from '../shared/domain/reference'
import {
  AdminError,
  exportRuleProfile,
  importBundleFile,
  listRuleProfiles,
  publishRuleProfile,
  publishRuleProfileFile,
} from './admin'
import { bundledScript } from '../test/support/node-script'
import { keyIdOf, verifySignature } from './crypto'
import {
  ROOT,
  exampleAssessment,
  makeBundle,
  registeredClient,
  runCentral,
  refused,
  TEST_DATABASES,
  type RunningCentral,
} from './testing/fixtures'

/**
 * A city profile under which the example diagnosis (56.15 points; SC07, SC13, SC15 at level 3,
 * two of them 约束性) is 三级, where MIIT-2024-default gives 二级 (三级 needs 60 points, 8 scenes).
 */
function cityProfile(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'Hebi-2024-xcl',
    catalogueId: 'MIIT-2024',
    title: '鹤壁市新材料细分行业等级规则（测试用）',
    version: '1',
    rules: [
      { level: 4, minScore: 80, minScenes: 10, minConstrainedScenes: 6 },
      { level: 3, minScore: 55, minScenes: 3, minConstrainedScenes: 2 },
      { level: 2, minScore: 40, minScenes: 3, minConstrainedScenes: 2 },
      { level: 1, minScore: 20, minScenes: 3, minConstrainedScenes: 2 },
    ],
    constrainedScenes: [...MIIT_2024_DEFAULT.constrainedScenes],
    ...over,
  }
}

function checker(serverKey: PublicKeyInfo): (raw: unknown) => PublishedCheck {
  return (raw) =>
    checkSignedRuleProfile(raw, {
      serverKeyId: serverKey.keyId,
      verify: (body, sig) => {
        const bytes = fromBase64(sig.signature)
        return !!bytes && verifySignature(serverKey, canonicalBytes(body), bytes)
      },
      catalogueOf: getCatalogue,
    })
}

async function adminError(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (e) {
    if (e instanceof AdminError) return e.message
    throw e
  }
  throw new Error('expected an AdminError')
}

describe.each(TEST_DATABASES)('published rule profiles on $name', (database) => {
  let c: RunningCentral
  beforeEach(async () => {
    c = await runCentral(database)
  })
  afterEach(async () => {
    await c.dispose()
  })

  it('publishes, lists and serves a profile signed by the server key; a changed byte fails the check', async () => {
    const r = await publishRuleProfile(c.ctx, cityProfile(), 'hebi.json')
    expect(r.status).toBe('published')
    const expectedHash = ruleProfileHash(r.signed.body.profile)
    expect(r.signed.body).toEqual({
      format: 'sme-dl-rule-profile/v1',
      profile: cityProfile(),
      profileSha256: expectedHash,
      publishedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      serverKeyId: c.ctx.serverKey.info.keyId,
    })

    expect(
      (await listRuleProfiles(c.ctx)).map((p) => [p.id, p.source, p.hash, p.publishedAt]),
    ).toEqual([
      ['MIIT-2024-default', 'built-in', ruleProfileHash(MIIT_2024_DEFAULT), null],
      ['MIIT-2024-s9', 'built-in', expect.stringMatching(/^[0-9a-f]{64}$/), null],
      ['Hebi-2024-xcl', 'published', expectedHash, r.signed.body.publishedAt],
    ])

    const { client } = await registeredClient(c)
    const serverKey = await client.serverKey()
    expect(serverKey.keyId).toBe(c.ctx.serverKey.info.keyId)
    const res = await client.ruleProfiles()
    expect(res.builtIn).toEqual([
      { id: 'MIIT-2024-default', hash: ruleProfileHash(MIIT_2024_DEFAULT) },
      { id: 'MIIT-2024-s9', hash: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ])
    expect(res.published).toHaveLength(1)
    const served = res.published[0] as SignedRuleProfile
    // The signature verifies with the server key over the canonical body bytes …
    expect(
      verifySignature(
        serverKey,
        canonicalBytes(served.body),
        fromBase64(served.signature.signature)!,
      ),
    ).toBe(true)
    // … and the client-side check accepts it.
    const check = checker(serverKey)
    const ok = check(served)
    expect(ok.ok).toBe(true)
    expect(ok.ok && ok.value.body.profile.rules[1]!.minScore).toBe(55)
    expect(await client.ruleProfile('Hebi-2024-xcl')).toEqual(served)
    expect(await exportRuleProfile(c.ctx, 'Hebi-2024-xcl')).toEqual(served)

    // One changed byte in the profile (55 → 56 points for 三级): the signature no longer holds.
    const text = JSON.stringify(served)
    expect(text).toContain('"minScore":55')
    const changed = JSON.parse(text.replace('"minScore":55', '"minScore":56')) as unknown
    expect(check(changed)).toEqual({
      ok: false,
      field: 'signature',
      message: 'server signature does not verify',
    })
    const retitled = JSON.parse(text.replace('测试用', '测试甲')) as unknown
    expect(check(retitled)).toMatchObject({ ok: false, field: 'signature' })

    const e404 = await refused(client.ruleProfile('Hebi-2024-nope'))
    expect([e404.status, e404.code]).toEqual([404, 'not-found'])
    const eBuiltIn = await refused(client.ruleProfile('MIIT-2024-default'))
    expect(eBuiltIn.reason).toMatch(/built into the app/)
  })

  it('same content again is a no-op; other content under the id, a built-in id and a bad file are refused naming the field', async () => {
    const first = await publishRuleProfile(c.ctx, cityProfile(), 'hebi.json')
    // Keys in another order, same content: the same profile.
    const reordered = Object.fromEntries(Object.entries(cityProfile()).reverse())
    const again = await publishRuleProfile(c.ctx, reordered, 'hebi.json')
    expect(again).toEqual({ status: 'unchanged', signed: first.signed })
    const rows = await c.ctx.db.selectFrom('published_rule_profiles').selectAll().execute()
    expect(rows).toHaveLength(1)

    const other = cityProfile({ title: '鹤壁市新材料细分行业等级规则（修订）' })
    const msg = await adminError(publishRuleProfile(c.ctx, other, 'hebi2.json'))
    expect(msg).toContain(
      `hebi2.json: id: 'Hebi-2024-xcl' was published on ${first.signed.body.publishedAt} with other content (SHA-256 ${first.signed.body.profileSha256.slice(0, 12)}…`,
    )
    expect(msg).toMatch(
      /; published profiles are immutable: publish a new id, e\.g\. Hebi-2024-xcl-v2$/,
    )
    await publishRuleProfile(c.ctx, cityProfile({ id: 'Hebi-2024-xcl-v2' }), 'v2.json')
    expect(
      await adminError(
        publishRuleProfile(c.ctx, cityProfile({ id: 'Hebi-2024-xcl-v2', version: '2' }), 'x'),
      ),
    ).toMatch(/'Hebi-2024-xcl-v2' was published .* e\.g\. Hebi-2024-xcl-v3$/)

    expect(
      await adminError(
        publishRuleProfile(c.ctx, cityProfile({ id: 'MIIT-2024-default' }), 'd.json'),
      ),
    ).toBe(
      "d.json: id: 'MIIT-2024-default' is a built-in rule profile of this version; published profiles are immutable: publish a new id, e.g. MIIT-2024-default-v2",
    )

    const dir = mkdtempSync(join(tmpdir(), 'dl-rp-'))
    const bad = join(dir, 'bad.json')
    const p = cityProfile()
    ;(p['rules'] as { minScore: number }[])[1]!.minScore = 90
    writeFileSync(bad, JSON.stringify(p))
    expect(await adminError(publishRuleProfileFile(c.ctx, bad))).toBe(
      `${bad}: rules.1.minScore: must not exceed the rule above (80)`,
    )
    writeFileSync(bad, JSON.stringify(cityProfile({ constrainedScenes: ['SC01', 'SC99'] })))
    expect(await adminError(publishRuleProfileFile(c.ctx, bad))).toBe(
      `${bad}: constrainedScenes.1: 'SC99' is not a scene of MIIT-2024`,
    )
    writeFileSync(bad, JSON.stringify(cityProfile({ extra: 1 })))
    expect(await adminError(publishRuleProfileFile(c.ctx, bad))).toBe(
      `${bad}: extra: unknown field`,
    )
    writeFileSync(bad, '{"id": "x",')
    expect(await adminError(publishRuleProfileFile(c.ctx, bad))).toMatch(
      new RegExp(`^${bad.replace(/[.]/g, '\\.')}: not valid JSON`),
    )
    // Nothing refused was stored.
    expect(
      (
        await c.ctx.db.selectFrom('published_rule_profiles').select('id').orderBy('id').execute()
      ).map((r) => r.id),
    ).toEqual(['Hebi-2024-xcl', 'Hebi-2024-xcl-v2'])
    expect(await adminError(exportRuleProfile(c.ctx, 'MIIT-2024-s9'))).toMatch(/built-in/)
    expect(await adminError(exportRuleProfile(c.ctx, 'Hebi'))).toBe(
      "ID: no published rule profile 'Hebi' (published: Hebi-2024-xcl, Hebi-2024-xcl-v2)",
    )
  })

  it('scores a pushed or imported bundle under the published profile it names; an unpublished one is refused', async () => {
    const { client, signer } = await registeredClient(c)
    const cityAssessment = (): Record<string, unknown> => ({
      ...exampleAssessment(),
      ruleProfile: 'Hebi-2024-xcl',
    })
    // Before publishing, the profile is unknown here: refused naming ruleProfile.
    const early = makeBundle({ signer, assessment: cityAssessment() })
    const e = await refused(client.pushBundle(early.manifest, early.signature))
    expect([e.status, e.code]).toEqual([422, 'invalid-bundle'])
    expect(e.reason).toMatch(
      /^manifest\.json assessment: ruleProfile: unknown rule profile 'Hebi-2024-xcl' for MIIT-2024 \(known: MIIT-2024-default, MIIT-2024-s9\)$/,
    )
    const imported = await importBundleFile(c.ctx, early.bytes)
    expect(imported.ok).toBe(false)
    expect(!imported.ok && imported.body.reason).toMatch(/^manifest\.json assessment: ruleProfile:/)
    expect(await c.ctx.db.selectFrom('bundles').select('bundle_id').execute()).toEqual([])

    await publishRuleProfile(c.ctx, cityProfile(), 'hebi.json')
    const pushed = makeBundle({ signer, assessment: cityAssessment() })
    expect((await client.pushBundle(pushed.manifest, pushed.signature)).status).toBe('accepted')
    const file = makeBundle({ signer, assessment: cityAssessment() })
    const r = await importBundleFile(c.ctx, file.bytes)
    expect(r.ok && r.body.status).toBe('accepted')
    const plain = makeBundle({ signer })
    expect((await client.pushBundle(plain.manifest, plain.signature)).status).toBe('accepted')

    const levels = new Map(
      (
        await c.ctx.db.selectFrom('bundles').select(['bundle_id', 'level', 'total_milli']).execute()
      ).map((x) => [x.bundle_id, [Number(x.level), Number(x.total_milli)]]),
    )
    expect(levels.get(pushed.manifest.bundleId)).toEqual([3, 56150])
    expect(levels.get(file.manifest.bundleId)).toEqual([3, 56150])
    expect(levels.get(plain.manifest.bundleId)).toEqual([2, 56150])
    // Pushed again: the same receipt (the published profile is still known).
    expect((await client.pushBundle(pushed.manifest, pushed.signature)).status).toBe(
      'already-accepted',
    )
    // Another profile that nobody published is still refused.
    const other = makeBundle({
      signer,
      assessment: { ...exampleAssessment(), ruleProfile: 'Hebi-2024-xcl-v2' },
    })
    const e2 = await refused(client.pushBundle(other.manifest, other.signature))
    expect(e2.reason).toMatch(/ruleProfile: unknown rule profile 'Hebi-2024-xcl-v2'/)
  })
})

describe('npm run central -- publish-rule-profile / rule-profiles / export-rule-profile', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dl-central-cli-'))
  // central/main.ts bundled once (test/support/node-script.ts): no tsx compile per process
  let main = ''
  beforeAll(async () => {
    main = await bundledScript('central/main.ts')
  })
  const run = (...args: string[]): { code: number | null; out: string; err: string } => {
    const p = spawnSync(process.execPath, [main, ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CENTRAL_DATA_DIR: dataDir, DATABASE_URL: '' },
    })
    return { code: p.status, out: p.stdout, err: p.stderr }
  }

  it('publishes from a file, says so when nothing changed, lists, exports, and exits 2 naming the field', () => {
    const file = join(dataDir, 'hebi.json')
    writeFileSync(file, JSON.stringify(cityProfile(), null, 2))
    const p1 = run('publish-rule-profile', file)
    expect(p1.err).toBe('')
    expect(p1.out).toMatch(
      /^已发布 \/ published: Hebi-2024-xcl \(鹤壁市新材料细分行业等级规则（测试用）\) SHA-256 [0-9a-f]{12}… at /,
    )
    expect(p1.code).toBe(0)
    const p2 = run('publish-rule-profile', file)
    expect([p2.code, p2.out]).toEqual([
      0,
      expect.stringMatching(
        /^未变更 \/ unchanged: Hebi-2024-xcl was already published with the same content/,
      ),
    ])

    const bad = join(dataDir, 'bad.json')
    const p = cityProfile({ id: 'Hebi-2024-bad' })
    ;(p['rules'] as { minScore: number }[])[1]!.minScore = 90
    writeFileSync(bad, JSON.stringify(p))
    const p3 = run('publish-rule-profile', bad)
    expect([p3.code, p3.err]).toEqual([
      2,
      `error: ${bad}: rules.1.minScore: must not exceed the rule above (80)\n`,
    ])
    const p4 = run('publish-rule-profile', join(dataDir, 'changed.json'))
    expect(p4.code).toBe(2)
    writeFileSync(bad, JSON.stringify(cityProfile({ version: '2' })))
    const p5 = run('publish-rule-profile', bad)
    expect(p5.code).toBe(2)
    expect(p5.err).toMatch(/e\.g\. Hebi-2024-xcl-v2\n$/)

    const list = run('rule-profiles')
    expect(list.code).toBe(0)
    expect(
      list.out
        .trim()
        .split('\n')
        .map((l) => l.split(/\s+/).slice(0, 2)),
    ).toEqual([
      ['MIIT-2024-default', 'built-in'],
      ['MIIT-2024-s9', 'built-in'],
      ['Hebi-2024-xcl', 'published'],
    ])

    const out = join(dataDir, 'Hebi-2024-xcl.signed.json')
    const ex = run('export-rule-profile', 'Hebi-2024-xcl', '-o', out)
    expect([ex.code, ex.err]).toEqual([0, ''])
    const signed = JSON.parse(readFileSync(out, 'utf8')) as SignedRuleProfile
    // written through the durable helper (node/fs-durable.ts): private, no temp file left
    expect(statSync(out).mode & 0o777).toBe(0o600)
    expect(readdirSync(dataDir).filter((n) => n.includes('.tmp'))).toEqual([])
    // a target the rename cannot replace (a directory): exit 2 naming the file, no temp file stays
    const taken = join(dataDir, 'taken')
    mkdirSync(taken)
    const busy = run('export-rule-profile', 'Hebi-2024-xcl', '-o', taken)
    expect(busy.code).toBe(2)
    expect(busy.err).toMatch(/taken: cannot write \(/)
    expect(readdirSync(dataDir).filter((n) => n.includes('.tmp') || n.startsWith('taken'))).toEqual(
      ['taken'],
    )
    // The server's public key, derived by openssl from the key file in the data directory.
    const pem = join(dataDir, 'server-pub.pem')
    execFileSync('openssl', [
      'pkey',
      '-in',
      join(dataDir, 'server-key.pem'),
      '-pubout',
      '-out',
      pem,
    ])
    const publicKeyPem = readFileSync(pem, 'utf8')
    const keyId = keyIdOf({ algorithm: 'Ed25519', publicKeyPem })
    expect(checker({ keyId, algorithm: 'Ed25519', publicKeyPem })(signed).ok).toBe(true)
    // openssl verifies the Ed25519 signature over the canonical body bytes on its own.
    writeFileSync(join(dataDir, 'body.bin'), canonicalBytes(signed.body))
    writeFileSync(join(dataDir, 'sig.bin'), fromBase64(signed.signature.signature)!)
    const verify = (body: string): string =>
      spawnSync(
        'openssl',
        [
          'pkeyutl',
          '-verify',
          '-pubin',
          '-inkey',
          pem,
          '-rawin',
          '-in',
          body,
          '-sigfile',
          join(dataDir, 'sig.bin'),
        ],
        { encoding: 'utf8' },
      ).stdout
    expect(verify(join(dataDir, 'body.bin'))).toMatch(/Signature Verified Successfully/)
    writeFileSync(
      join(dataDir, 'body2.bin'),
      canonicalBytes({ ...signed.body, publishedAt: '2026-11-27T06:00:01.000Z' }),
    )
    expect(verify(join(dataDir, 'body2.bin'))).not.toMatch(/Signature Verified Successfully/)
    expect(run('export-rule-profile', 'Hebi-2024-xcl').code).toBe(2)
    // eight real processes, each loading tsx: on a loaded 2-core machine 60 s is not enough
  }, 300_000)
})
