/**
 * Time to save 10,000 answers: (1) through the service, each its own acknowledged transaction
 * (as the UI does: setAnswer resolves after COMMIT, incl. audit entry and live re-score), with
 * synchronous=FULL (what the app uses) and, for comparison, NORMAL; (2) in one batch
 * transaction through the repo. Real SQLite file on disk (not tmpfs).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { createBackend, type Backend } from '../../electron/backend/create-backend'
import { upsertSelected } from '../../electron/backend/db/repos/answers.repo'
import { withTransaction } from '../../electron/backend/db/tx'
import { fullAnswers, fullEnterpriseInput } from '../../electron/backend/test-helpers'

const N = 10_000

async function makeDrafts(b: Backend, count: number): Promise<string[]> {
  const e = await b.services['enterprises.create']({
    ...fullEnterpriseInput(1),
  })
  const ids: string[] = []
  for (let i = 0; i < count; i++) {
    const d = await b.services['assessments.create']({
      enterpriseId: e.id,
      kind: 'diagnosis',
      assessorName: 'bench',
      assessorAgency: '',
      assessedOn: null,
    })
    ids.push(d.assessment.id)
  }
  return ids
}

function work(ids: string[]): Array<[string, string, string | string[]]> {
  const answers = Object.entries(fullAnswers())
  const out: Array<[string, string, string | string[]]> = []
  for (const id of ids) for (const [q, sel] of answers) if (out.length < N) out.push([id, q, sel])
  return out
}

async function perTransaction(synchronous: 'FULL' | 'NORMAL'): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'dl-bench-'))
  const b = await createBackend({ dataDir: dir })
  try {
    await sql.raw(`PRAGMA synchronous = ${synchronous}`).execute(b.db)
    const perAssessment = Object.keys(fullAnswers()).length
    const jobs = work(await makeDrafts(b, Math.ceil(N / perAssessment)))
    const t0 = performance.now()
    for (const [assessmentId, questionId, selected] of jobs)
      await b.services['assessments.setAnswer']({ assessmentId, questionId, selected })
    const ms = performance.now() - t0
    return {
      answers: jobs.length,
      ms: Math.round(ms),
      answersPerSec: Math.round((jobs.length / ms) * 1000),
      msPerAnswer: +(ms / jobs.length).toFixed(3),
    }
  } finally {
    await b.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

async function oneBatch(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'dl-bench-'))
  const b = await createBackend({ dataDir: dir })
  try {
    const perAssessment = Object.keys(fullAnswers()).length
    const jobs = work(await makeDrafts(b, Math.ceil(N / perAssessment)))
    const at = new Date().toISOString()
    const t0 = performance.now()
    await withTransaction(b.db, async (trx) => {
      for (const [assessmentId, questionId, selected] of jobs)
        await upsertSelected(trx, assessmentId, questionId, selected, at)
    })
    const ms = performance.now() - t0
    return {
      answers: jobs.length,
      ms: Math.round(ms),
      answersPerSec: Math.round((jobs.length / ms) * 1000),
    }
  } finally {
    await b.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

export async function run(): Promise<Record<string, unknown>> {
  return {
    note: 'service = setAnswer per answer: validate, own transaction (upsert + touch + audit) acknowledged after COMMIT, live re-score',
    serviceEachOwnTransaction_syncFULL: await perTransaction('FULL'),
    serviceEachOwnTransaction_syncNORMAL: await perTransaction('NORMAL'),
    repoOneTransaction: await oneBatch(),
  }
}
