/**
 * Planner speed (issue 13): planImprovement (exact least-effort plan, re-scored and checked for
 * irreducibility inside) over 1,000 random assessments per target level, with the built-in
 * measures library; median and p99 per plan (wall time, and CPU time of the process, which a
 * loaded machine's preemption does not inflate), and the scoring of one assessment as the
 * baseline measured in the same run. Run: `npx tsx test/bench/run.ts plan`.
 */
import { MIIT_2024 } from '../../shared/domain/catalogue'
import { MIIT_2024_DEFAULT } from '../../shared/domain/levels/rule-profiles'
import { MIIT_2024_MEASURES, planImprovement } from '../../shared/domain/plan'
import { randomAssessment, rng } from '../../shared/domain/plan/test-fixtures'
import { scoreAssessment } from '../../shared/domain/scoring/score-assessment'

const N = 1000

function quantile(sorted: number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)
  return sorted[Math.max(0, i)] ?? NaN
}
const ms = (x: number) => Math.round(x * 1000) / 1000

export async function run(): Promise<Record<string, unknown>> {
  const r = rng(13)
  const inputs = Array.from({ length: N }, () => randomAssessment(MIIT_2024.catalogue, r))
  const library = MIIT_2024_MEASURES.library
  // warm-up
  for (const a of inputs.slice(0, 200))
    planImprovement({ pinned: MIIT_2024, profile: MIIT_2024_DEFAULT, library, target: 3, ...a })

  const baseline: number[] = []
  for (const a of inputs) {
    const t0 = performance.now()
    scoreAssessment(MIIT_2024, MIIT_2024_DEFAULT, a.answers, a.scenes)
    baseline.push(performance.now() - t0)
  }
  baseline.sort((x, y) => x - y)
  const out: Record<string, unknown> = {
    assessmentsPerTarget: N,
    scoreOneMedianMs: ms(quantile(baseline, 0.5)),
  }
  for (const target of [2, 3, 4] as const) {
    const times: number[] = []
    const cpu: number[] = []
    let steps = 0
    let unreachable = 0
    for (const a of inputs) {
      const c0 = process.cpuUsage()
      const t0 = performance.now()
      const plan = planImprovement({
        pinned: MIIT_2024,
        profile: MIIT_2024_DEFAULT,
        library,
        target,
        ...a,
      })
      times.push(performance.now() - t0)
      const c = process.cpuUsage(c0)
      cpu.push((c.user + c.system) / 1000)
      steps += plan.steps.length
      if (!plan.reachable) unreachable++
    }
    times.sort((x, y) => x - y)
    cpu.sort((x, y) => x - y)
    out[`target${target}`] = {
      medianMs: ms(quantile(times, 0.5)),
      p99Ms: ms(quantile(times, 0.99)),
      maxMs: ms(times[times.length - 1] ?? NaN),
      // CPU time of this process (µs resolution): what the wall time is without preemption
      cpuMedianMs: ms(quantile(cpu, 0.5)),
      cpuP99Ms: ms(quantile(cpu, 0.99)),
      meanSteps: Math.round((steps / N) * 10) / 10,
      unreachable,
    }
  }
  return out
}
