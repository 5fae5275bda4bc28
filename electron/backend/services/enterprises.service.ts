import { validateUscc } from '../../../shared/domain/enterprise/uscc'
import type { Input, Output } from '../../../shared/contract/api'
import { fail } from '../../../shared/contract/errors'
import type { Enterprise, EnterpriseFields } from '../../../shared/contract/schemas/enterprise'
import { audit } from '../audit/audit'
import { listEnterprises, locateEnterprise } from '../db/repos/enterprise-list.repo'
import {
  getEnterprise,
  getEnterpriseByUscc,
  insertEnterprise,
  updateEnterprise,
} from '../db/repos/enterprises.repo'
import type { EnterpriseRow } from '../db/tables/enterprises'
import { withTransaction, type Executor } from '../db/tx'
import type { ServiceContext } from './context'

export function toEnterprise(r: EnterpriseRow): Enterprise {
  return {
    id: r.id,
    uscc: r.uscc,
    name: r.name,
    county: r.county,
    industry: r.industry,
    subIndustry: r.subIndustry,
    size: r.size,
    zjtx: r.zjtx,
    batch: r.batch,
    contact: r.contact,
    phone: r.phone,
    address: r.address,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  }
}

export function checkUscc(uscc: string): void {
  const v = validateUscc(uscc)
  if (!v.ok) throw fail.validation(v.message, 'uscc')
}

export async function requireEnterprise(db: Executor, id: string): Promise<EnterpriseRow> {
  const r = await getEnterprise(db, id)
  if (!r) throw fail.notFound(`企业不存在（id：${id}）`, 'id')
  return r
}

async function checkUsccFree(db: Executor, uscc: string, exceptId?: string): Promise<void> {
  const other = await getEnterpriseByUscc(db, uscc)
  if (other && other.id !== exceptId)
    throw fail.conflict(`统一社会信用代码 ${uscc} 已存在（企业：${other.name}）`, 'uscc')
}

/** Inserts one validated enterprise inside an open transaction (used by create and import). */
export async function insertEnterpriseTx(
  trx: Executor,
  ctx: ServiceContext,
  f: EnterpriseFields,
  auditAction = 'enterprise.create',
): Promise<Enterprise> {
  checkUscc(f.uscc)
  await checkUsccFree(trx, f.uscc)
  const at = ctx.nowIso()
  const row = { id: ctx.newId(), ...f, createdAt: at, updatedAt: at }
  await insertEnterprise(trx, row)
  await audit(trx, ctx, auditAction, 'enterprise', row.id, { uscc: f.uscc, name: f.name })
  return row
}

export function enterpriseServices(ctx: ServiceContext) {
  return {
    'enterprises.list': async (
      input: Input<'enterprises.list'>,
    ): Promise<Output<'enterprises.list'>> => {
      const { rows, total } = await listEnterprises(ctx.db, input)
      return {
        total,
        items: rows.map((r) => ({
          ...toEnterprise(r),
          assessmentCount: r.assessmentCount,
          latestAssessment:
            r.latestId && r.latestKind && r.latestStatus
              ? {
                  id: r.latestId,
                  kind: r.latestKind,
                  status: r.latestStatus,
                  version: r.latestVersion ?? 1,
                  updatedAt: r.latestUpdatedAt ?? '',
                }
              : null,
        })),
      }
    },

    'enterprises.locate': async (
      input: Input<'enterprises.locate'>,
    ): Promise<Output<'enterprises.locate'>> => {
      const { id, ...filter } = input
      return locateEnterprise(ctx.db, filter, id)
    },

    'enterprises.get': async (input: Input<'enterprises.get'>) =>
      toEnterprise(await requireEnterprise(ctx.db, input.id)),

    'enterprises.create': async (input: Input<'enterprises.create'>) => {
      checkUscc(input.uscc)
      const row = await withTransaction(ctx.db, async (trx, tx) => {
        const r = await insertEnterpriseTx(trx, ctx, input)
        tx.onCommit(() => ctx.emit('enterprise.saved', { enterpriseId: r.id }))
        return r
      })
      return row
    },

    'enterprises.update': async (input: Input<'enterprises.update'>) => {
      const patch = input.patch
      if (patch.uscc !== undefined) checkUscc(patch.uscc)
      const row = await withTransaction(ctx.db, async (trx, tx) => {
        const before = await requireEnterprise(trx, input.id)
        if (patch.uscc !== undefined && patch.uscc !== before.uscc)
          await checkUsccFree(trx, patch.uscc, before.id)
        const changed: Record<string, { from: unknown; to: unknown }> = {}
        for (const [k, v] of Object.entries(patch)) {
          const old = before[k as keyof EnterpriseRow]
          if (v !== undefined && v !== old) changed[k] = { from: old, to: v }
        }
        if (Object.keys(changed).length === 0) return before
        const updatedAt = ctx.nowIso()
        await updateEnterprise(trx, before.id, { ...patch, updatedAt })
        await audit(trx, ctx, 'enterprise.update', 'enterprise', before.id, changed)
        tx.onCommit(() => ctx.emit('enterprise.saved', { enterpriseId: before.id }))
        return requireEnterprise(trx, before.id)
      })
      return toEnterprise(row)
    },
  }
}
