import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { MIIT_2024 } from '../../../shared/domain/catalogue'
import { runCli, type CliResult } from './test-cli'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
const tmp = mkdtempSync(join(tmpdir(), 'score-cli-'))

/** The whole `assess score …` command line, in-process (test-cli.ts). */
function cli(...args: string[]): Promise<CliResult> {
  return runCli(['score', ...args], { cwd: root })
}
function writeTmp(name: string, content: string): string {
  const p = join(tmp, name)
  writeFileSync(p, content)
  return p
}
function expectUserError(r: CliResult, message: string | RegExp) {
  expect(r.code).toBe(2)
  expect(r.stdout).toBe('')
  const lines = r.stderr.trimEnd().split('\n')
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(/^error: /)
  expect(r.stderr).not.toMatch(/\n\s+at |Error:|\.ts:\d+/)
  if (typeof message === 'string') expect(lines[0]).toBe(`error: ${message}`)
  else expect(lines[0]).toMatch(message)
}

const examples = [
  {
    file: 'diagnosis-level2-qibin-dianqi.json',
    total: 56.15,
    level: 2,
    D1: 27.65,
    D3: 15,
    D4: 13.5,
  },
  {
    file: 'acceptance-level3-shancheng-xincailiao.json',
    total: 77.9,
    level: 3,
    D1: 41.15,
    D3: 21.75,
    D4: 15,
  },
  {
    file: 'diagnosis-level1-qixian-shipin.json',
    total: 27.8,
    level: 1,
    D1: 11.05,
    D3: 8.25,
    D4: 8.5,
  },
  { file: 'draft-incomplete-xunxian-shipin.json', total: 14.3, level: 0, D1: 14.3, D3: 0, D4: 0 },
]

describe('assess score --json on the examples', () => {
  for (const ex of examples) {
    it(`${ex.file}: level ${ex.level}, total ${ex.total}`, async () => {
      const r = await cli(join('examples', ex.file), '--json')
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)
      const lines = r.stdout.trimEnd().split('\n')
      expect(lines).toHaveLength(1) // exactly one JSON object
      const out = JSON.parse(lines[0] ?? '')
      expect(out.total).toBe(ex.total)
      expect(out.dimensions).toEqual({ D1: ex.D1, D3: ex.D3, D4: ex.D4 })
      expect(out.level).toBe(ex.level)
      expect(out.catalogueHash).toBe(MIIT_2024.hash)
      expect(out.scenes.total).toBe(16)
      expect(Object.keys(out).slice(0, 5)).toEqual([
        'total',
        'dimensions',
        'scenes',
        'level',
        'next',
      ])
    })
  }

  it('the 二级 example explains the gap to 三级', async () => {
    const out = JSON.parse(
      (await cli('examples/diagnosis-level2-qibin-dianqi.json', '--json')).stdout,
    )
    expect(out.next).toEqual({
      level: 3,
      scoreGap: 3.85,
      scenesNeeded: 5,
      constrainedNeeded: 3,
      text: '距三级：总分还差 3.85 分；还需 5 个场景达到三级，其中 3 个约束性场景',
    })
    expect(out.scenes.atLeast).toEqual([16, 16, 10, 3, 0])
    expect(out.scenes.constrainedAtLeast).toEqual([10, 10, 7, 2, 0])
    expect(out.provisional).toBe(false)
    expect(out.levelName).toBe('二级')
  })

  it('the draft is provisional and lists what is missing', async () => {
    const out = JSON.parse(
      (await cli('examples/draft-incomplete-xunxian-shipin.json', '--json')).stdout,
    )
    expect(out.provisional).toBe(true)
    expect(out.unanswered.questions).toEqual([
      'Q08',
      'Q09',
      'Q10',
      'Q11',
      'Q12',
      'Q13',
      'Q14',
      'Q15',
    ])
    expect(out.unanswered.scenes).toHaveLength(11)
  })
})

describe('assess score: the Chinese summary', () => {
  it('prints the dimension table, scene counts, level and gap', async () => {
    const r = await cli('examples/diagnosis-level2-qibin-dianqi.json')
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    expect(r.stdout).toContain('鹤壁瑞鹤智能电器有限公司（虚构示例）（诊断评测，2025-03-18）')
    expect(r.stdout).toMatch(/D1 数字化基础\s+27\.65\s+50/)
    expect(r.stdout).toMatch(/D3 数字化管理\s+15\s+30/)
    expect(r.stdout).toMatch(/合计\s+56\.15\s+100/)
    expect(r.stdout).toContain('数字化水平等级：二级')
    expect(r.stdout).toContain(
      '距三级：总分还差 3.85 分；还需 5 个场景达到三级，其中 3 个约束性场景',
    )
    expect(r.stdout).not.toContain('暂定')
  })
  it('marks a draft provisional and lists unanswered items', async () => {
    const r = await cli('examples/draft-incomplete-xunxian-shipin.json')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('数字化水平等级：无等级（暂定：尚有未完成的题目或场景）')
    expect(r.stdout).toContain('未作答题目：Q08、Q09、Q10、Q11、Q12、Q13、Q14、Q15')
    expect(r.stdout).toContain('未判定场景：SC01、')
  })
})

describe('assess score: bad input is one line, exit 2, no stack trace', () => {
  const good = JSON.parse(
    readFileSync(join(root, 'examples', 'diagnosis-level1-qixian-shipin.json'), 'utf8'),
  )

  it('missing file', async () => {
    expectUserError(
      await cli(join(tmp, 'nope.json'), '--json'),
      `file not found: ${join(tmp, 'nope.json')}`,
    )
  })
  it('a directory', async () => {
    expectUserError(await cli(tmp), /is a directory/)
  })
  it('no file, two files, unknown option', async () => {
    expectUserError(await cli(), /^error: score: no file given; usage: /)
    expectUserError(await cli('a.json', 'b.json'), /one file at a time/)
    expectUserError(
      await cli('examples/diagnosis-level1-qixian-shipin.json', '--jsno'),
      /unknown option '--jsno'/,
    )
  })
  it('not JSON', async () => {
    const p = writeTmp('broken.json', '{"format": "sme-dl-assessment/v1",')
    expectUserError(await cli(p, '--json'), new RegExp(`^error: ${p}: file is not valid JSON: `))
  })
  it('unknown question id, list for single choice, 「无」 with others, bad scene level, unknown catalogue', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...good, answers: { ...good.answers, Q99: 'A' } }, 'answers.Q99: unknown question id'],
      [
        { ...good, answers: { ...good.answers, Q02: ['B'] } },
        'answers.Q02: a single-choice question takes one option key, not a list',
      ],
      [
        { ...good, answers: { ...good.answers, Q07: ['A', 'B'] } },
        'answers.Q07: 「无」(A) cannot be combined with other options',
      ],
      [
        { ...good, scenes: { ...good.scenes, SC03: 5 } },
        'scenes.SC03: level must be an integer 0–4, got 5',
      ],
      [{ ...good, catalogue: 'X' }, "catalogue: unknown catalogue 'X' (known: MIIT-2024)"],
    ]
    for (const [i, [content, msg]] of cases.entries()) {
      const p = writeTmp(`bad-${i}.json`, JSON.stringify(content))
      expectUserError(await cli(p, '--json'), `${p}: ${msg}`)
    }
  })
})
