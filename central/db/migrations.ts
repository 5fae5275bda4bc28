/**
 * Central migrations: one static map that runs unchanged on SQLite and PostgreSQL (only the
 * schema builder's portable types). Frozen: never edit a shipped migration, add a new one.
 */
import type { Kysely, Migration } from 'kysely'

export const centralMigrations: Record<string, Migration> = {
  '0001-init': {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('assessor_keys')
        .addColumn('key_id', 'text', (c) => c.primaryKey())
        .addColumn('algorithm', 'text', (c) => c.notNull())
        .addColumn('public_key_pem', 'text', (c) => c.notNull())
        .addColumn('assessor_name', 'text', (c) => c.notNull())
        .addColumn('agency', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('registered_at', 'text', (c) => c.notNull())
        .addColumn('approved_at', 'text')
        .execute()
      await db.schema
        .createTable('nonces')
        .addColumn('key_id', 'text', (c) => c.notNull())
        .addColumn('nonce', 'text', (c) => c.notNull())
        .addColumn('seen_at_ms', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('nonces_pk', ['key_id', 'nonce'])
        .execute()
      await db.schema.createIndex('nonces_seen_idx').on('nonces').column('seen_at_ms').execute()
      await db.schema
        .createTable('evidence')
        .addColumn('sha256', 'text', (c) => c.primaryKey())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('stored_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema
        .createTable('bundles')
        .addColumn('bundle_id', 'text', (c) => c.primaryKey())
        .addColumn('record_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('supersedes_bundle_id', 'text')
        .addColumn('supersede_reason', 'text')
        .addColumn('manifest_sha256', 'text', (c) => c.notNull())
        .addColumn('manifest_json', 'text', (c) => c.notNull())
        .addColumn('signature_json', 'text', (c) => c.notNull())
        .addColumn('assessor_key_id', 'text', (c) => c.notNull())
        .addColumn('pushed_by_key_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('accepted_at', 'text')
        .addColumn('receipt_json', 'text')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('enterprise_name', 'text', (c) => c.notNull())
        .addColumn('enterprise_uscc', 'text')
        .addColumn('county', 'text')
        .addColumn('industry', 'text')
        .addColumn('batch', 'integer')
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('total_milli', 'integer', (c) => c.notNull())
        .addUniqueConstraint('bundles_record_version_uq', ['record_id', 'version'])
        .execute()
      await db.schema
        .createTable('bundle_evidence')
        .addColumn('bundle_id', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('bundle_evidence_pk', ['bundle_id', 'sha256'])
        .execute()
      await db.schema
        .createTable('assignments')
        .addColumn('assessor_key_id', 'text', (c) => c.notNull())
        .addColumn('enterprise_id', 'text', (c) => c.notNull())
        .addColumn('enterprise_name', 'text', (c) => c.notNull())
        .addColumn('uscc', 'text')
        .addColumn('county', 'text')
        .addColumn('industry', 'text')
        .addColumn('batch', 'integer')
        .addColumn('kind', 'text')
        .addColumn('assigned_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('assignments_pk', ['assessor_key_id', 'enterprise_id'])
        .execute()
    },
  },
  '0002-bundle-dossier': {
    // Issue 8 item 4: an acceptance bundle's dossier summary, for the progress page. Null when
    // the bundle carries no dossier. Amounts in fen (bigint: read back as string on PostgreSQL).
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema.alterTable('bundles').addColumn('dossier_eligible_fen', 'bigint').execute()
      await db.schema.alterTable('bundles').addColumn('dossier_complete', 'integer').execute()
    },
  },
  '0003-rule-profiles': {
    // Issue 5 §3: rule profiles published by the city administrator, signed by the server key.
    // Immutable once published (a changed rule is a new id). body_json is the canonical JSON of
    // the signed body (sme-dl-rule-profile/v1), signature_json its SignatureEnvelope.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('published_rule_profiles')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('catalogue_id', 'text', (c) => c.notNull())
        .addColumn('profile_sha256', 'text', (c) => c.notNull())
        .addColumn('published_at', 'text', (c) => c.notNull())
        .addColumn('body_json', 'text', (c) => c.notNull())
        .addColumn('signature_json', 'text', (c) => c.notNull())
        .execute()
    },
  },
  '0004-rate-limits': {
    // Issue 12 §6 / 16 §4: rate-limit counters in the database (central/rate-limit.ts), shared by
    // every instance. One row per key and fixed window; expires_at for the sweep.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('rate_limits')
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('window_start', 'bigint', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('rate_limits_pk', ['key', 'window_start'])
        .execute()
      await db.schema
        .createIndex('rate_limits_expires_idx')
        .on('rate_limits')
        .column('expires_at')
        .execute()
    },
  },
  '0005-reference-documents': {
    // Issue 13: measures libraries (措施库) and 小快轻准 product catalogues published by the city
    // administrator, signed by the server key (sme-dl-measures/v1, sme-dl-products/v1). Immutable
    // once published (a changed one is a new id). body_json is the canonical JSON of the signed
    // body, signature_json its SignatureEnvelope.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('published_documents')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('catalogue_id', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('published_at', 'text', (c) => c.notNull())
        .addColumn('body_json', 'text', (c) => c.notNull())
        .addColumn('signature_json', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('published_documents_pk', ['kind', 'id'])
        .execute()
    },
  },
}
