/**
 * All migrations as a static map (bundler- and asar-safe; no directory scanning).
 * Names sort in application order. Additive-only once a version ships.
 */
import type { Migration } from 'kysely'
import * as m0001 from './0001-init'
import * as m0002 from './0002-audit-chain'
import * as m0003 from './0003-dossier'
import * as m0004 from './0004-references'
import * as m0005 from './0005-sync-tables'
import * as m0006 from './0006-panel-tables'
import * as m0007 from './0007-reference-documents'
import * as m0008 from './0008-enterprise-name-keys'
import * as m0009 from './0009-report-registry'
import * as m0010 from './0010-assessor-profile'
import * as m0011 from './0011-enterprise-identity-changes'
import * as m0012 from './0012-key-registry'
import * as m0013 from './0013-report-diagnosis-citation'
import * as m0014 from './0014-diagnosis-advice'

export const migrations: Record<string, Migration> = {
  '0001-init': m0001,
  '0002-audit-chain': m0002,
  '0003-dossier': m0003,
  '0004-references': m0004,
  '0005-sync-tables': m0005,
  '0006-panel-tables': m0006,
  '0007-reference-documents': m0007,
  '0008-enterprise-name-keys': m0008,
  '0009-report-registry': m0009,
  '0010-assessor-profile': m0010,
  '0011-enterprise-identity-changes': m0011,
  '0012-key-registry': m0012,
  '0013-report-diagnosis-citation': m0013,
  '0014-diagnosis-advice': m0014,
}
