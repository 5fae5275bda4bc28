/**
 * Central migrations: one static map that runs unchanged on SQLite and PostgreSQL (only the
 * schema builder's portable types). Frozen: never edit a shipped migration, add a new one.
 */
import { PostgresAdapter, sql, type CreateTableBuilder, type Kysely, type Migration } from 'kysely'

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
  '0006-console': {
    // Issue 16 §1–2: the city console's staff accounts, sessions, its own append-only audit log
    // (failed logins are counted in rate_limits, 0004); integrity signals and their reviews (append-only); facts read once
    // from each accepted bundle's manifest (province, provider, dates) and EXIF capture times by
    // evidence hash. Every table is shared state of all instances (nothing kept in memory).
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      const postgres = db.getExecutor().adapter instanceof PostgresAdapter
      const serialId = <T extends string>(t: CreateTableBuilder<T>) =>
        postgres
          ? t.addColumn('id', 'bigserial', (c) => c.primaryKey())
          : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      await db.schema
        .createTable('staff')
        .addColumn('username', 'text', (c) => c.primaryKey())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('password_changed_at', 'text', (c) => c.notNull())
        .addColumn('disabled_at', 'text')
        .execute()
      await db.schema
        .createTable('staff_sessions')
        .addColumn('token_sha256', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull())
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
        .addColumn('last_seen_ms', 'bigint', (c) => c.notNull())
        .addColumn('expires_at_ms', 'bigint', (c) => c.notNull())
        .execute()
      await db.schema
        .createIndex('staff_sessions_user_idx')
        .on('staff_sessions')
        .column('username')
        .execute()
      await serialId(db.schema.createTable('console_audit'))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('username', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target', 'text')
        .addColumn('detail', 'text', (c) => c.notNull())
        .addColumn('ip', 'text')
        .execute()
      await db.schema
        .createTable('integrity_signals')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('signal_key', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('refs_json', 'text', (c) => c.notNull())
        .addColumn('facts_json', 'text', (c) => c.notNull())
        .addColumn('thresholds_id', 'text', (c) => c.notNull())
        .addColumn('first_seen_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull())
        .execute()
      await db.schema
        .createTable('integrity_signal_refs')
        .addColumn('signal_id', 'text', (c) => c.notNull())
        .addColumn('bundle_id', 'text', (c) => c.notNull())
        .addColumn('enterprise_key', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('integrity_signal_refs_pk', ['signal_id', 'bundle_id'])
        .execute()
      await db.schema
        .createIndex('integrity_signal_refs_ent_idx')
        .on('integrity_signal_refs')
        .column('enterprise_key')
        .execute()
      await serialId(db.schema.createTable('signal_reviews'))
        .addColumn('signal_id', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('username', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute()
      // a signal is cleared once (two reviewers at once: the second gets a conflict)
      await db.schema
        .createIndex('signal_reviews_once')
        .on('signal_reviews')
        .columns(['signal_id', 'action'])
        .unique()
        .execute()
      await db.schema
        .createTable('signal_runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('computed_at', 'text', (c) => c.notNull())
        .addColumn('records', 'integer', (c) => c.notNull())
        .execute()
      await db.schema
        .createTable('bundle_facts')
        .addColumn('bundle_id', 'text', (c) => c.primaryKey())
        .addColumn('zjtx', 'text')
        .addColumn('provider', 'text')
        .addColumn('assessor_name', 'text')
        .addColumn('assessed_on', 'text')
        .addColumn('survey_date', 'text')
        .execute()
      await db.schema
        .createTable('evidence_exif')
        .addColumn('sha256', 'text', (c) => c.primaryKey())
        .addColumn('taken_at', 'text')
        .addColumn('read_at', 'text', (c) => c.notNull())
        .execute()
      // Append-only: the console audit and the signal reviews refuse UPDATE and DELETE.
      for (const table of ['console_audit', 'signal_reviews']) {
        if (postgres) {
          await sql
            .raw(
              `CREATE FUNCTION ${table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${table} is append-only'; END $$`,
            )
            .execute(db)
          await sql
            .raw(
              `CREATE TRIGGER ${table}_no_change BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${table}_append_only()`,
            )
            .execute(db)
        } else {
          for (const op of ['UPDATE', 'DELETE'])
            await sql
              .raw(
                `CREATE TRIGGER ${table}_no_${op.toLowerCase()} BEFORE ${op} ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
              )
              .execute(db)
        }
      }
    },
  },
  '0007-upload-sessions': {
    // Issue 12 §6 / 16 §4: resumable uploads kept in the database (any instance takes the next
    // chunk), per holder: a key sees only its own partial uploads and the evidence it has sent
    // (evidence_holders). Parts are objects in the evidence store, listed in upload_parts.
    // Evidence already referenced by a pushed bundle is held by the key that pushed it.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('upload_sessions')
        .addColumn('holder', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('received', 'bigint', (c) => c.notNull())
        .addColumn('updated_at_ms', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('upload_sessions_pk', ['holder', 'sha256'])
        .execute()
      await db.schema
        .createIndex('upload_sessions_updated_idx')
        .on('upload_sessions')
        .column('updated_at_ms')
        .execute()
      await db.schema
        .createTable('upload_parts')
        .addColumn('holder', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('part_offset', 'bigint', (c) => c.notNull())
        .addColumn('part_length', 'bigint', (c) => c.notNull())
        .addColumn('object', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('upload_parts_pk', ['holder', 'sha256', 'part_offset'])
        .execute()
      await db.schema
        .createIndex('upload_parts_object_idx')
        .on('upload_parts')
        .column('object')
        .execute()
      await db.schema
        .createTable('evidence_holders')
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('holder', 'text', (c) => c.notNull())
        .addColumn('since', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('evidence_holders_pk', ['sha256', 'holder'])
        .execute()
      await sql`INSERT INTO evidence_holders (sha256, holder, since)
        SELECT DISTINCT be.sha256, b.pushed_by_key_id, b.received_at
        FROM bundle_evidence be JOIN bundles b ON b.bundle_id = be.bundle_id
        JOIN evidence e ON e.sha256 = be.sha256`.execute(db)
      await db.schema
        .createTable('instances')
        .addColumn('instance_id', 'text', (c) => c.primaryKey())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('seen_at_ms', 'bigint', (c) => c.notNull())
        .execute()
    },
  },
  '0008-reports-and-ownership': {
    // Issue 11 items 8–9. reports: every report a signed bundle carries (manifest.reports),
    // answered by GET /v1/reports/:number; one row per number (the first bundle that carried
    // it). record_successors: keys the administrator named to sign new versions of a record
    // (transfer-record; audited in console_audit).
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('reports')
        .addColumn('number', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('issued_on', 'text', (c) => c.notNull())
        .addColumn('bundle_id', 'text', (c) => c.notNull())
        .addColumn('record_id', 'text', (c) => c.notNull())
        .addColumn('record_version', 'integer', (c) => c.notNull())
        .addColumn('signer_key_id', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('reports_record_idx').on('reports').column('record_id').execute()
      await db.schema
        .createTable('record_successors')
        .addColumn('record_id', 'text', (c) => c.notNull())
        .addColumn('key_id', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('named_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('record_successors_pk', ['record_id', 'key_id'])
        .execute()
    },
  },
  '0009-bundles-manifest-sha256': {
    // Issue 11 item 1: an acceptance bundle names its diagnosis by manifest SHA-256; ingest looks
    // the held diagnosis up by that hash on every acceptance push.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema
        .createIndex('bundles_manifest_sha256_idx')
        .on('bundles')
        .column('manifest_sha256')
        .execute()
    },
  },
}
