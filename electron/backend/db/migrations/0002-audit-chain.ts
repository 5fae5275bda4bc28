/**
 * 0002: tamper evidence for the audit log (issue 7 item 4). FROZEN: never edit once shipped,
 * never import app code here (style.md §8.6).
 *
 * A separate table `audit_chain` holds one link per audit_log row, so audit_log and its
 * append-only triggers (0001) stay untouched:
 *   hash = SHA-256 hex of RFC 8785 canonical JSON of
 *          { prevHash, id, at, actor, action, entity, entityId, detail }
 *   (detail as the stored JSON text; prevHash of the first row = 64 zeros).
 * The same formula lives in electron/backend/audit/chain.ts; the backfill of existing rows below
 * must stay byte-identical with it (chain.test.ts migrates a 0001 database and verifies it).
 *
 * Triggers: links are append-only, and a new link must extend the chain tip and belong to the
 * newest audit_log row (so a link cannot be forked, skipped or written out of order by mistake).
 */
import { createHash } from 'node:crypto'
import canonicalize from 'canonicalize'
import { sql, type Kysely } from 'kysely'

const GENESIS = '0'.repeat(64)

interface AuditRow {
  id: number
  at: string
  actor: string
  action: string
  entity: string
  entity_id: string
  detail: string
}

function linkHash(prevHash: string, r: AuditRow): string {
  const text = canonicalize({
    prevHash,
    id: r.id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    detail: r.detail,
  })
  if (text === undefined) throw new Error('0002-audit-chain: row has no JSON form')
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE audit_chain (
      audit_id INTEGER PRIMARY KEY NOT NULL REFERENCES audit_log (id),
      prev_hash TEXT NOT NULL UNIQUE CHECK (length(prev_hash) = 64),
      hash TEXT NOT NULL CHECK (length(hash) = 64)
    ) STRICT`.execute(db)

  // Backfill: link the rows written before this migration, in id order.
  const rows = await sql<AuditRow>`SELECT id, at, actor, action, entity, entity_id, detail
    FROM audit_log ORDER BY id`.execute(db)
  let prev = GENESIS
  for (const r of rows.rows) {
    const hash = linkHash(prev, r)
    await sql`INSERT INTO audit_chain (audit_id, prev_hash, hash) VALUES (${r.id}, ${prev}, ${hash})`.execute(
      db,
    )
    prev = hash
  }

  await sql`CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db)
  await sql`CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db)
  await sql`CREATE TRIGGER audit_chain_extends_tip BEFORE INSERT ON audit_chain
      WHEN NEW.audit_id IS NOT (SELECT max(id) FROM audit_log)
        OR NEW.prev_hash IS NOT coalesce(
          (SELECT hash FROM audit_chain ORDER BY audit_id DESC LIMIT 1),
          '0000000000000000000000000000000000000000000000000000000000000000')
      BEGIN SELECT RAISE(ABORT, 'audit_chain: a link must extend the chain tip and link the newest audit row'); END`.execute(
    db,
  )
}

export async function down(): Promise<void> {
  throw new Error('0002-audit-chain cannot be reverted')
}
