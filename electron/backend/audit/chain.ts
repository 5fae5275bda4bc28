/**
 * Tamper evidence for the audit log (issue 7 item 4): every audit_log row has one link in
 * audit_chain (migration 0002) with
 *   hash = SHA-256 hex( RFC 8785 canonical JSON { prevHash, id, at, actor, action, entity,
 *                                                 entityId, detail } )
 * over the row as stored (detail = the stored JSON text), prevHash = the previous link's hash
 * (64 zeros for row 1). The link is written in the transaction that appends the row (audit.ts).
 *
 * `verifyAuditChain` walks the log in id order and reports the first row that was changed,
 * deleted (a gap in ids, a link without its row, rows cut from the end), moved or inserted
 * behind the app's back. Alone it cannot catch someone who also recomputes every later hash;
 * so every bundle signed here carries the chain head at signing (manifest.audit, `auditChainTip`)
 * and `checkAuditAnchors` checks the chain still holds each anchored link: rewriting any row
 * before a signed bundle now breaks a link that a signature (and the central copy) vouches for.
 */
import { sql } from 'kysely'
import { canonicalJson } from '../../../shared/domain/canonical-json'
import { sha256Hex } from '../../../shared/domain/hash'
import type { AuditLogRow } from '../db/tables/audit-log'
import type { Executor } from '../db/tx'

export const AUDIT_CHAIN_GENESIS = '0'.repeat(64)

/** The link hash of one stored audit_log row (must match migration 0002's backfill formula). */
export function auditLinkHash(prevHash: string, r: AuditLogRow): string {
  return sha256Hex(
    canonicalJson({
      prevHash,
      id: r.id,
      at: r.at,
      actor: r.actor,
      action: r.action,
      entity: r.entity,
      entityId: r.entityId,
      detail: r.detail,
    }),
  )
}

/**
 * Links the audit_log row just appended (the newest) to the chain tip. Call on the same
 * transaction as the append. The insert trigger refuses a link that does not extend the tip.
 */
export async function linkNewestAuditRow(trx: Executor): Promise<void> {
  const row = await trx
    .selectFrom('auditLog')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow()
  const tip = await trx
    .selectFrom('auditChain')
    .select('hash')
    .orderBy('auditId', 'desc')
    .limit(1)
    .executeTakeFirst()
  const prevHash = tip?.hash ?? AUDIT_CHAIN_GENESIS
  await trx
    .insertInto('auditChain')
    .values({ auditId: row.id, prevHash, hash: auditLinkHash(prevHash, row) })
    .execute()
}

export interface AuditChainVerdict {
  ok: boolean
  /** audit_log rows verified before the first problem (all rows when ok) */
  rows: number
  /** hash of the last link (the chain head) when ok; '' for an empty log */
  head?: string
  /** id of the first row found bad (for a deletion: the missing id) */
  firstBadRow?: number
  /** one line, naming the row; 'intact' when ok */
  reason: string
}

const PAGE = 1000

export async function verifyAuditChain(db: Executor): Promise<AuditChainVerdict> {
  let expectedPrev = AUDIT_CHAIN_GENESIS
  let lastId = 0
  let rows = 0
  const bad = (firstBadRow: number, reason: string): AuditChainVerdict => ({
    ok: false,
    rows,
    firstBadRow,
    reason,
  })
  for (;;) {
    const page = await db
      .selectFrom('auditLog as l')
      .leftJoin('auditChain as c', 'c.auditId', 'l.id')
      .select([
        'l.id',
        'l.at',
        'l.actor',
        'l.action',
        'l.entity',
        'l.entityId',
        'l.detail',
        'c.prevHash',
        'c.hash',
      ])
      .where('l.id', '>', lastId)
      .orderBy('l.id')
      .limit(PAGE)
      .execute()
    for (const r of page) {
      if (r.id !== lastId + 1) {
        const missing =
          r.id === lastId + 2 ? `row ${lastId + 1} is` : `rows ${lastId + 1}–${r.id - 1} are`
        return bad(lastId + 1, `${missing} missing (ids jump from ${lastId} to ${r.id}): deleted`)
      }
      if (r.hash === null || r.prevHash === null)
        return bad(r.id, `row ${r.id} has no chain link: inserted outside the app`)
      if (r.prevHash !== expectedPrev)
        return bad(
          r.id,
          r.id === 1
            ? `row 1: chain link does not start the chain: rows were removed before it or moved`
            : `row ${r.id}: chain link does not follow row ${r.id - 1}: row ${r.id - 1} and its link were rewritten, or rows were moved`,
        )
      const { prevHash, hash, ...row } = r
      if (auditLinkHash(prevHash, row) !== hash)
        return bad(r.id, `row ${r.id}: content does not match its hash: changed or moved`)
      expectedPrev = hash
      lastId = r.id
      rows++
    }
    if (page.length < PAGE) break
  }
  // a link whose row is gone at the end (the gap check above cannot see it)
  const orphan = await db
    .selectFrom('auditChain')
    .select('auditId')
    .where('auditId', '>', lastId)
    .orderBy('auditId')
    .limit(1)
    .executeTakeFirst()
  if (orphan)
    return bad(
      orphan.auditId,
      `row ${orphan.auditId} is missing but its chain link remains: deleted`,
    )
  // rows cut from the end: AUTOINCREMENT remembers the largest id ever handed out
  const seq = await sql<{
    seq: number
  }>`SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'`.execute(db)
  const maxEver = Number(seq.rows[0]?.seq ?? 0)
  if (maxEver > lastId)
    return bad(
      lastId + 1,
      maxEver === lastId + 1
        ? `row ${maxEver} is missing (the last row was deleted)`
        : `rows ${lastId + 1}–${maxEver} are missing (deleted from the end)`,
    )
  return { ok: true, rows, head: lastId === 0 ? '' : expectedPrev, reason: 'intact' }
}

/** The chain head now: newest audit_log id and its link hash (row 0 + genesis when empty). */
export async function auditChainTip(db: Executor): Promise<{ row: number; head: string }> {
  const tip = await db
    .selectFrom('auditChain')
    .select(['auditId', 'hash'])
    .orderBy('auditId', 'desc')
    .limit(1)
    .executeTakeFirst()
  return tip ? { row: tip.auditId, head: tip.hash } : { row: 0, head: AUDIT_CHAIN_GENESIS }
}

export interface AnchoredHead {
  row: number
  head: string
  /** where the anchor comes from, named in the reason (e.g. 'bundle 0193…') */
  source: string
}

/**
 * Checks that the chain still holds every anchored link (from bundles signed on this device).
 * Run after verifyAuditChain said intact: a recomputed chain passes that walk but not this.
 */
export async function checkAuditAnchors(
  db: Executor,
  anchors: readonly AnchoredHead[],
): Promise<{ ok: true; checked: number } | { ok: false; firstBadRow: number; reason: string }> {
  for (const a of [...anchors].sort((x, y) => x.row - y.row)) {
    if (a.row === 0) continue
    const link = await db
      .selectFrom('auditChain')
      .select('hash')
      .where('auditId', '=', a.row)
      .executeTakeFirst()
    if (!link)
      return {
        ok: false,
        firstBadRow: a.row,
        reason: `row ${a.row} anchored by ${a.source} is gone: the log was cut back`,
      }
    if (link.hash !== a.head)
      return {
        ok: false,
        firstBadRow: a.row,
        reason: `row ${a.row}: link hash differs from the one anchored by ${a.source}: the log up to row ${a.row} was rewritten`,
      }
  }
  return { ok: true, checked: anchors.length }
}
