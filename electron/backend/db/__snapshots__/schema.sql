-- index advice_measures_step
CREATE INDEX advice_measures_step ON advice_measures (assessment_id, item, position);
-- index assessments_enterprise
CREATE INDEX assessments_enterprise ON assessments (enterprise_id, kind, created_at);
-- index audit_log_entity
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
-- index dossier_files_enterprise
CREATE INDEX dossier_files_enterprise ON dossier_files (enterprise_id);
-- index enterprise_identity_changes_enterprise
CREATE INDEX enterprise_identity_changes_enterprise ON enterprise_identity_changes (enterprise_id, changed_at);
-- index enterprises_county_industry
CREATE INDEX enterprises_county_industry ON enterprises (county, industry);
-- index enterprises_name_pinyin
CREATE INDEX enterprises_name_pinyin ON enterprises (name_pinyin, name, id);
-- index evidence_assessment_item
CREATE INDEX evidence_assessment_item ON evidence (assessment_id, item_id);
-- index evidence_sha256
CREATE INDEX evidence_sha256 ON evidence (sha256);
-- index report_registry_assessment
CREATE INDEX report_registry_assessment ON report_registry (assessment_id);
-- index sync_outbox_due
CREATE INDEX sync_outbox_due ON sync_outbox (state, next_attempt_at);
-- table advice_findings
CREATE TABLE advice_findings ( assessment_id TEXT NOT NULL REFERENCES assessments (id), scene_id TEXT NOT NULL CHECK (scene_id GLOB 'SC[0-9][0-9]'), status_quo TEXT NOT NULL DEFAULT '', pain_points TEXT NOT NULL DEFAULT '', needs TEXT NOT NULL DEFAULT '', updated_at TEXT NOT NULL, PRIMARY KEY (assessment_id, scene_id) ) STRICT, WITHOUT ROWID;
-- table advice_measures
CREATE TABLE advice_measures ( id TEXT PRIMARY KEY NOT NULL, assessment_id TEXT NOT NULL, item TEXT NOT NULL, position INTEGER NOT NULL CHECK (position >= 0), source TEXT NOT NULL CHECK (source IN ('suggested', 'own')), entry_key TEXT, title TEXT NOT NULL CHECK (length(trim(title)) > 0), text TEXT NOT NULL DEFAULT '', cost_min_yuan INTEGER, cost_max_yuan INTEGER, weeks_min INTEGER, weeks_max INTEGER, investment_fen INTEGER CHECK (investment_fen IS NULL OR investment_fen >= 0), updated_at TEXT NOT NULL, CHECK ((cost_min_yuan IS NULL) = (cost_max_yuan IS NULL) AND (cost_min_yuan IS NULL OR cost_min_yuan <= cost_max_yuan)), CHECK ((weeks_min IS NULL) = (weeks_max IS NULL) AND (weeks_min IS NULL OR weeks_min <= weeks_max)), FOREIGN KEY (assessment_id, item) REFERENCES advice_steps (assessment_id, item) ON DELETE CASCADE ) STRICT;
-- table advice_plans
CREATE TABLE advice_plans ( assessment_id TEXT PRIMARY KEY NOT NULL REFERENCES assessments (id), target INTEGER NOT NULL CHECK (target BETWEEN 1 AND 4), measures_id TEXT NOT NULL, measures_version TEXT NOT NULL, measures_hash TEXT NOT NULL CHECK (length(measures_hash) = 64), products_id TEXT, products_sha256 TEXT CHECK (products_sha256 IS NULL OR length(products_sha256) = 64), accepted_at TEXT NOT NULL, updated_at TEXT NOT NULL ) STRICT;
-- table advice_steps
CREATE TABLE advice_steps ( assessment_id TEXT NOT NULL REFERENCES advice_plans (assessment_id) ON DELETE CASCADE, item TEXT NOT NULL CHECK (item GLOB 'Q[0-9][0-9]' OR item GLOB 'SC[0-9][0-9]'), position INTEGER NOT NULL CHECK (position >= 0), kind TEXT NOT NULL CHECK (kind IN ('question', 'scene')), value_json TEXT NOT NULL CHECK (json_valid(value_json)), before_json TEXT NOT NULL CHECK (json_valid(before_json)), gain_milli INTEGER NOT NULL CHECK (gain_milli >= 0), constrained INTEGER CHECK (constrained IS NULL OR constrained IN (0, 1)), products_json TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(products_json) AND json_type(products_json) = 'array'), PRIMARY KEY (assessment_id, item) ) STRICT, WITHOUT ROWID;
-- table answers
CREATE TABLE answers ( assessment_id TEXT NOT NULL REFERENCES assessments (id), question_id TEXT NOT NULL CHECK (question_id GLOB 'Q[0-9][0-9]'), selected TEXT CHECK (selected IS NULL OR json_valid(selected)), note TEXT NOT NULL DEFAULT '', field_values TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(field_values)), updated_at TEXT NOT NULL, PRIMARY KEY (assessment_id, question_id) ) STRICT, WITHOUT ROWID;
-- table assessments
CREATE TABLE assessments ( id TEXT PRIMARY KEY NOT NULL, enterprise_id TEXT NOT NULL REFERENCES enterprises (id), kind TEXT NOT NULL CHECK (kind IN ('diagnosis', 'acceptance', 'recheck')), status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'completed', 'signed')), catalogue_id TEXT NOT NULL, catalogue_hash TEXT NOT NULL CHECK (length(catalogue_hash) = 64), rule_profile_id TEXT NOT NULL, assessor_name TEXT NOT NULL, assessor_agency TEXT NOT NULL DEFAULT '', assessed_on TEXT, survey TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(survey)), version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1), supersedes TEXT UNIQUE REFERENCES assessments (id), supersede_reason TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, completed_at TEXT, CHECK ((supersedes IS NULL) = (supersede_reason IS NULL)) ) STRICT;
-- table assessor_profile
CREATE TABLE assessor_profile ( id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1), name TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 50), agency TEXT NOT NULL CHECK (length(trim(agency)) BETWEEN 1 AND 100), cert_p12 BLOB, cert_file_name TEXT, cert_subject TEXT, cert_valid_to TEXT, cert_sha256 TEXT CHECK (cert_sha256 IS NULL OR length(cert_sha256) = 64), updated_at TEXT NOT NULL, CHECK ((cert_p12 IS NULL) = (cert_sha256 IS NULL)) ) STRICT;
-- table audit_chain
CREATE TABLE audit_chain ( audit_id INTEGER PRIMARY KEY NOT NULL REFERENCES audit_log (id), prev_hash TEXT NOT NULL UNIQUE CHECK (length(prev_hash) = 64), hash TEXT NOT NULL CHECK (length(hash) = 64) ) STRICT;
-- table audit_log
CREATE TABLE audit_log ( id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail)) ) STRICT;
-- table dossier_files
CREATE TABLE dossier_files ( id TEXT PRIMARY KEY NOT NULL, enterprise_id TEXT NOT NULL REFERENCES enterprises (id), sha256 TEXT NOT NULL CHECK (length(sha256) = 64), size INTEGER NOT NULL CHECK (size > 0), mime_type TEXT NOT NULL, original_name TEXT NOT NULL, created_at TEXT NOT NULL ) STRICT;
-- table dossier_items
CREATE TABLE dossier_items ( enterprise_id TEXT NOT NULL REFERENCES enterprises (id), template_id TEXT NOT NULL, template_version TEXT NOT NULL, item_id TEXT NOT NULL CHECK (length(item_id) > 0), state TEXT NOT NULL CHECK (state IN ('attached', 'missing', 'waived')), reason TEXT NOT NULL DEFAULT '', file_ids TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(file_ids) AND json_type(file_ids) = 'array'), updated_at TEXT NOT NULL, CHECK (state = 'attached' OR length(trim(reason)) > 0), CHECK (state <> 'attached' OR json_array_length(file_ids) > 0), PRIMARY KEY (enterprise_id, template_id, item_id) ) STRICT, WITHOUT ROWID;
-- table enterprise_identity_changes
CREATE TABLE enterprise_identity_changes ( id TEXT PRIMARY KEY NOT NULL, enterprise_id TEXT NOT NULL REFERENCES enterprises (id), field TEXT NOT NULL CHECK (field IN ('uscc', 'name', 'batch')), old_value TEXT, new_value TEXT, reason TEXT NOT NULL DEFAULT '', changed_at TEXT NOT NULL, changed_by TEXT NOT NULL ) STRICT;
-- table enterprises
CREATE TABLE enterprises ( id TEXT PRIMARY KEY NOT NULL, uscc TEXT NOT NULL UNIQUE CHECK (length(uscc) = 18), name TEXT NOT NULL CHECK (length(name) > 0), county TEXT NOT NULL, industry TEXT NOT NULL CHECK (industry IN ('electrical_electronics', 'new_materials', 'green_food')), sub_industry TEXT NOT NULL DEFAULT '', size TEXT NOT NULL CHECK (size IN ('medium', 'small', 'micro')), zjtx TEXT NOT NULL DEFAULT 'none' CHECK (zjtx IN ('none', 'innovative', 'provincial', 'little_giant')), batch INTEGER CHECK (batch BETWEEN 1 AND 3), contact TEXT NOT NULL DEFAULT '', phone TEXT NOT NULL DEFAULT '', address TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, updated_at TEXT NOT NULL , name_pinyin TEXT NOT NULL DEFAULT '', name_initials TEXT NOT NULL DEFAULT '') STRICT;
-- table evidence
CREATE TABLE evidence ( id TEXT PRIMARY KEY NOT NULL, assessment_id TEXT NOT NULL REFERENCES assessments (id), item_id TEXT NOT NULL CHECK (item_id GLOB 'Q[0-9][0-9]' OR item_id GLOB 'SC[0-9][0-9]' OR item_id = 'survey'), sha256 TEXT NOT NULL CHECK (length(sha256) = 64), size INTEGER NOT NULL CHECK (size >= 0), mime_type TEXT NOT NULL, original_name TEXT NOT NULL, created_at TEXT NOT NULL ) STRICT;
-- table known_keys
CREATE TABLE known_keys ( key_id TEXT PRIMARY KEY NOT NULL CHECK (length(key_id) = 64), algorithm TEXT NOT NULL CHECK (algorithm IN ('Ed25519', 'SM2-SM3')), public_key_pem TEXT NOT NULL, name TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 40), agency TEXT NOT NULL DEFAULT '', source TEXT NOT NULL CHECK (source IN ('central', 'file')), added_at TEXT NOT NULL, updated_at TEXT NOT NULL ) STRICT;
-- table kysely_migration
CREATE TABLE "kysely_migration" ("name" varchar(255) not null primary key, "timestamp" varchar(255) not null);
-- table kysely_migration_lock
CREATE TABLE "kysely_migration_lock" ("id" varchar(255) not null primary key, "is_locked" integer default 0 not null);
-- table ledger_rows
CREATE TABLE ledger_rows ( id TEXT PRIMARY KEY NOT NULL, enterprise_id TEXT NOT NULL REFERENCES enterprises (id), invoice_no TEXT NOT NULL CHECK (length(trim(invoice_no)) > 0), invoice_key TEXT NOT NULL, date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'), supplier TEXT NOT NULL CHECK (length(trim(supplier)) > 0), amount_fen INTEGER NOT NULL CHECK (amount_fen > 0), category TEXT NOT NULL CHECK (category IN ('software', 'cloud', 'data_equipment', 'consulting', 'other')), invoice_file_id TEXT REFERENCES dossier_files (id), payment_file_id TEXT REFERENCES dossier_files (id), note TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, updated_at TEXT NOT NULL, UNIQUE (enterprise_id, invoice_key) ) STRICT;
-- table panel_decisions
CREATE TABLE panel_decisions ( panel_id TEXT NOT NULL REFERENCES panel_reviews (id), item_id TEXT NOT NULL, value_json TEXT NOT NULL CHECK (json_valid(value_json)), reason TEXT NOT NULL CHECK (length(trim(reason)) > 0), decided_at TEXT NOT NULL, PRIMARY KEY (panel_id, item_id) ) STRICT;
-- table panel_reviews
CREATE TABLE panel_reviews ( id TEXT PRIMARY KEY NOT NULL, enterprise_id TEXT NOT NULL REFERENCES enterprises (id), lead_json TEXT NOT NULL CHECK (json_valid(lead_json)), experts_json TEXT NOT NULL CHECK (json_valid(experts_json)), created_at TEXT NOT NULL, signed_bundle_id TEXT, signed_manifest_sha256 TEXT, record_json TEXT CHECK (record_json IS NULL OR json_valid(record_json)) ) STRICT;
-- table panel_scorings
CREATE TABLE panel_scorings ( panel_id TEXT NOT NULL REFERENCES panel_reviews (id), expert_key_id TEXT NOT NULL, bundle_id TEXT NOT NULL, manifest_sha256 TEXT NOT NULL CHECK (length(manifest_sha256) = 64), file_name TEXT NOT NULL, bundle BLOB NOT NULL, imported_at TEXT NOT NULL, PRIMARY KEY (panel_id, expert_key_id) ) STRICT;
-- table recheck_bases
CREATE TABLE recheck_bases ( recheck_assessment_id TEXT PRIMARY KEY NOT NULL REFERENCES assessments (id), bundle_id TEXT NOT NULL, manifest_sha256 TEXT NOT NULL CHECK (length(manifest_sha256) = 64), signer_key_id TEXT NOT NULL, bundle BLOB NOT NULL, imported_at TEXT NOT NULL ) STRICT;
-- table reference_documents
CREATE TABLE reference_documents ( kind TEXT NOT NULL CHECK (kind IN ('measures', 'products')), id TEXT NOT NULL CHECK (length(id) BETWEEN 1 AND 64), catalogue_id TEXT NOT NULL, title TEXT NOT NULL, sha256 TEXT NOT NULL CHECK (length(sha256) = 64), published_at TEXT NOT NULL, body_json TEXT NOT NULL CHECK (json_valid(body_json)), signature_json TEXT NOT NULL CHECK (json_valid(signature_json)), received_at TEXT NOT NULL, source TEXT NOT NULL CHECK (source IN ('central', 'file')), PRIMARY KEY (kind, id) ) STRICT;
-- table reference_rule_profiles
CREATE TABLE reference_rule_profiles ( id TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 64), catalogue_id TEXT NOT NULL, profile_sha256 TEXT NOT NULL CHECK (length(profile_sha256) = 64), published_at TEXT NOT NULL, body_json TEXT NOT NULL CHECK (json_valid(body_json)), signature_json TEXT NOT NULL CHECK (json_valid(signature_json)), received_at TEXT NOT NULL, source TEXT NOT NULL CHECK (source IN ('central', 'file')) ) STRICT;
-- table report_registry
CREATE TABLE report_registry ( number TEXT PRIMARY KEY NOT NULL CHECK (length(number) BETWEEN 1 AND 80), kind TEXT NOT NULL CHECK (kind IN ('diagnosis', 'acceptance', 'recheck')), sha256 TEXT NOT NULL CHECK (length(sha256) = 64), assessment_id TEXT NOT NULL REFERENCES assessments (id), issued_on TEXT NOT NULL, signer TEXT, signed_at TEXT, created_at TEXT NOT NULL , diagnosis_bundle_id TEXT CHECK (diagnosis_bundle_id IS NULL OR length(diagnosis_bundle_id) BETWEEN 1 AND 80), diagnosis_manifest_sha256 TEXT CHECK (diagnosis_manifest_sha256 IS NULL OR length(diagnosis_manifest_sha256) = 64), diagnosis_report_number TEXT) STRICT;
-- table scene_judgements
CREATE TABLE scene_judgements ( assessment_id TEXT NOT NULL REFERENCES assessments (id), scene_id TEXT NOT NULL CHECK (scene_id GLOB 'SC[0-9][0-9]'), level INTEGER CHECK (level IS NULL OR level BETWEEN 0 AND 4), note TEXT NOT NULL DEFAULT '', updated_at TEXT NOT NULL, PRIMARY KEY (assessment_id, scene_id) ) STRICT, WITHOUT ROWID;
-- table sync_assignments
CREATE TABLE sync_assignments ( enterprise_id TEXT PRIMARY KEY NOT NULL, enterprise_name TEXT NOT NULL, uscc TEXT, county TEXT, industry TEXT, batch INTEGER, kind TEXT, fetched_at TEXT NOT NULL ) STRICT;
-- table sync_bundles
CREATE TABLE sync_bundles ( bundle_id TEXT PRIMARY KEY NOT NULL, record_id TEXT NOT NULL, version INTEGER NOT NULL CHECK (version >= 1), assessment_id TEXT UNIQUE, source TEXT NOT NULL CHECK (source IN ('local', 'import')), enterprise_name TEXT NOT NULL, kind TEXT NOT NULL, level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 4), evidence_count INTEGER NOT NULL, manifest_sha256 TEXT NOT NULL CHECK (length(manifest_sha256) = 64), key_id TEXT NOT NULL, created_at TEXT NOT NULL, UNIQUE (record_id, version) ) STRICT;
-- table sync_outbox
CREATE TABLE sync_outbox ( bundle_id TEXT PRIMARY KEY NOT NULL, record_id TEXT NOT NULL, version INTEGER NOT NULL CHECK (version >= 1), manifest_sha256 TEXT NOT NULL CHECK (length(manifest_sha256) = 64), state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'accepted', 'rejected')), attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0), next_attempt_at INTEGER NOT NULL, last_error TEXT, receipt_json TEXT CHECK (receipt_json IS NULL OR json_valid(receipt_json)), created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL ) STRICT;
-- table sync_pulls
CREATE TABLE sync_pulls ( id INTEGER PRIMARY KEY, pulled_at TEXT NOT NULL, server_url TEXT NOT NULL, assignments INTEGER NOT NULL CHECK (assignments >= 0), profiles_stored INTEGER NOT NULL CHECK (profiles_stored >= 0), refused_json TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(refused_json)) ) STRICT;
-- trigger advice_findings_delete_draft_only
CREATE TRIGGER advice_findings_delete_draft_only BEFORE DELETE ON advice_findings WHEN (SELECT status FROM assessments WHERE id = OLD.assessment_id) <> 'draft' BEGIN SELECT RAISE(ABORT, 'READ_ONLY: assessment is not a draft'); END;
-- trigger advice_findings_insert_draft_only
CREATE TRIGGER advice_findings_insert_draft_only BEFORE INSERT ON advice_findings WHEN (SELECT status FROM assessments WHERE id = NEW.assessment_id) <> 'draft' BEGIN SELECT RAISE(ABORT, 'READ_ONLY: assessment is not a draft'); END;
-- trigger advice_findings_update_draft_only
CREATE TRIGGER advice_findings_update_draft_only BEFORE UPDATE ON advice_findings WHEN (SELECT status FROM assessments WHERE id = NEW.assessment_id) <> 'draft' BEGIN SELECT RAISE(ABORT, 'READ_ONLY: assessment is not a draft'); END;
-- trigger advice_measures_delete_draft_only
CREATE TRIGGER advice_measures_delete_draft_only BEFORE DELETE ON advice_measures WHEN (SELECT status FROM assessments WHERE id = OLD.assessment_id) <> 'draft' BEGIN SELECT RAISE(ABORT, 'READ_ONLY: assessment is not a draft'); END;
-- trigger advice_measures_insert_draft_only
CREATE TRIGGER advice_measures_insert_draft_only BEFORE INSERT ON advice_measures WHEN (SELECT status FROM assessments WHERE id = NEW.assessment_id) <> 'draft' BEGIN SELECT RAISE(ABORT, 'READ_ONLY: assessment is not a draft'); END;
-- trigger advice_measures_update_draft_only
CREATE TRIGGER advice_measures_update_draft_only BEFORE UPDATE ON advice_measures WHEN (SELECT status FROM assessments WHERE id = NEW.assessment_id) <> 'draft' BEGIN SELECT RAISE(ABORT, 'READ_ONLY: assessment is not a draft'); END;
-- trigger advice_plans_delete_draft_only
CREATE TRIGGER advice_plans_delete_draft_only BEFORE DELETE ON advice_plans WHEN (SELECT status FROM assessments WHERE id = OLD.assessment_id) <> 'draft' BEGIN SELECT RAISE(ABORT, 'READ_ONLY: assessment is not a draft'); END;
-- trigger advice_plans_insert_draft_only
CREATE TRIGGER advice_plans_insert_draft_only BEFORE INSERT ON advice_plans WHEN (SELECT status FROM assessments WHERE id = NEW.assessment_id) <> 'draft' BEGIN SELECT RAISE(ABORT, 'READ_ONLY: assessment is not a draft'); END;
-- trigger advice_plans_update_draft_only
CREATE TRIGGER advice_plans_update_draft_only BEFORE UPDATE ON advice_plans WHEN (SELECT status FROM assessments WHERE id = NEW.assessment_id) <> 'draft' BEGIN SELECT RAISE(ABORT, 'READ_ONLY: assessment is not a draft'); END;
-- trigger advice_steps_delete_draft_only
CREATE TRIGGER advice_steps_delete_draft_only BEFORE DELETE ON advice_steps WHEN (SELECT status FROM assessments WHERE id = OLD.assessment_id) <> 'draft' BEGIN SELECT RAISE(ABORT, 'READ_ONLY: assessment is not a draft'); END;
-- trigger advice_steps_insert_draft_only
CREATE TRIGGER advice_steps_insert_draft_only BEFORE INSERT ON advice_steps WHEN (SELECT status FROM assessments WHERE id = NEW.assessment_id) <> 'draft' BEGIN SELECT RAISE(ABORT, 'READ_ONLY: assessment is not a draft'); END;
-- trigger advice_steps_update_draft_only
CREATE TRIGGER advice_steps_update_draft_only BEFORE UPDATE ON advice_steps WHEN (SELECT status FROM assessments WHERE id = NEW.assessment_id) <> 'draft' BEGIN SELECT RAISE(ABORT, 'READ_ONLY: assessment is not a draft'); END;
-- trigger answers_delete_draft_only
CREATE TRIGGER answers_delete_draft_only BEFORE DELETE ON answers WHEN (SELECT status FROM assessments WHERE id = OLD.assessment_id) <> 'draft' BEGIN SELECT RAISE(ABORT, 'READ_ONLY: assessment is not a draft'); END;
-- trigger answers_insert_draft_only
CREATE TRIGGER answers_insert_draft_only BEFORE INSERT ON answers WHEN (SELECT status FROM assessments WHERE id = NEW.assessment_id) <> 'draft' BEGIN SELECT RAISE(ABORT, 'READ_ONLY: assessment is not a draft'); END;
-- trigger answers_update_draft_only
CREATE TRIGGER answers_update_draft_only BEFORE UPDATE ON answers WHEN (SELECT status FROM assessments WHERE id = NEW.assessment_id) <> 'draft' BEGIN SELECT RAISE(ABORT, 'READ_ONLY: assessment is not a draft'); END;
-- trigger assessments_completed_no_reopen
CREATE TRIGGER assessments_completed_no_reopen BEFORE UPDATE ON assessments WHEN OLD.status = 'completed' AND NEW.status = 'draft' BEGIN SELECT RAISE(ABORT, 'READ_ONLY: completed assessment'); END;
-- trigger assessments_no_delete
CREATE TRIGGER assessments_no_delete BEFORE DELETE ON assessments WHEN OLD.status <> 'draft' BEGIN SELECT RAISE(ABORT, 'READ_ONLY: completed assessment'); END;
-- trigger assessments_signed_immutable
CREATE TRIGGER assessments_signed_immutable BEFORE UPDATE ON assessments WHEN OLD.status = 'signed' BEGIN SELECT RAISE(ABORT, 'READ_ONLY: signed assessment'); END;
-- trigger audit_chain_extends_tip
CREATE TRIGGER audit_chain_extends_tip BEFORE INSERT ON audit_chain WHEN NEW.audit_id IS NOT (SELECT max(id) FROM audit_log) OR NEW.prev_hash IS NOT coalesce( (SELECT hash FROM audit_chain ORDER BY audit_id DESC LIMIT 1), '0000000000000000000000000000000000000000000000000000000000000000') BEGIN SELECT RAISE(ABORT, 'audit_chain: a link must extend the chain tip and link the newest audit row'); END;
-- trigger audit_chain_no_delete
CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
-- trigger audit_chain_no_update
CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
-- trigger audit_log_no_delete
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
-- trigger audit_log_no_update
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
-- trigger enterprise_identity_changes_no_delete
CREATE TRIGGER enterprise_identity_changes_no_delete BEFORE DELETE ON enterprise_identity_changes BEGIN SELECT RAISE(ABORT, 'enterprise_identity_changes is append-only'); END;
-- trigger enterprise_identity_changes_no_update
CREATE TRIGGER enterprise_identity_changes_no_update BEFORE UPDATE ON enterprise_identity_changes BEGIN SELECT RAISE(ABORT, 'enterprise_identity_changes is append-only'); END;
-- trigger evidence_delete_draft_only
CREATE TRIGGER evidence_delete_draft_only BEFORE DELETE ON evidence WHEN (SELECT status FROM assessments WHERE id = OLD.assessment_id) <> 'draft' BEGIN SELECT RAISE(ABORT, 'READ_ONLY: assessment is not a draft'); END;
-- trigger evidence_insert_draft_only
CREATE TRIGGER evidence_insert_draft_only BEFORE INSERT ON evidence WHEN (SELECT status FROM assessments WHERE id = NEW.assessment_id) <> 'draft' BEGIN SELECT RAISE(ABORT, 'READ_ONLY: assessment is not a draft'); END;
-- trigger evidence_update_draft_only
CREATE TRIGGER evidence_update_draft_only BEFORE UPDATE ON evidence WHEN (SELECT status FROM assessments WHERE id = NEW.assessment_id) <> 'draft' BEGIN SELECT RAISE(ABORT, 'READ_ONLY: assessment is not a draft'); END;
-- trigger reference_documents_immutable
CREATE TRIGGER reference_documents_immutable BEFORE UPDATE ON reference_documents BEGIN SELECT RAISE(ABORT, 'published reference documents are immutable'); END;
-- trigger reference_rule_profiles_immutable
CREATE TRIGGER reference_rule_profiles_immutable BEFORE UPDATE ON reference_rule_profiles BEGIN SELECT RAISE(ABORT, 'published rule profiles are immutable'); END;
-- trigger report_registry_no_delete
CREATE TRIGGER report_registry_no_delete BEFORE DELETE ON report_registry BEGIN SELECT RAISE(ABORT, 'the report registry is append-only'); END;
-- trigger report_registry_no_update
CREATE TRIGGER report_registry_no_update BEFORE UPDATE ON report_registry BEGIN SELECT RAISE(ABORT, 'the report registry is append-only'); END;
-- trigger scene_judgements_delete_draft_only
CREATE TRIGGER scene_judgements_delete_draft_only BEFORE DELETE ON scene_judgements WHEN (SELECT status FROM assessments WHERE id = OLD.assessment_id) <> 'draft' BEGIN SELECT RAISE(ABORT, 'READ_ONLY: assessment is not a draft'); END;
-- trigger scene_judgements_insert_draft_only
CREATE TRIGGER scene_judgements_insert_draft_only BEFORE INSERT ON scene_judgements WHEN (SELECT status FROM assessments WHERE id = NEW.assessment_id) <> 'draft' BEGIN SELECT RAISE(ABORT, 'READ_ONLY: assessment is not a draft'); END;
-- trigger scene_judgements_update_draft_only
CREATE TRIGGER scene_judgements_update_draft_only BEFORE UPDATE ON scene_judgements WHEN (SELECT status FROM assessments WHERE id = NEW.assessment_id) <> 'draft' BEGIN SELECT RAISE(ABORT, 'READ_ONLY: assessment is not a draft'); END;
