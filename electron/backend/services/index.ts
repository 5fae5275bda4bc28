import type { ApiImpl } from '../../../shared/contract/api'
import { appServices } from './app.service'
import { assessmentServices } from './assessments.service'
import type { ServiceContext } from './context'
import { dossierServices } from './dossier.service'
import { enterpriseServices } from './enterprises.service'
import { evidenceServices } from './evidence.service'
import { importServices } from './import.service'
import { reportServices } from './reports.service'
import { syncServices } from '../sync/sync.service'
import { referenceServices } from '../sync/references.service'
import { panelServices } from '../panel/panel.service'
import { planServices } from '../plan/plan.service'
import { adviceServices } from '../advice/advice.service'
import { keyRegistryServices } from '../sync/key-registry.service'
import { profileServices } from './profile.service'

/** Every contract method's implementation. Engineers adding methods add their service here. */
export function createServices(
  ctx: ServiceContext,
  info: { schemaVersion: () => string },
): ApiImpl {
  return {
    ...appServices(ctx, info),
    ...enterpriseServices(ctx),
    ...importServices(ctx),
    ...assessmentServices(ctx),
    ...evidenceServices(ctx),
    ...reportServices(ctx),
    ...dossierServices(ctx),
    ...syncServices(ctx),
    ...referenceServices(ctx),
    ...panelServices(ctx),
    ...planServices(ctx),
    ...adviceServices(ctx),
    ...profileServices(ctx),
    ...keyRegistryServices(ctx),
  } satisfies ApiImpl
}
