/**
 * 0001: the initial schema. FROZEN: never edit once shipped, never import app code here;
 * later changes are new, additive migrations (style.md §8.6).
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`CREATE TABLE enterprises (
      id TEXT PRIMARY KEY NOT NULL,
      uscc TEXT NOT NULL UNIQUE CHECK (length(uscc) = 18),
      name TEXT NOT NULL CHECK (length(name) > 0),
      county TEXT NOT NULL,
      industry TEXT NOT NULL CHECK (industry IN ('electrical_electronics', 'new_materials', 'green_food')),
      sub_industry TEXT NOT NULL DEFAULT '',
      size TEXT NOT NULL CHECK (size IN ('medium', 'small', 'micro')),
      zjtx TEXT NOT NULL DEFAULT 'none' CHECK (zjtx IN ('none', 'innovative', 'provincial', 'little_giant')),
      batch INTEGER CHECK (batch BETWEEN 1 AND 3),
      contact TEXT NOT NULL DEFAULT '',
      phone TEXT NOT NULL DEFAULT '',
      address TEXT NOT NULL DEFAULT '',
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT`,
    sql`CREATE INDEX enterprises_county_industry ON enterprises (county, industry)`,

    sql`CREATE TABLE assessments (
      id TEXT PRIMARY KEY NOT NULL,
      enterprise_id TEXT NOT NULL REFERENCES enterprises (id),
      kind TEXT NOT NULL CHECK (kind IN ('diagnosis', 'acceptance', 'recheck')),
      status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'completed', 'signed')),
      catalogue_id TEXT NOT NULL,
      catalogue_hash TEXT NOT NULL CHECK (length(catalogue_hash) = 64),
      rule_profile_id TEXT NOT NULL,
      assessor_name TEXT NOT NULL,
      assessor_agency TEXT NOT NULL DEFAULT '',
      assessed_on TEXT,
      survey TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(survey)),
      version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
      supersedes TEXT UNIQUE REFERENCES assessments (id),
      supersede_reason TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      completed_at TEXT,
      CHECK ((supersedes IS NULL) = (supersede_reason IS NULL))
    ) STRICT`,
    sql`CREATE INDEX assessments_enterprise ON assessments (enterprise_id, kind, created_at)`,
    // Signed records are immutable; a completed one can only move on to signed.
    sql`CREATE TRIGGER assessments_signed_immutable BEFORE UPDATE ON assessments
      WHEN OLD.status = 'signed'
      BEGIN SELECT RAISE(ABORT, 'READ_ONLY: signed assessment'); END`,
    sql`CREATE TRIGGER assessments_completed_no_reopen BEFORE UPDATE ON assessments
      WHEN OLD.status = 'completed' AND NEW.status = 'draft'
      BEGIN SELECT RAISE(ABORT, 'READ_ONLY: completed assessment'); END`,
    sql`CREATE TRIGGER assessments_no_delete BEFORE DELETE ON assessments
      WHEN OLD.status <> 'draft'
      BEGIN SELECT RAISE(ABORT, 'READ_ONLY: completed assessment'); END`,

    sql`CREATE TABLE answers (
      assessment_id TEXT NOT NULL REFERENCES assessments (id),
      question_id TEXT NOT NULL CHECK (question_id GLOB 'Q[0-9][0-9]'),
      selected TEXT CHECK (selected IS NULL OR json_valid(selected)),
      note TEXT NOT NULL DEFAULT '',
      field_values TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(field_values)),
      updated_at TEXT NOT NULL,
      PRIMARY KEY (assessment_id, question_id)
    ) STRICT, WITHOUT ROWID`,

    sql`CREATE TABLE scene_judgements (
      assessment_id TEXT NOT NULL REFERENCES assessments (id),
      scene_id TEXT NOT NULL CHECK (scene_id GLOB 'SC[0-9][0-9]'),
      level INTEGER CHECK (level IS NULL OR level BETWEEN 0 AND 4),
      note TEXT NOT NULL DEFAULT '',
      updated_at TEXT NOT NULL,
      PRIMARY KEY (assessment_id, scene_id)
    ) STRICT, WITHOUT ROWID`,

    sql`CREATE TABLE evidence (
      id TEXT PRIMARY KEY NOT NULL,
      assessment_id TEXT NOT NULL REFERENCES assessments (id),
      item_id TEXT NOT NULL CHECK (item_id GLOB 'Q[0-9][0-9]' OR item_id GLOB 'SC[0-9][0-9]' OR item_id = 'survey'),
      sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
      size INTEGER NOT NULL CHECK (size >= 0),
      mime_type TEXT NOT NULL,
      original_name TEXT NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT`,
    sql`CREATE INDEX evidence_assessment_item ON evidence (assessment_id, item_id)`,
    sql`CREATE INDEX evidence_sha256 ON evidence (sha256)`,

    sql`CREATE TABLE audit_log (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      at TEXT NOT NULL,
      actor TEXT NOT NULL,
      action TEXT NOT NULL,
      entity TEXT NOT NULL,
      entity_id TEXT NOT NULL,
      detail TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail))
    ) STRICT`,
    sql`CREATE INDEX audit_log_entity ON audit_log (entity, entity_id)`,
    sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
    sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
  ]
  // Answers, scenes and evidence of a non-draft assessment cannot change (defence in depth;
  // services check first and give READ_ONLY with a message).
  for (const table of ['answers', 'scene_judgements', 'evidence']) {
    for (const op of ['INSERT', 'UPDATE', 'DELETE']) {
      const row = op === 'DELETE' ? 'OLD' : 'NEW'
      statements.push(
        sql.raw(`CREATE TRIGGER ${table}_${op.toLowerCase()}_draft_only BEFORE ${op} ON ${table}
          WHEN (SELECT status FROM assessments WHERE id = ${row}.assessment_id) <> 'draft'
          BEGIN SELECT RAISE(ABORT, 'READ_ONLY: assessment is not a draft'); END`),
      )
    }
  }
  for (const s of statements) await s.execute(db)
}

export async function down(): Promise<void> {
  throw new Error('0001-init cannot be reverted')
}
