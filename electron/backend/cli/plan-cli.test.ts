/**
 * `npm run assess -- plan` (issue 13 item 4): in-process (the command's run function with a fake
 * stdout, and the whole command line through runCli); its real-process smoke test is in
 * smoke.test.ts.
 */
import { generateKeyPairSync, sign as nodeSign } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { toBase64 } from '../../../shared/domain/bundle/codec'
import { canonicalBytes } from '../../../shared/domain/bundle/manifest'
import { parseAssessmentFile, resolveFile } from '../../../shared/domain/assessment-file'
import {
  MIIT_2024_MEASURES,
  measuresHash,
  productsHash,
  verifySteps,
  type MeasuresLibrary,
  type ProductCatalogue,
} from '../../../shared/domain/plan'
import { keyIdOf, sha256Hex } from '../crypto/node-crypto'
import { CliError } from './cli-error'
import { planCommand } from './plan'
import { runCli } from './test-cli'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
const ex = (f: string) => join(root, 'examples', f)
const L1 = ex('diagnosis-level1-qixian-shipin.json')
const tmp = mkdtempSync(join(tmpdir(), 'plan-cli-'))

async function run(
  ...args: string[]
): Promise<{ code: number; out: string; err: string } | { code: 2; error: string }> {
  let out = ''
  let err = ''
  try {
    const code = await planCommand.run(args, {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (err += s) },
      env: {},
    })
    return { code, out, err }
  } catch (e) {
    if (e instanceof CliError) return { code: 2, error: e.message }
    throw e
  }
}
async function json(...args: string[]): Promise<Record<string, unknown>> {
  const r = await run(...args, '--json')
  if (!('out' in r)) throw new Error(r.error)
  const lines = r.out.trimEnd().split('\n')
  expect(lines).toHaveLength(1)
  return JSON.parse(lines[0]!) as Record<string, unknown>
}
async function userError(...args: string[]): Promise<string> {
  const r = await run(...args)
  if ('out' in r) throw new Error(`expected an error, got exit ${r.code}: ${r.out}`)
  expect(r.error.split('\n')).toHaveLength(1)
  return r.error
}
function write(name: string, content: unknown): string {
  const p = join(tmp, name)
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content))
  return p
}
function fileOf(path: string) {
  const p = parseAssessmentFile(readFileSync(path, 'utf8'))
  if (!p.ok) throw new Error(p.error)
  return p.value
}

/** A server key and a signed document as `npm run central -- export-…` writes them. */
const { publicKey, privateKey } = generateKeyPairSync('ed25519')
const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString()
const serverKey = { algorithm: 'Ed25519' as const, publicKeyPem }
const keyId = keyIdOf(serverKey)
function signed(body: Record<string, unknown>): unknown {
  const b = { ...body, publishedAt: '2026-12-01T08:00:00.000Z', serverKeyId: keyId }
  const bytes = canonicalBytes(b)
  return {
    body: b,
    signature: {
      algorithm: 'Ed25519',
      keyId,
      signature: toBase64(nodeSign(null, bytes, privateKey)),
      signedBytesSha256: sha256Hex(bytes),
    },
  }
}

describe('assess plan --json', () => {
  it('the issue 13 shape: target, reachable, steps with the complete value after, after, effort', async () => {
    const o = await json(L1, '--target', '2')
    expect(Object.keys(o).slice(0, 5)).toEqual(['target', 'reachable', 'steps', 'after', 'effort'])
    expect(o).toMatchObject({
      target: 2,
      reachable: true,
      before: { total: 27.8, level: 1 },
      indicative: true,
      obstacles: [],
      ruleProfile: 'MIIT-2024-default',
      measures: { id: 'MIIT-2024-measures-v1', version: '1', hash: MIIT_2024_MEASURES.hash },
      products: null,
      enterprise: '淇县淇河源食品有限公司（虚构示例）',
    })
    const steps = o['steps'] as Record<string, unknown>[]
    for (const s of steps) {
      expect(Object.keys(s)[0]).toBe('item')
      expect(Object.keys(s)[1]).toBe(String(s['item']).startsWith('Q') ? 'answer' : 'level')
    }
    expect(steps.map((s) => [s['item'], s['answer'] ?? s['level']])).toEqual([
      ['Q07', ['B']],
      ['Q09', ['B', 'C', 'D', 'E']],
      ['Q10', ['B', 'C', 'D', 'E', 'F']],
      ['SC03', 2],
      ['SC04', 2],
      ['SC14', 2],
    ])
    // Re-scoring the file with the steps applied gives `after`, and no step can be dropped.
    const f = fileOf(L1)
    const { pinned, profile } = resolveFile(f)
    const proof = verifySteps(
      { pinned, profile, answers: f.answers, scenes: f.scenes, target: 2 },
      steps.map((s) => ({
        item: s['item'] as string,
        kind: s['kind'] as 'question',
        ...(s['answer'] !== undefined ? { answer: s['answer'] as string[] } : {}),
        ...(s['level'] !== undefined ? { level: s['level'] as 2 } : {}),
        before: null,
        gain: 0,
        effort: 0,
        costYuan: { min: 0, max: 0 },
        weeks: { min: 0, max: 0 },
        measures: [],
      })),
    )
    expect(o['after']).toEqual({ total: proof.after.total, level: proof.after.level })
    expect(proof.meets).toBe(true)
    expect(proof.droppable).toEqual([])
    expect(o['effort']).toBe(steps.reduce((n, s) => n + (s['effort'] as number), 0))
    const q07 = steps[0]!
    expect(q07).toMatchObject({ kind: 'question', before: ['A'], options: ['B'], gain: 1.25 })
    expect((q07['measures'] as { title: string }[])[0]!.title).toBe('制定数据安全管理制度')
  })

  it('every example, 二级 and 三级: reachable, after ≥ target', async () => {
    for (const f of [
      'diagnosis-level2-qibin-dianqi.json',
      'acceptance-level3-shancheng-xincailiao.json',
      'draft-incomplete-xunxian-shipin.json',
    ])
      for (const t of [2, 3]) {
        const o = await json(ex(f), '--target', String(t))
        expect(o['reachable'], f).toBe(true)
        expect((o['after'] as { level: number }).level, f).toBeGreaterThanOrEqual(t)
      }
    expect((await json(ex('draft-incomplete-xunxian-shipin.json'), '-t', '2'))['provisional']).toBe(
      true,
    )
  })

  it('--exclude makes a target unreachable and says why', async () => {
    const qs = Array.from({ length: 15 }, (_, i) => `Q${String(i + 1).padStart(2, '0')}`)
    const o = await json(
      L1,
      '--target',
      '2',
      '--exclude',
      qs.slice(0, 8).join(','),
      '--exclude',
      qs.slice(8).join(','),
    )
    expect(o).toMatchObject({
      reachable: false,
      steps: [],
      after: { total: 27.8, level: 1 },
      obstacles: [{ condition: 'score', text: '总分最多可达 27.8 分，二级需 40 分' }],
    })
    expect((o['excluded'] as string[]).length).toBe(15)
  })

  it('--measures: a city library (plain JSON or the signed export checked with --server-key) changes the plan', async () => {
    // The city makes the management-system options dear: the plan moves elsewhere.
    const lib: MeasuresLibrary = structuredClone(MIIT_2024_MEASURES.library)
    lib.id = 'Hebi-2024-measures'
    for (const e of lib.entries) if (e.item === 'Q09' || e.item === 'Q10') e.effort = 90
    const plain = write('city-measures.json', lib)
    const o = await json(L1, '--target', '2', '--measures', plain)
    expect(o['measures']).toMatchObject({ id: 'Hebi-2024-measures', hash: measuresHash(lib) })
    const items = (o['steps'] as { item: string }[]).map((s) => s.item)
    expect(items).not.toContain('Q09')
    expect(items).not.toContain('Q10')

    const signedFile = write(
      'city-measures.signed.json',
      signed({ format: 'sme-dl-measures/v1', library: lib, librarySha256: measuresHash(lib) }),
    )
    const keyFile = write('server-key.pem', publicKeyPem)
    const o2 = await json(L1, '--target', '2', '--measures', signedFile, '--server-key', keyFile)
    expect(o2['steps']).toEqual(o['steps'])
    // A changed byte in the signed library: refused naming the field.
    const tampered = write(
      'tampered.json',
      readFileSync(signedFile, 'utf8').replace('"effort":90', '"effort":1'),
    )
    expect(
      await userError(L1, '--target', '2', '--measures', tampered, '--server-key', keyFile),
    ).toBe(`--measures ${tampered}: signature: server signature does not verify`)
    const { publicKey: other } = generateKeyPairSync('ed25519')
    const otherKey = write('other.pem', other.export({ type: 'spki', format: 'pem' }).toString())
    expect(await userError(L1, '-t', '2', '--measures', signedFile, '--server-key', otherKey)).toBe(
      `--measures ${signedFile}: signature.keyId: not signed by the pinned server key`,
    )
    expect(await userError(L1, '-t', '2', '--measures', plain, '--server-key', keyFile)).toMatch(
      /not a signed file/,
    )
    const broken = structuredClone(lib)
    broken.entries.pop()
    expect(await userError(L1, '-t', '2', '--measures', write('broken.json', broken))).toMatch(
      /^--measures .*broken\.json: entries: missing 1 entry: SC16@4$/,
    )
  })

  it('--products: matching products per step, signed or plain', async () => {
    const products: ProductCatalogue = {
      id: 'Hebi-products-test',
      catalogueId: 'MIIT-2024',
      title: '测试产品目录',
      indicative: true,
      products: [
        {
          code: 'P1',
          name: '轻量CRM（虚构）',
          provider: '某软件公司（虚构）',
          scenes: [{ scene: 'SC03', levels: [2, 3] }],
          questions: [],
          priceYuan: { min: 20000, max: 60000 },
          contact: '张工',
        },
        {
          code: 'P2',
          name: '数据备份一体机（虚构）',
          provider: '某安全公司（虚构）',
          scenes: [],
          questions: [{ question: 'Q07', options: ['C'] }],
          priceYuan: { min: 30000, max: 90000 },
          contact: '王工',
        },
      ],
    }
    const file = write(
      'products.signed.json',
      signed({ format: 'sme-dl-products/v1', products, productsSha256: productsHash(products) }),
    )
    const keyFile = write('server-key2.pem', publicKeyPem)
    const o = await json(L1, '--target', '2', '--products', file, '--server-key', keyFile)
    expect(o['products']).toEqual({ id: 'Hebi-products-test', sha256: productsHash(products) })
    const steps = o['steps'] as { item: string; products: { code: string }[] }[]
    expect(steps.find((s) => s.item === 'SC03')!.products.map((p) => p.code)).toEqual(['P1'])
    expect(steps.find((s) => s.item === 'Q07')!.products).toEqual([]) // adds B, not C
    const text = await run(L1, '--target', '2', '--products', write('products.json', products))
    expect('out' in text && text.out).toMatch(
      /推荐产品：轻量CRM（虚构）（某软件公司（虚构），参考价 20,000–60,000 元）/,
    )
  })
})

describe('assess plan (Chinese text)', () => {
  it('a readable plan with its figures marked 参考', async () => {
    const r = await run(L1, '--target', '2')
    expect('out' in r && r.code).toBe(0)
    if (!('out' in r)) return
    expect(r.err).toBe('')
    expect(r.out).toMatch(/^一企一策改造方案：淇县淇河源食品有限公司（虚构示例）\n/)
    expect(r.out).toContain('现状：27.8 分，一级')
    expect(r.out).toContain('方案实施后：40.675 分，二级')
    expect(r.out).toContain('参考费用合计')
    expect(r.out).toContain('说明：措施为通用参考')
    const met = await run(ex('acceptance-level3-shancheng-xincailiao.json'), '--target', '3')
    expect('out' in met && met.out).toContain('已达到三级，无需改造步骤。')
  })
})

describe('assess plan: bad input is one line naming the field (exit 2)', () => {
  it.each([
    [[L1], /^--target: required \(2, 3 or 4\); usage: /],
    [[L1, '--target', '5'], /^--target: must be 1, 2, 3 or 4, got '5'$/],
    [[L1, '--target', 'two'], /^--target: must be 1, 2, 3 or 4, got 'two'$/],
    [['--target', '2'], /^plan: no file given; usage: /],
    [[L1, L1, '--target', '2'], /^plan: one file at a time; usage: /],
    [[L1, '--target', '2', '--bogus'], /^unknown option --bogus; usage: /],
    [[L1, '--target'], /^--target: needs a value; usage: /],
    [
      [L1, '--target', '2', '--exclude', 'Q04,Q99'],
      /^--exclude: 'Q99' is not a question or scene id$/,
    ],
    [
      [L1, '--target', '2', '--measures', '/nonexistent/m.json'],
      /^--measures: file not found: \/nonexistent\/m\.json$/,
    ],
    [
      [L1, '--target', '2', '--server-key', '/x.pem'],
      /^--server-key needs --rule-profile, --measures or --products; usage: /,
    ],
    [['/nonexistent/a.json', '--target', '2'], /^file not found: \/nonexistent\/a\.json$/],
  ])('%j', async (args, message) => {
    expect(await userError(...(args as string[]))).toMatch(message)
  })

  it('a bad assessment file names the field', async () => {
    const f = JSON.parse(readFileSync(L1, 'utf8')) as { scenes: Record<string, unknown> }
    f.scenes['SC01'] = 7
    expect(await userError(write('bad.json', f), '--target', '2')).toMatch(/scenes\.SC01/)
    expect(await userError(write('notjson.json', '{'), '--target', '2')).toMatch(/JSON/)
  })

  it('--help prints the usage (the command line handles it for every command, cli/run-cli.ts)', async () => {
    const r = await runCli(['plan', '--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^usage: npm run assess -- plan FILE --target 2\|3\|4/)
  })
})

describe('assess plan through the command line', () => {
  it('prints one JSON object and exits 0; a bad target exits 2 with one line', async () => {
    const cli = (...args: string[]) => runCli(['plan', ...args], { cwd: root })
    const r = await cli('examples/diagnosis-level1-qixian-shipin.json', '--target', '2', '--json')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(1)
    expect(JSON.parse(lines[0]!)).toMatchObject({ target: 2, reachable: true, after: { level: 2 } })
    const bad = await cli('examples/diagnosis-level1-qixian-shipin.json', '--target', '9')
    expect(bad.code).toBe(2)
    expect(bad.stdout).toBe('')
    expect(bad.stderr).toBe("error: --target: must be 1, 2, 3 or 4, got '9'\n")
  })
})
