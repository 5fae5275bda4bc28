/**
 * 'profile.get' / 'profile.set': the assessor profile of this device (issue 14). Name and agency
 * are the defaults of new assessments (assessments.create, recheck.import) and reports; the
 * optional default certificate signs reports when only its password is given
 * (signing-credential.ts). Kept in the database, so a new browser profile still has it.
 */
import { createHash } from 'node:crypto'
import type { Input, Output } from '../../../shared/contract/api'
import type { AssessorProfile } from '../../../shared/contract/schemas/profile'
import { audit } from '../audit/audit'
import { getAssessorProfile, putAssessorProfile } from '../db/repos/assessor-profile.repo'
import type { AssessorProfileRow } from '../db/tables/assessor-profile'
import { withTransaction, type Executor } from '../db/tx'
import { describeCertificate } from '../pdf/certificates'
import type { ServiceContext } from './context'
import { openP12 } from './signing-credential'

function toProfile(r: AssessorProfileRow): AssessorProfile {
  return {
    name: r.name,
    agency: r.agency,
    certificate:
      r.certP12 && r.certSha256
        ? {
            fileName: r.certFileName ?? '',
            subject: r.certSubject ?? '',
            validTo: r.certValidTo ?? '',
            sha256: r.certSha256,
          }
        : null,
    updatedAt: r.updatedAt,
  }
}

/** The stored profile, or null before the first start was completed. */
export async function assessorProfile(db: Executor): Promise<AssessorProfile | null> {
  const r = await getAssessorProfile(db)
  return r ? toProfile(r) : null
}

export function profileServices(ctx: ServiceContext) {
  return {
    'profile.get': async (): Promise<Output<'profile.get'>> => ({
      profile: await assessorProfile(ctx.db),
    }),

    'profile.set': async (input: Input<'profile.set'>): Promise<Output<'profile.get'>> => {
      // The certificate is opened (and so checked) before anything is written.
      let cert: Pick<
        AssessorProfileRow,
        'certP12' | 'certFileName' | 'certSubject' | 'certValidTo' | 'certSha256'
      > | null = null
      if (input.certificate !== null && input.certificate !== 'keep') {
        const bytes = new Uint8Array(Buffer.from(input.certificate.p12Base64, 'base64'))
        const credential = openP12(bytes, input.certificate.password, 'certificate.password')
        const summary = describeCertificate(credential.certificate)
        cert = {
          certP12: bytes,
          certFileName: input.certificate.fileName,
          certSubject: summary.subject,
          certValidTo: summary.validTo,
          certSha256: createHash('sha256').update(bytes).digest('hex'),
        }
      }
      await withTransaction(ctx.db, async (trx) => {
        const before = await getAssessorProfile(trx)
        const none = {
          certP12: null,
          certFileName: null,
          certSubject: null,
          certValidTo: null,
          certSha256: null,
        }
        const kept =
          input.certificate === 'keep' && before
            ? {
                certP12: before.certP12,
                certFileName: before.certFileName,
                certSubject: before.certSubject,
                certValidTo: before.certValidTo,
                certSha256: before.certSha256,
              }
            : none
        const next = {
          name: input.name,
          agency: input.agency,
          ...(cert ?? kept),
          updatedAt: ctx.nowIso(),
        }
        await putAssessorProfile(trx, next)
        await audit(trx, ctx, before ? 'profile.update' : 'profile.create', 'profile', '1', {
          name: input.name,
          agency: input.agency,
          certificateSha256: next.certSha256,
        })
      })
      return { profile: await assessorProfile(ctx.db) }
    },
  }
}
