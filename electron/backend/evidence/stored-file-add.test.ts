/**
 * Adding a stored file and its row commits both or neither (issue 12 item 7), on real SQLite
 * files and a real evidence store:
 *  - `dossier.addFile` / `evidence.add` failing at each write of their transaction (the row, the
 *    audit entry, its chain link; injected by TEMP triggers that RAISE) leave no row and no file;
 *  - a failed add never removes a file a committed row of ANY table names (`dossier_files` too);
 *  - two adds of identical bytes where one fails: the one that commits keeps its file. The
 *    interleaving is forced with barriers between a file write and its commit (no sleeps).
 */
import { createHash, randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { createBackend } from '../create-backend'
import { evidenceKey, rawKeyProvider } from '../storage/key-provider'
import { fullEnterpriseInput, storedEvidenceFiles, tempDir } from '../test-helpers'
import { EvidenceStore, type StoredBlob } from './evidence-store'

type Backend = Awaited<ReturnType<typeof createBackend>>
const open: Array<() => Promise<void> | void> = []
afterEach(async () => {
  while (open.length) await open.pop()?.()
})

/**
 * The real store with two observation points for the race tests: `afterPut` hooks run in call
 * order right after a file write (an add waits there, between its write and its commit, until
 * the hook resolves); `onExclusive` is told whenever an add asks for its content's turn.
 */
class SteppedStore extends EvidenceStore {
  readonly afterPut: Array<(blob: StoredBlob) => Promise<void>> = []
  onExclusive: ((sha256: string) => void) | undefined

  override async put(bytes: Uint8Array): Promise<StoredBlob> {
    const blob = await super.put(bytes)
    await this.afterPut.shift()?.(blob)
    return blob
  }

  override exclusive<T>(sha256: string, fn: () => Promise<T>): Promise<T> {
    this.onExclusive?.(sha256)
    return super.exclusive(sha256, fn)
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}

let seq = 1
async function setup(): Promise<{
  b: Backend
  store: SteppedStore
  enterpriseId: string
  draft: () => Promise<string>
}> {
  const t = tempDir()
  const key = randomBytes(32)
  const b = await createBackend({ dataDir: t.dir, key: rawKeyProvider(key), autoBackup: false })
  open.push(t.cleanup, () => b.close())
  // same directory, same key: the backend's store with observation points
  const store = new SteppedStore(t.dir, evidenceKey(key))
  b.ctx.evidence = store
  const e = await b.services['enterprises.create']({
    ...fullEnterpriseInput(seq++),
  })
  const draft = async () =>
    (
      await b.services['assessments.create']({
        enterpriseId: e.id,
        kind: 'diagnosis',
        assessorName: '王',
        assessorAgency: '',
        assessedOn: null,
      })
    ).assessment.id
  return { b, store, enterpriseId: e.id, draft }
}

/** A TEMP trigger that makes every INSERT into `table` (matching `when`) fail. */
async function failInserts(b: Backend, name: string, table: string, when = '1'): Promise<void> {
  await sql
    .raw(
      `CREATE TEMP TRIGGER ${name} BEFORE INSERT ON ${table} WHEN ${when} ` +
        `BEGIN SELECT RAISE(ABORT, 'injected fault: ${name}'); END`,
    )
    .execute(b.db)
}

async function dropTrigger(b: Backend, name: string): Promise<void> {
  await sql.raw(`DROP TRIGGER temp.${name}`).execute(b.db)
}

const storedFiles = (b: Backend): string[] => storedEvidenceFiles(b.dataDir)

async function count(b: Backend, table: 'evidence' | 'dossier_files' | 'audit_log', where = '1') {
  const r = await sql
    .raw<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE ${where}`)
    .execute(b.db)
  return r.rows[0]?.n
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

type Adder = 'evidence.add' | 'dossier.addFile'

/** One add through the real service: to a draft assessment or to the enterprise's dossier. */
function add(
  b: Backend,
  kind: Adder,
  target: string,
  bytes: Buffer,
): Promise<{ id: string; sha256: string }> {
  const contentBase64 = bytes.toString('base64')
  return kind === 'evidence.add'
    ? b.services['evidence.add']({
        assessmentId: target,
        itemId: 'Q01',
        fileName: 'a.pdf',
        contentBase64,
      })
    : b.services['dossier.addFile']({ enterpriseId: target, fileName: 'a.pdf', contentBase64 })
}

describe('an add that fails at any write of its transaction leaves no row and no file', () => {
  const steps = (kind: Adder) =>
    [
      ['row', kind === 'evidence.add' ? 'evidence' : 'dossier_files', '1'],
      ['audit entry', 'audit_log', `NEW.action = '${kind}'`],
      ['audit chain link', 'audit_chain', '1'],
    ] as const

  for (const kind of ['dossier.addFile', 'evidence.add'] as const)
    for (const [step, table, when] of steps(kind))
      it(`${kind} failing at the ${step} (${table})`, async () => {
        const { b, enterpriseId, draft } = await setup()
        const target = kind === 'evidence.add' ? await draft() : enterpriseId
        const auditBefore = await count(b, 'audit_log')
        await failInserts(b, 'fault', table, when)
        const bytes = Buffer.from(`%PDF-1.4 ${kind} ${step}`)
        await expect(add(b, kind, target, bytes)).rejects.toThrow(/injected fault: fault/)
        await dropTrigger(b, 'fault')
        expect(storedFiles(b)).toEqual([])
        expect(await count(b, 'evidence')).toBe(0)
        expect(await count(b, 'dossier_files')).toBe(0)
        expect(await count(b, 'audit_log')).toBe(auditBefore)
        // and the same add succeeds afterwards, its file readable
        const ok = await add(b, kind, target, bytes)
        expect(storedFiles(b)).toEqual([ok.sha256])
        expect(await b.ctx.evidence.read(ok.sha256)).toEqual(bytes)
      })

  it('a failed add keeps a file that was already stored (others name it)', async () => {
    const { b, enterpriseId, draft } = await setup()
    const a = await draft()
    const bytes = Buffer.from('%PDF-1.4 shared')
    const d = await add(b, 'dossier.addFile', enterpriseId, bytes)
    await failInserts(b, 'fault', 'evidence')
    await expect(add(b, 'evidence.add', a, bytes)).rejects.toThrow(/injected fault/)
    await dropTrigger(b, 'fault')
    expect(await b.ctx.evidence.read(d.sha256)).toEqual(bytes)
  })
})

describe('a failed add never removes a file a committed row of any table names', () => {
  // A's transaction fails (trigger on its assessment); B adds the same bytes and COMMITS while A
  // is between its file write and its transaction. Before the fix, A's cleanup looked at the
  // `evidence` table only and removed the file B's dossier row names.
  for (const other of ['dossier.addFile', 'evidence.add'] as const)
    it(`evidence.add fails while ${other} of the same bytes commits: ${other}'s file stays`, async () => {
      const { b, store, enterpriseId, draft } = await setup()
      const failing = await draft()
      const target = other === 'evidence.add' ? await draft() : enterpriseId
      await failInserts(b, 'fault_a', 'evidence', `NEW.assessment_id = '${failing}'`)
      const bytes = Buffer.from(`%PDF-1.4 cross-table ${other}`)
      const aWrote = deferred()
      const bSettled = deferred()
      const bWaits = deferred()
      // A holds between its write and its commit until B has committed, or (with the fix) until
      // B waits for the same content's turn — then A goes on and fails.
      store.afterPut.push(async () => {
        aWrote.resolve()
        await Promise.race([bSettled.promise, bWaits.promise])
      })
      let turns = 0
      store.onExclusive = () => {
        if (++turns === 2) bWaits.resolve()
      }
      const aResult = add(b, 'evidence.add', failing, bytes).then(
        () => null,
        (e: unknown) => e,
      )
      await aWrote.promise
      const bResult = add(b, other, target, bytes).finally(bSettled.resolve)
      const [aErr, bRow] = await Promise.all([aResult, bResult])
      expect(String(aErr)).toMatch(/injected fault: fault_a/)
      expect(bRow.sha256).toBe(sha256(bytes))
      // B's row names the file, and the file is there and reads back
      expect(await b.ctx.evidence.read(bRow.sha256)).toEqual(bytes)
      expect(storedFiles(b)).toEqual([bRow.sha256])
      expect(await count(b, 'evidence', `assessment_id = '${failing}'`)).toBe(0)
    })

  it('dossier.addFile fails while evidence.add of the same bytes commits: the evidence file stays', async () => {
    const { b, store, enterpriseId, draft } = await setup()
    const a = await draft()
    await failInserts(b, 'fault_d', 'dossier_files')
    const bytes = Buffer.from('%PDF-1.4 dossier fails')
    const dWrote = deferred()
    const eSettled = deferred()
    const eWaits = deferred()
    store.afterPut.push(async () => {
      dWrote.resolve()
      await Promise.race([eSettled.promise, eWaits.promise])
    })
    let turns = 0
    store.onExclusive = () => {
      if (++turns === 2) eWaits.resolve()
    }
    const dResult = add(b, 'dossier.addFile', enterpriseId, bytes).then(
      () => null,
      (e: unknown) => e,
    )
    await dWrote.promise
    const ev = await add(b, 'evidence.add', a, bytes).finally(eSettled.resolve)
    expect(String(await dResult)).toMatch(/injected fault: fault_d/)
    expect(await count(b, 'dossier_files')).toBe(0)
    expect(await b.ctx.evidence.read(ev.sha256)).toEqual(bytes)
  })
})

describe('two adds of identical bytes race: the failing one never removes the file the other commits', () => {
  it('A writes the file; B finds it present; A fails and cleans up; B commits — B keeps its file', async () => {
    const { b, store, draft } = await setup()
    const failing = await draft()
    const other = await draft()
    await failInserts(b, 'fault_a', 'evidence', `NEW.assessment_id = '${failing}'`)
    const bytes = Buffer.from('%PDF-1.4 identical bytes, two adds')
    const aWrote = deferred()
    const bReady = deferred()
    const aSettled = deferred()
    // A: after writing, waits until B has found the file (before the fix) or waits for the
    // content's turn (the fix); then A's transaction fails and A cleans up.
    store.afterPut.push(async () => {
      aWrote.resolve()
      await bReady.promise
    })
    // B: after its write (before the fix: found A's file present), holds its commit until A has
    // failed and cleaned up — the interleaving that lost B's file.
    const bPut: StoredBlob[] = []
    store.afterPut.push(async (blob) => {
      bPut.push(blob)
      bReady.resolve()
      await aSettled.promise
    })
    let turns = 0
    store.onExclusive = () => {
      if (++turns === 2) bReady.resolve()
    }
    const aResult = add(b, 'evidence.add', failing, bytes).then(
      () => null,
      (e: unknown) => e,
    )
    void aResult.then(aSettled.resolve)
    await aWrote.promise
    const bRow = await add(b, 'evidence.add', other, bytes)
    expect(String(await aResult)).toMatch(/injected fault: fault_a/)
    const content = await b.services['evidence.content']({ id: bRow.id })
    expect(Buffer.from(content.contentBase64, 'base64')).toEqual(bytes)
    // B wrote the file itself, after A had removed the one it wrote
    expect(bPut[0]?.existed).toBe(false)
    expect(storedFiles(b)).toEqual([bRow.sha256])
    expect(await count(b, 'evidence')).toBe(1)
  })
})
