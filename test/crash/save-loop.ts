/**
 * Child process of the crash test (test/crash/sigkill.test.ts). Opens the real backend on a data
 * directory and saves answers, scene levels and notes through `dispatch` (the path every UI
 * transport takes) in an endless loop, as fast as it can. The parent SIGKILLs it.
 *
 * argv: dataDir assessmentId. The modules load at once; the backend starts only when the parent
 * writes `go <firstSeq> <seed>` on stdin (so the parent can warm the next child up while it checks
 * the database after a kill: every kill still hits a backend that opened, recovered and migrated
 * the file itself).
 * stdout, one line each (written synchronously: stdout is a pipe):
 *   ready <synchronous> <journal_mode>      backend open, migrations done
 *   send <seq> <key> <json>                 about to call dispatch; key = answer:Q01 | scene:SC03 | note:Q07
 *   ack <seq>                               dispatch returned ok (the UI would show 已保存)
 *   fail <seq> <code> <message>             dispatch returned an error (the parent fails the test)
 * The acknowledged value is the one the backend returned (what the UI shows).
 */
import { sql } from 'kysely'
import { MIIT_2024 } from '../../shared/domain/catalogue'
import { validateAnswer } from '../../shared/domain/scoring/validate-answer'
import { createBackend } from '../../electron/backend/create-backend'
import { dispatch } from '../../electron/backend/dispatch'

/** mulberry32: small seeded PRNG, so a failing run can be replayed with the same seeds. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function line(s: string): void {
  process.stdout.write(s + '\n')
}

async function main(): Promise<void> {
  const [dataDir, assessmentId] = process.argv.slice(2)
  if (!dataDir || !assessmentId) throw new Error('usage: save-loop <dataDir> <assessmentId>')
  const go = await new Promise<string>((resolve) => {
    let buf = ''
    process.stdin.on('data', (c: Buffer) => {
      buf += c.toString('utf8')
      if (buf.includes('\n')) resolve(buf.slice(0, buf.indexOf('\n')))
    })
  })
  const [, firstSeq, seedText] = /^go (\d+) (\d+)$/.exec(go) ?? []
  if (!firstSeq || !seedText) throw new Error(`expected 'go <firstSeq> <seed>', got '${go}'`)
  process.stdin.pause()
  const rnd = prng(Number(seedText))
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!

  const questions = MIIT_2024.catalogue.questions
  const scenes = MIIT_2024.catalogue.scenes
  // Valid answers per question: every single option; each multi option alone (exclusive ones too)
  // and all non-exclusive options together.
  const pool = new Map<string, Array<string | string[]>>()
  for (const q of questions) {
    const values: Array<string | string[]> =
      q.type === 'single'
        ? q.options.map((o) => o.key)
        : [
            ...q.options.map((o) => [o.key]),
            q.options.filter((o) => !o.exclusive).map((o) => o.key),
          ]
    pool.set(
      q.id,
      values.filter((v) => validateAnswer(q, v) === null),
    )
  }

  const backend = await createBackend({ dataDir, actor: 'crash-test' })
  const sync = await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(backend.db)
  const journal = await sql<{ journalMode: string }>`PRAGMA journal_mode`.execute(backend.db)
  line(`ready ${sync.rows[0]?.synchronous} ${journal.rows[0]?.journalMode}`)

  for (let seq = Number(firstSeq); ; seq++) {
    const r = rnd()
    let method: string
    let input: Record<string, unknown>
    let key: string
    let ackedValue: (v: Record<string, unknown>) => unknown
    if (r < 0.4) {
      const q = pick(questions)
      const selected = rnd() < 0.05 ? null : pick(pool.get(q.id)!)
      method = 'assessments.setAnswer'
      input = { assessmentId, questionId: q.id, selected }
      key = `answer:${q.id}`
      ackedValue = (v) => (v.answer as { selected: unknown }).selected
    } else if (r < 0.8) {
      const s = pick(scenes)
      const level = rnd() < 0.1 ? null : Math.floor(rnd() * 5)
      method = 'assessments.setScene'
      input = { assessmentId, sceneId: s.id, level }
      key = `scene:${s.id}`
      ackedValue = (v) => (v.scene as { level: unknown }).level
    } else {
      const itemId = rnd() < 0.5 ? pick(questions).id : pick(scenes).id
      method = 'assessments.setNote'
      input = { assessmentId, itemId, note: `备注 #${seq}` }
      key = `note:${itemId}`
      ackedValue = (v) => v.note
    }
    const sent = Object.values(input)[2]
    line(`send ${seq} ${key} ${JSON.stringify(sent)}`)
    const w = await dispatch(backend, method, input)
    if (!w.ok) {
      line(`fail ${seq} ${w.error.code} ${w.error.message}`)
      process.exit(1)
    }
    const got = ackedValue(w.value as Record<string, unknown>)
    if (JSON.stringify(got) !== JSON.stringify(sent)) {
      line(`fail ${seq} MISMATCH returned ${JSON.stringify(got)}`)
      process.exit(1)
    }
    line(`ack ${seq}`)
  }
}

main().catch((e: unknown) => {
  line(`fail - CRASH ${e instanceof Error ? e.message : String(e)}`)
  process.exit(1)
})
