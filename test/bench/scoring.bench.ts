/**
 * Scoring throughput: scoreAssessment over many random valid assessments (answers + scenes), and
 * parse + score of the example files. Run: `npx tsx test/bench/run.ts scoring`.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseAssessmentFile, scoreAssessmentFile } from '../../shared/domain/assessment-file'
import { MIIT_2024, catalogueHash } from '../../shared/domain/catalogue'
import { MIIT_2024_DEFAULT } from '../../shared/domain/levels/rule-profiles'
import { scoreAssessment } from '../../shared/domain/scoring/score-assessment'
import type { Answers, SceneJudgements, SceneLevel } from '../../shared/domain/scoring/types'

const examplesDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples')

/** Small deterministic PRNG (mulberry32) so that runs are comparable. */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function randomAssessment(r: () => number): { answers: Answers; scenes: SceneJudgements } {
  const answers: Answers = {}
  for (const q of MIIT_2024.catalogue.questions) {
    if (r() < 0.05) continue // some unanswered
    if (q.type === 'single')
      answers[q.id] = q.options[Math.floor(r() * q.options.length)]?.key ?? 'A'
    else {
      const picked = q.options.filter((o) => !o.exclusive && r() < 0.5).map((o) => o.key)
      answers[q.id] = picked.length ? picked : ['A']
    }
  }
  const scenes: SceneJudgements = {}
  for (const s of MIIT_2024.catalogue.scenes)
    if (r() > 0.03) scenes[s.id] = Math.floor(r() * 5) as SceneLevel
  return { answers, scenes }
}

export async function run(): Promise<Record<string, unknown>> {
  const N = 200_000
  const r = rng(20241)
  const inputs = Array.from({ length: N }, () => randomAssessment(r))
  // warm-up
  for (let i = 0; i < 2000; i++) {
    const x = inputs[i]
    if (x) scoreAssessment(MIIT_2024, MIIT_2024_DEFAULT, x.answers, x.scenes)
  }
  const levels = [0, 0, 0, 0, 0]
  const t0 = performance.now()
  for (const x of inputs) {
    const res = scoreAssessment(MIIT_2024, MIIT_2024_DEFAULT, x.answers, x.scenes)
    levels[res.level] = (levels[res.level] ?? 0) + 1
  }
  const scoreMs = performance.now() - t0

  const files = readdirSync(examplesDir).filter((f) => f.endsWith('.json'))
  const texts = files.map((f) => readFileSync(join(examplesDir, f), 'utf8'))
  const M = 5_000
  const t1 = performance.now()
  for (let i = 0; i < M; i++)
    for (const t of texts) {
      const p = parseAssessmentFile(t)
      if (!p.ok) throw new Error(p.error)
      scoreAssessmentFile(p.value)
    }
  const parseMs = performance.now() - t1

  const H = 200
  const t2 = performance.now()
  for (let i = 0; i < H; i++) catalogueHash(MIIT_2024.catalogue)
  const hashMs = performance.now() - t2

  return {
    assessments: N,
    scoreMs: Math.round(scoreMs),
    assessmentsPerSecond: Math.round(N / (scoreMs / 1000)),
    levelDistribution: {
      '0': levels[0],
      '1': levels[1],
      '2': levels[2],
      '3': levels[3],
      '4': levels[4],
    },
    exampleFiles: files.length,
    parseAndScorePerFileMicros: Math.round((parseMs / (M * texts.length)) * 1000 * 10) / 10,
    parseAndScoreFilesPerSecond: Math.round((M * texts.length) / (parseMs / 1000)),
    catalogueHashMs: Math.round((hashMs / H) * 1000) / 1000,
  }
}
