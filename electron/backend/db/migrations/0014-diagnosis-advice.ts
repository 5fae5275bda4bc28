/**
 * 0014: 诊断建议 (issue 13 items 5–7). FROZEN once shipped: never edit, never import app code
 * here; later changes are new, additive migrations (style.md §8.6).
 * - advice_findings: per assessment and scene, the assessor's 现状, 痛点问题 and 需求;
 * - advice_plans: the accepted improvement plan of an assessment (target, measures library and
 *   product catalogue the suggestions came from);
 * - advice_steps: its item changes (complete value after the change, as JSON), in order, with
 *   the step's products (suggested or the assessor's own, JSON array);
 * - advice_measures: per step the measures, suggested from the library (possibly edited) or the
 *   assessor's own, with the assessor's investment estimate in fen.
 * Like answers and scenes, none of them changes once the assessment is no longer a draft.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`CREATE TABLE advice_findings (
      assessment_id TEXT NOT NULL REFERENCES assessments (id),
      scene_id TEXT NOT NULL CHECK (scene_id GLOB 'SC[0-9][0-9]'),
      status_quo TEXT NOT NULL DEFAULT '',
      pain_points TEXT NOT NULL DEFAULT '',
      needs TEXT NOT NULL DEFAULT '',
      updated_at TEXT NOT NULL,
      PRIMARY KEY (assessment_id, scene_id)
    ) STRICT, WITHOUT ROWID`,

    sql`CREATE TABLE advice_plans (
      assessment_id TEXT PRIMARY KEY NOT NULL REFERENCES assessments (id),
      target INTEGER NOT NULL CHECK (target BETWEEN 1 AND 4),
      measures_id TEXT NOT NULL,
      measures_version TEXT NOT NULL,
      measures_hash TEXT NOT NULL CHECK (length(measures_hash) = 64),
      products_id TEXT,
      products_sha256 TEXT CHECK (products_sha256 IS NULL OR length(products_sha256) = 64),
      accepted_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT`,

    sql`CREATE TABLE advice_steps (
      assessment_id TEXT NOT NULL REFERENCES advice_plans (assessment_id) ON DELETE CASCADE,
      item TEXT NOT NULL CHECK (item GLOB 'Q[0-9][0-9]' OR item GLOB 'SC[0-9][0-9]'),
      position INTEGER NOT NULL CHECK (position >= 0),
      kind TEXT NOT NULL CHECK (kind IN ('question', 'scene')),
      value_json TEXT NOT NULL CHECK (json_valid(value_json)),
      before_json TEXT NOT NULL CHECK (json_valid(before_json)),
      gain_milli INTEGER NOT NULL CHECK (gain_milli >= 0),
      constrained INTEGER CHECK (constrained IS NULL OR constrained IN (0, 1)),
      products_json TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(products_json) AND json_type(products_json) = 'array'),
      PRIMARY KEY (assessment_id, item)
    ) STRICT, WITHOUT ROWID`,

    sql`CREATE TABLE advice_measures (
      id TEXT PRIMARY KEY NOT NULL,
      assessment_id TEXT NOT NULL,
      item TEXT NOT NULL,
      position INTEGER NOT NULL CHECK (position >= 0),
      source TEXT NOT NULL CHECK (source IN ('suggested', 'own')),
      entry_key TEXT,
      title TEXT NOT NULL CHECK (length(trim(title)) > 0),
      text TEXT NOT NULL DEFAULT '',
      cost_min_yuan INTEGER,
      cost_max_yuan INTEGER,
      weeks_min INTEGER,
      weeks_max INTEGER,
      investment_fen INTEGER CHECK (investment_fen IS NULL OR investment_fen >= 0),
      updated_at TEXT NOT NULL,
      CHECK ((cost_min_yuan IS NULL) = (cost_max_yuan IS NULL) AND (cost_min_yuan IS NULL OR cost_min_yuan <= cost_max_yuan)),
      CHECK ((weeks_min IS NULL) = (weeks_max IS NULL) AND (weeks_min IS NULL OR weeks_min <= weeks_max)),
      FOREIGN KEY (assessment_id, item) REFERENCES advice_steps (assessment_id, item) ON DELETE CASCADE
    ) STRICT`,
    sql`CREATE INDEX advice_measures_step ON advice_measures (assessment_id, item, position)`,
  ]
  // No change once the assessment is completed or signed (defence in depth; services check first
  // and answer READ_ONLY with a message).
  for (const table of ['advice_findings', 'advice_plans', 'advice_steps', 'advice_measures']) {
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
  throw new Error('0014-diagnosis-advice cannot be reverted')
}
