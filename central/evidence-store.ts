/**
 * Content-addressed evidence of the central service (design.md §6; issues 12 §5–6, 16 §4).
 *
 * Bytes live in an EvidenceBackend (a local directory, or S3-compatible object storage); what is
 * stored, who has sent what and every upload in progress live in the database, so no instance
 * keeps state that matters in memory and N instances can share one PostgreSQL:
 *  - `evidence` (sha256, size): written only after the bytes are durably stored;
 *  - `evidence_holders` (sha256, holder): the keys that sent a file (or pushed a bundle with it).
 *    Only a holder is told that a file exists; anyone else uploads it (proving they have it);
 *  - `upload_sessions` / `upload_parts`: a resumable upload per holder and file. A chunk is
 *    stored as its own object first, then admitted by a compare-and-set on the session's
 *    `received` (a chunk at a stale offset is refused and its object deleted). The chunk that
 *    completes the file assembles the parts, checks the SHA-256 and only then stores the file.
 * Abandoned uploads (no chunk for `sessionTtlMs`) are removed by `sweep`.
 */
import { randomBytes } from 'node:crypto'
import type { Kysely, Transaction } from 'kysely'
import type { Readable } from 'node:stream'
import type { CentralDB } from './db/schema'
import { SHA256_RE, type EvidenceBackend } from './evidence/backend'

export const MAX_EVIDENCE_BYTES = 1024 ** 3
/** Uploads with no new chunk for this long are abandoned and cleaned (default 24 h). */
export const DEFAULT_UPLOAD_TTL_MS = 24 * 60 * 60 * 1000

export type AppendResult =
  | { status: 'present' | 'stored' | 'partial'; received: number }
  | { status: 'offset-mismatch'; received: number }
  | { status: 'too-large' | 'hash-mismatch'; received: number; actual?: string }

const HOLDER_RE = /^[0-9a-z-]{1,64}$/

export class EvidenceStore {
  /** Bytes of chunks admitted since start (tests check nothing was sent twice). */
  appendedBytes = 0

  constructor(
    private readonly db: Kysely<CentralDB>,
    readonly backend: EvidenceBackend,
    private readonly opts: { now: () => number; uploadTtlMs?: number } = { now: Date.now },
  ) {}

  /** Evidence is addressed by lowercase hex SHA-256 only: nothing else ever reaches a name. */
  static isSha256(s: string): boolean {
    return SHA256_RE.test(s)
  }

  private static holder(h: string): string {
    if (!HOLDER_RE.test(h)) throw new Error('evidence holder must be a key id or a fixed name')
    return h
  }

  /** Whether `holder` has sent this file (so may be told it is stored). */
  async holds(holder: string, sha: string): Promise<boolean> {
    if (!EvidenceStore.isSha256(sha)) return false
    const r = await this.db
      .selectFrom('evidence_holders')
      .select('sha256')
      .where('sha256', '=', sha)
      .where('holder', '=', EvidenceStore.holder(holder))
      .executeTakeFirst()
    return r !== undefined
  }

  /** Of `hashes`, those `holder` has not sent, with the bytes of its upload in progress. */
  async missing(
    holder: string,
    hashes: readonly string[],
  ): Promise<{ sha256: string; received: number }[]> {
    const want = [...new Set(hashes)].filter((h) => EvidenceStore.isSha256(h))
    const held = new Set<string>()
    const received = new Map<string, number>()
    for (let i = 0; i < want.length; i += 500) {
      const batch = want.slice(i, i + 500)
      for (const r of await this.db
        .selectFrom('evidence_holders')
        .select('sha256')
        .where('holder', '=', EvidenceStore.holder(holder))
        .where('sha256', 'in', batch)
        .execute())
        held.add(r.sha256)
      for (const r of await this.db
        .selectFrom('upload_sessions')
        .select(['sha256', 'received'])
        .where('holder', '=', holder)
        .where('sha256', 'in', batch)
        .execute())
        received.set(r.sha256, Number(r.received))
    }
    return want
      .filter((h) => !held.has(h))
      .map((sha256) => ({ sha256, received: received.get(sha256) ?? 0 }))
  }

  /** Bytes of `holder`'s upload of `sha` in progress (0 when none). */
  async received(holder: string, sha: string): Promise<number> {
    if (!EvidenceStore.isSha256(sha)) return 0
    const r = await this.db
      .selectFrom('upload_sessions')
      .select('received')
      .where('holder', '=', EvidenceStore.holder(holder))
      .where('sha256', '=', sha)
      .executeTakeFirst()
    return r ? Number(r.received) : 0
  }

  /** Stored sizes of the given files (those stored at all). */
  async sizes(hashes: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>()
    const want = [...new Set(hashes)]
    for (let i = 0; i < want.length; i += 500)
      for (const r of await this.db
        .selectFrom('evidence')
        .select(['sha256', 'size'])
        .where('sha256', 'in', want.slice(i, i + 500))
        .execute())
        out.set(r.sha256, Number(r.size))
    return out
  }

  /** Whether the file is stored at all (server-side use only; clients learn it per key). */
  async stored(sha: string): Promise<boolean> {
    return EvidenceStore.isSha256(sha) && (await this.sizes([sha])).has(sha)
  }

  /** The bytes of a stored file. */
  read(sha: string): Promise<Readable> {
    return this.backend.read(sha)
  }

  /** The first `max` bytes of a stored file (all of it when shorter or `max` is not given). */
  async readBytes(sha: string, max = Number.POSITIVE_INFINITY): Promise<Buffer> {
    const out: Buffer[] = []
    let n = 0
    const stream = await this.backend.read(sha)
    for await (const chunk of stream) {
      const b = chunk as Buffer
      out.push(n + b.length > max ? b.subarray(0, max - n) : b)
      n += Math.min(b.length, max - n)
      if (n >= max) {
        ;(stream as Readable).destroy()
        break
      }
    }
    return Buffer.concat(out)
  }

  /** A whole file at once (the administrator's import): a fresh upload by `holder`. */
  async putWhole(holder: string, sha: string, bytes: Uint8Array): Promise<AppendResult> {
    const first = await this.append(holder, sha, 0, bytes.length, bytes)
    if (first.status !== 'offset-mismatch') return first
    await this.dropSession(holder, sha)
    return this.append(holder, sha, 0, bytes.length, bytes)
  }

  /** Appends `chunk` at `offset` of `holder`'s upload of the `total`-byte file `sha`. */
  async append(
    holder: string,
    sha: string,
    offset: number,
    total: number,
    chunk: Uint8Array,
  ): Promise<AppendResult> {
    EvidenceStore.holder(holder)
    if (!EvidenceStore.isSha256(sha)) throw new Error('evidence id must be a lowercase hex SHA-256')
    if (total > MAX_EVIDENCE_BYTES) return { status: 'too-large', received: 0 }
    if (await this.holds(holder, sha)) return { status: 'present', received: total }
    const now = this.opts.now()
    let s = await this.session(holder, sha)
    if (s && s.size !== total) {
      // Another size for the same name: a different (wrong) file; start again from nothing.
      await this.dropSession(holder, sha)
      s = null
    }
    if (!s) {
      if (offset !== 0) return { status: 'offset-mismatch', received: 0 }
      await this.db
        .insertInto('upload_sessions')
        .values({ holder, sha256: sha, size: total, received: 0, updated_at_ms: now })
        .onConflict((oc) => oc.columns(['holder', 'sha256']).doNothing())
        .execute()
      s = await this.session(holder, sha)
      if (!s || s.size !== total) return { status: 'offset-mismatch', received: s?.received ?? 0 }
    }
    if (offset !== s.received) return { status: 'offset-mismatch', received: s.received }
    if (offset + chunk.length > total) {
      await this.dropSession(holder, sha)
      return { status: 'too-large', received: 0 }
    }
    const part = chunk.length
      ? `parts/${holder}/${sha}/${offset}-${randomBytes(6).toString('hex')}`
      : null
    if (part) await this.backend.putPart(part, chunk)
    const end = offset + chunk.length
    const admitted = await this.db.transaction().execute(async (trx) => {
      const u = await trx
        .updateTable('upload_sessions')
        .set({ received: end, updated_at_ms: now })
        .where('holder', '=', holder)
        .where('sha256', '=', sha)
        .where('size', '=', total)
        .where('received', '=', offset)
        .executeTakeFirst()
      if (Number(u.numUpdatedRows) !== 1) return false
      if (part)
        await trx
          .insertInto('upload_parts')
          .values({
            holder,
            sha256: sha,
            part_offset: offset,
            part_length: chunk.length,
            object: part,
          })
          .execute()
      return true
    })
    if (!admitted) {
      if (part) await this.backend.deleteParts([part])
      return { status: 'offset-mismatch', received: await this.received(holder, sha) }
    }
    this.appendedBytes += chunk.length
    if (end < total) return { status: 'partial', received: end }
    return this.complete(holder, sha, total)
  }

  /** The last chunk is in: check the whole file, store it (unless stored), record the holder. */
  private async complete(holder: string, sha: string, total: number): Promise<AppendResult> {
    const parts = await this.db
      .selectFrom('upload_parts')
      .select(['part_offset', 'part_length', 'object'])
      .where('holder', '=', holder)
      .where('sha256', '=', sha)
      .orderBy('part_offset')
      .execute()
    let at = 0
    for (const p of parts) {
      if (Number(p.part_offset) !== at) break
      at += Number(p.part_length)
    }
    const stored = (await this.sizes([sha])).has(sha)
    const actual =
      at === total
        ? await this.backend.assemble(
            sha,
            parts.map((p) => p.object),
            total,
            !stored,
          )
        : 'incomplete'
    if (actual !== sha) {
      await this.dropSession(holder, sha)
      return { status: 'hash-mismatch', received: 0, actual }
    }
    const since = new Date(this.opts.now()).toISOString()
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('evidence')
        .values({ sha256: sha, size: total, stored_at: since })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute()
      await trx
        .insertInto('evidence_holders')
        .values({ sha256: sha, holder, since })
        .onConflict((oc) => oc.columns(['sha256', 'holder']).doNothing())
        .execute()
      await forgetUpload(trx, holder, sha)
    })
    await this.backend.deleteParts(parts.map((p) => p.object)).catch(() => undefined)
    return { status: 'stored', received: total }
  }

  private async session(
    holder: string,
    sha: string,
  ): Promise<{ size: number; received: number } | null> {
    const r = await this.db
      .selectFrom('upload_sessions')
      .select(['size', 'received'])
      .where('holder', '=', holder)
      .where('sha256', '=', sha)
      .executeTakeFirst()
    return r ? { size: Number(r.size), received: Number(r.received) } : null
  }

  /** Forgets an upload in progress and deletes its parts. */
  private async dropSession(holder: string, sha: string): Promise<void> {
    const objects = await this.db.transaction().execute(async (trx) => {
      const parts = await trx
        .selectFrom('upload_parts')
        .select('object')
        .where('holder', '=', holder)
        .where('sha256', '=', sha)
        .execute()
      await forgetUpload(trx, holder, sha)
      return parts.map((p) => p.object)
    })
    await this.backend.deleteParts(objects)
  }

  /**
   * Removes uploads with no new chunk for the TTL, and part objects the database does not list
   * (a process that stopped between storing a chunk and admitting it).
   */
  async sweep(now: number): Promise<{ sessions: number; orphanParts: number }> {
    const before = now - (this.opts.uploadTtlMs ?? DEFAULT_UPLOAD_TTL_MS)
    const stale = await this.db
      .selectFrom('upload_sessions')
      .select(['holder', 'sha256'])
      .where('updated_at_ms', '<', before)
      .execute()
    for (const s of stale) await this.dropSession(s.holder, s.sha256)
    let orphanParts = 0
    const candidates = await this.backend.staleParts(before)
    for (let i = 0; i < candidates.length; i += 500) {
      const batch = candidates.slice(i, i + 500)
      const listed = new Set(
        (
          await this.db
            .selectFrom('upload_parts')
            .select('object')
            .where('object', 'in', batch)
            .execute()
        ).map((r) => r.object),
      )
      const orphans = batch.filter((n) => !listed.has(n))
      await this.backend.deleteParts(orphans)
      orphanParts += orphans.length
    }
    return { sessions: stale.length, orphanParts }
  }
}

/** Deletes one holder's upload of `sha` (its session and its part rows), inside `trx`. */
async function forgetUpload(
  trx: Transaction<CentralDB>,
  holder: string,
  sha: string,
): Promise<void> {
  await trx
    .deleteFrom('upload_parts')
    .where('holder', '=', holder)
    .where('sha256', '=', sha)
    .execute()
  await trx
    .deleteFrom('upload_sessions')
    .where('holder', '=', holder)
    .where('sha256', '=', sha)
    .execute()
}
