/**
 * Crash safety (issue 7 item 2): a real child process (test/crash/save-loop.ts) saves answers,
 * scene levels and notes through `dispatch` in a loop and prints `ack` after each save returned
 * ok (what the UI shows as 已保存). The parent SIGKILLs it at random moments — mostly while it
 * saves, sometimes while it starts and migrates — again and again, restarting it each time.
 *
 * After every kill, on the real SQLite file:
 *  - `PRAGMA integrity_check` is 'ok' and `PRAGMA foreign_key_check` finds nothing;
 *  - the audit log tells exactly how many saves committed (each save writes its audit row in the
 *    same transaction): every acknowledged save, plus at most the one in flight at the kill;
 *  - every item (answer, scene level, note of each Q/SC) holds exactly the last committed value
 *    (the last acknowledged one, or the in-flight one when the audit log says it committed);
 *  - the audit hash chain verifies.
 *
 * Kills: CRASH_KILLS (default 20; CRASH_KILLS=1000 for a long run — the time limit follows the
 * count). Seed: CRASH_SEED (default fixed), printed at the start for replay. The kill moments
 * still fall on a loaded machine's real time: every assertion holds whenever the kill lands.
 * A SIGKILL leaves the OS page cache intact, so this proves transactional atomicity and WAL
 * recovery, not fsync durability (power loss): that is what synchronous=FULL is for, and the
 * child reports the pragma it runs with, asserted below.
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { MIIT_2024 } from '../../shared/domain/catalogue'
import { createBackend } from '../../electron/backend/create-backend'
import { dispatch } from '../../electron/backend/dispatch'
import { verifyAuditChain } from '../../electron/backend/audit/chain'
import { enterpriseInput, tempDir } from '../../electron/backend/test-helpers'
import type { AssessmentDetail } from '../../shared/contract/schemas/assessment'
import { bundledScript } from '../support/node-script'

const KILLS = Number(process.env.CRASH_KILLS ?? 20)
const SEED = Number(process.env.CRASH_SEED ?? 20261206)
/** A safety net against a hang, not a timing assertion: ~10× what a round takes on 2 busy cores. */
const TIME_LIMIT_MS = 120_000 + KILLS * 15_000
const SAVE_ACTIONS = ['answer.set', 'scene.set', 'note.set']

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

interface RunResult {
  lines: string[]
  signal: NodeJS.Signals | null
  ready: string | null
  /** from `go` to `ready`: backend start (open, recovery, migrations) */
  startMs: number
}

interface Child {
  /** Starts the backend in the (already warm) child and SIGKILLs it `delayMs` after `ready`, or
   * after `go` when `early` (while it opens, recovers and migrates the database). */
  run(go: string, delayMs: number, early: boolean): Promise<RunResult>
  kill(): void
}

/** save-loop.ts bundled once (test/support/node-script.ts): plain node starts it in ~0.2 s. */
let SCRIPT = ''

/** Spawns a child that loads its modules and then waits for `go`. */
function spawnChild(dataDir: string, assessmentId: string): Child {
  const child = spawn(process.execPath, [SCRIPT, dataDir, assessmentId], {
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  const lines: string[] = []
  let buf = ''
  let err = ''
  let ready: string | null = null
  let readyAt = 0
  let onReady: (() => void) | undefined
  child.stdout.on('data', (chunk: Buffer) => {
    buf += chunk.toString('utf8')
    let nl: number
    while ((nl = buf.indexOf('\n')) >= 0) {
      const l = buf.slice(0, nl)
      buf = buf.slice(nl + 1)
      lines.push(l)
      if (l.startsWith('ready ') && ready === null) {
        ready = l
        readyAt = Date.now()
        onReady?.()
      }
    }
  })
  // (an incomplete last line was cut by the kill: the dispatch it announces never started)
  child.stderr.on('data', (chunk: Buffer) => void (err += chunk.toString('utf8')))
  const closed = new Promise<{ signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (_code, signal) => resolve({ signal }))
  })
  const kill = () => void child.kill('SIGKILL')
  return {
    kill,
    async run(go, delayMs, early) {
      let timer: NodeJS.Timeout | undefined
      // safety net: a child that never gets ready is killed too (and the test then fails)
      const stuck = setTimeout(kill, 30_000)
      if (early) timer = setTimeout(kill, delayMs)
      else onReady = () => void (timer = setTimeout(kill, delayMs))
      const t0 = Date.now()
      child.stdin.write(go + '\n')
      const { signal } = await closed
      clearTimeout(timer)
      clearTimeout(stuck)
      if (signal !== 'SIGKILL' && err) lines.push(`stderr ${err.trim()}`)
      return { lines, signal, ready, startMs: ready ? readyAt - t0 : 0 }
    },
  }
}

/** Every item the loop can write, with its value when never written. */
function allKeys(): Map<string, unknown> {
  const m = new Map<string, unknown>()
  for (const q of MIIT_2024.catalogue.questions) {
    m.set(`answer:${q.id}`, null)
    m.set(`note:${q.id}`, '')
  }
  for (const s of MIIT_2024.catalogue.scenes) {
    m.set(`scene:${s.id}`, null)
    m.set(`note:${s.id}`, '')
  }
  return m
}

function persisted(d: AssessmentDetail, key: string): unknown {
  const [kind, id] = key.split(':') as [string, string]
  if (kind === 'answer') return d.answers[id]?.selected ?? null
  if (kind === 'scene') return d.scenes[id]?.level ?? null
  return (id.startsWith('Q') ? d.answers[id]?.note : d.scenes[id]?.note) ?? ''
}

describe('crash safety: SIGKILL while saving', () => {
  it(
    `every acknowledged save survives ${KILLS} hard kills; integrity_check ok each time`,
    async () => {
      const t = tempDir('dl-crash-')
      const rnd = prng(SEED)
      const children: Child[] = []
      const started = Date.now()
      SCRIPT = await bundledScript('test/crash/save-loop.ts')
      console.log(`[crash] CRASH_SEED=${SEED} CRASH_KILLS=${KILLS} (replay with these)`)
      try {
        // the enterprise and the draft, created through the same backend
        const setup = await createBackend({ dataDir: t.dir, autoBackup: false })
        const e = await dispatch(setup, 'enterprises.create', enterpriseInput(77))
        expect(e.ok).toBe(true)
        const enterpriseId = (e as { value: { id: string } }).value.id
        const c = await dispatch(setup, 'assessments.create', {
          enterpriseId,
          kind: 'diagnosis',
          assessorName: '崩溃测试',
        })
        expect(c.ok).toBe(true)
        const assessmentId = (c as { value: { assessment: { id: string } } }).value.assessment.id
        await setup.close()
        const dbFile = join(t.dir, 'assessor.sqlite')

        const committed = allKeys() // item → last committed value (what must be on disk)
        let auditSaves = 0 // save rows in the audit log after the previous restart
        let seq = 0
        let kills = 0
        let acksTotal = 0
        let inFlightCommitted = 0
        let inFlightLost = 0
        let earlyKills = 0
        let startMs = 0
        let verifyMs = 0
        let itemChecks = 0
        let ackedItemChecks = 0
        const everAcked = new Set<string>()

        // two children warm up (load their modules) ahead of the round that uses them
        const warm: Child[] = []
        const topUp = (remaining: number) => {
          while (warm.length < Math.min(2, remaining)) {
            const c = spawnChild(t.dir, assessmentId)
            warm.push(c)
            children.push(c)
          }
        }
        for (let round = 0; round < KILLS; round++) {
          const early = rnd() < 0.15
          const delay = early ? Math.floor(rnd() * 300) : Math.floor(rnd() * 1500)
          topUp(KILLS - round)
          const current = warm.shift()!
          topUp(KILLS - round - 1)
          const run = await current.run(`go ${seq} ${Math.floor(rnd() * 2 ** 31)}`, delay, early)
          const fail = run.lines.find((l) => l.startsWith('fail ') || l.startsWith('stderr '))
          expect(fail, `round ${round}: child reported a failure`).toBeUndefined()
          expect(run.signal, `round ${round}: child ended without being killed`).toBe('SIGKILL')
          kills++
          startMs += run.startMs
          const verifyStart = Date.now()
          if (run.ready) {
            // synchronous=FULL (2) in WAL mode: every acknowledged commit is fsynced
            expect(run.ready).toBe('ready 2 wal')
          } else earlyKills++

          // replay the child's output: acknowledged values, and the one save in flight at the kill
          const sends = new Map<number, { key: string; value: unknown }>()
          const acked: Array<{ key: string; value: unknown }> = []
          let inFlight: { key: string; value: unknown } | null = null
          for (const l of run.lines) {
            const s = /^send (\d+) (\S+) (.*)$/.exec(l)
            if (s) {
              const v = { key: s[2]!, value: JSON.parse(s[3]!) as unknown }
              sends.set(Number(s[1]), v)
              inFlight = v
              seq = Number(s[1]) + 1
              continue
            }
            const a = /^ack (\d+)$/.exec(l)
            if (a) {
              const v = sends.get(Number(a[1]))
              expect(v, `ack ${a[1]} without send`).toBeDefined()
              acked.push(v!)
              inFlight = null
            }
          }
          acksTotal += acked.length

          // 1. the file is intact (this connection also runs WAL recovery first)
          const raw = new Database(dbFile)
          expect(raw.pragma('integrity_check', { simple: true })).toBe('ok')
          expect(raw.pragma('foreign_key_check')).toEqual([])
          raw.close()

          // 2. reopen the backend as the app would (migrations, pragmas) and read back
          const b = await createBackend({ dataDir: t.dir, autoBackup: false })
          try {
            const count = await b.db
              .selectFrom('auditLog')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('entityId', '=', assessmentId)
              .where('action', 'in', SAVE_ACTIONS)
              .executeTakeFirstOrThrow()
            const delta = Number(count.n) - auditSaves
            // every acknowledged save committed; the in-flight one may or may not have
            expect(delta, `round ${round}: committed saves vs acknowledged`).toBeGreaterThanOrEqual(
              acked.length,
            )
            expect(delta).toBeLessThanOrEqual(acked.length + (inFlight ? 1 : 0))
            for (const a of acked) {
              committed.set(a.key, a.value)
              everAcked.add(a.key)
            }
            if (inFlight) {
              if (delta === acked.length + 1) {
                committed.set(inFlight.key, inFlight.value)
                inFlightCommitted++
              } else inFlightLost++
            }
            auditSaves = Number(count.n)

            const got = await dispatch(b, 'assessments.get', { id: assessmentId })
            expect(got.ok).toBe(true)
            const d = (got as { value: AssessmentDetail }).value
            for (const [key, value] of committed) {
              expect(persisted(d, key), `round ${round}: ${key}`).toEqual(value)
              itemChecks++
              if (everAcked.has(key)) ackedItemChecks++
            }

            const chain = await verifyAuditChain(b.db)
            expect(chain, `round ${round}: audit chain`).toMatchObject({ ok: true })
          } finally {
            await b.close()
          }
          verifyMs += Date.now() - verifyStart
        }

        console.log(
          `[crash] seed=${SEED} kills survived=${kills} (during startup: ${earlyKills}) ` +
            `acknowledged saves=${acksTotal} (all verified present in the audit log) ` +
            `item values checked=${itemChecks} (of items with an acknowledged save: ${ackedItemChecks}) ` +
            `in-flight at kill: committed=${inFlightCommitted} rolled back=${inFlightLost} ` +
            `integrity_check ok ×${kills} in ${Math.round((Date.now() - started) / 1000)} s ` +
            `(mean go→ready incl. any unfinished warm-up ${Math.round(startMs / Math.max(1, kills - earlyKills))} ms, ` +
            `mean check ${Math.round(verifyMs / kills)} ms)`,
        )
        expect(kills).toBe(KILLS)
        expect(acksTotal).toBeGreaterThan(0) // the kills did land while saving
      } finally {
        for (const c of children) c.kill() // the warm-up child when a round failed
        t.cleanup()
      }
    },
    TIME_LIMIT_MS,
  )
})
