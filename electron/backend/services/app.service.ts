import type { Input, Output } from '../../../shared/contract/api'
import { MIIT_2024 } from '../../../shared/domain/catalogue'
import { DEFAULT_RULE_PROFILE_ID } from '../../../shared/domain/levels/rule-profiles'
import { listAudit } from '../db/repos/audit-log.repo'
import type { ServiceContext } from './context'

export const APP_NAME = 'dl-assessor'
export const APP_VERSION = '0.1.0'

export function appServices(ctx: ServiceContext, info: { schemaVersion: () => string }) {
  return {
    'app.info': async (): Promise<Output<'app.info'>> => ({
      name: APP_NAME,
      version: APP_VERSION,
      dataDir: ctx.dataDir,
      schemaVersion: info.schemaVersion(),
      catalogueId: MIIT_2024.catalogue.id,
      catalogueHash: MIIT_2024.hash,
      evidenceMaxBytes: ctx.evidenceMaxBytes,
      encrypted: ctx.storage.encrypted,
      keySource: ctx.storage.keySource,
    }),
    'backup.create': (input: Input<'backup.create'>) => ctx.storage.createBackup(input.path),
    'backup.restore': (input: Input<'backup.restore'>) => ctx.storage.restoreBackup(input.path),
    'catalogue.get': async (): Promise<Output<'catalogue.get'>> => ({
      catalogue: MIIT_2024.catalogue,
      hash: MIIT_2024.hash,
      // Built-in + published by the central service (pulled or imported): the new-assessment picker.
      ruleProfiles: ctx
        .registry()
        .ruleProfiles()
        .filter((p) => p.catalogueId === MIIT_2024.catalogue.id),
      defaultRuleProfileId: DEFAULT_RULE_PROFILE_ID,
    }),
    'audit.list': async (input: Input<'audit.list'>): Promise<Output<'audit.list'>> => ({
      items: await listAudit(ctx.db, input),
    }),
  }
}
