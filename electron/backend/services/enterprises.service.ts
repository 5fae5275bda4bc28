import { localDate } from '../../../shared/domain/dates'
import { validateUscc } from '../../../shared/domain/enterprise/uscc'
import type { IdentityChangeInput } from '../../../shared/domain/report'
import type { Input, Output } from '../../../shared/contract/api'
import { fail } from '../../../shared/contract/errors'
import type {
  Enterprise,
  EnterpriseFields,
  IdentityChange,
} from '../../../shared/contract/schemas/enterprise'
import { audit } from '../audit/audit'
import { listEnterprises, locateEnterprise } from '../db/repos/enterprise-list.repo'
import { appendIdentityChange, identityChangesOf } from '../db/repos/identity-changes.repo'
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

/** The identity fields: a change is recorded, and needs a reason once results were issued. */
export const IDENTITY_FIELDS = ['uscc', 'name', 'batch'] as const
type IdentityField = (typeof IDENTITY_FIELDS)[number]
export const IDENTITY_LABELS: Record<IdentityField, string> = {
  uscc: '统一社会信用代码',
  name: '企业名称',
  batch: '试点批次',
}

/** True when the enterprise has a completed or signed assessment (a result was issued). */
export async function hasIssuedResults(db: Executor, enterpriseId: string): Promise<boolean> {
  const r = await db
    .selectFrom('assessments')
    .select('id')
    .where('enterpriseId', '=', enterpriseId)
    .where('status', 'in', ['completed', 'signed'])
    .limit(1)
    .executeTakeFirst()
  return r !== undefined
}

const asText = (v: unknown): string | null => (v === null || v === undefined ? null : String(v))

/**
 * Applies a validated patch inside an open transaction (enterprises.update, and an import that
 * updates an existing enterprise): a change of USCC, name or batch is recorded in
 * enterprise_identity_changes; once the enterprise has a completed or signed assessment such a
 * change needs `reason` (VALIDATION 'reason' naming the field) — except a batch assigned for
 * the first time (未分配 → 第 n 批). Audited as 'enterprise.update' with every changed field, or
 * as `audited.action` with `{ ...audited.detail, changed }` (a list import names file and row).
 */
export async function applyEnterprisePatchTx(
  trx: Executor,
  ctx: ServiceContext,
  before: EnterpriseRow,
  patch: Partial<EnterpriseFields>,
  reason: string | undefined,
  audited?: { action: string; detail: Record<string, unknown> },
): Promise<boolean> {
  if (patch.uscc !== undefined && patch.uscc !== before.uscc)
    await checkUsccFree(trx, patch.uscc, before.id)
  const changed: Record<string, { from: unknown; to: unknown }> = {}
  for (const [k, v] of Object.entries(patch)) {
    const old = before[k as keyof EnterpriseRow]
    if (v !== undefined && v !== old) changed[k] = { from: old, to: v }
  }
  if (Object.keys(changed).length === 0) return false
  const identity = IDENTITY_FIELDS.filter((f) => changed[f] !== undefined)
  const why = reason?.trim() ?? ''
  const needsReason = identity.filter((f) => !(f === 'batch' && before.batch === null))
  if (needsReason.length > 0 && why === '' && (await hasIssuedResults(trx, before.id))) {
    const names = needsReason.map((f) => IDENTITY_LABELS[f]).join('、')
    throw fail.validation(
      `修改${names}须填写修改原因：该企业已有完成或签名的评测，修改会记录在案并写入之后的报告`,
      'reason',
    )
  }
  const at = ctx.nowIso()
  await updateEnterprise(trx, before.id, { ...patch, updatedAt: at })
  for (const f of identity)
    await appendIdentityChange(trx, {
      id: ctx.newId(),
      enterpriseId: before.id,
      field: f,
      oldValue: asText(changed[f]?.from),
      newValue: asText(changed[f]?.to),
      reason: why,
      changedAt: at,
      changedBy: ctx.actor,
    })
  const recorded = identity.length ? { reason: why } : {}
  if (audited)
    await audit(trx, ctx, audited.action, 'enterprise', before.id, {
      ...audited.detail,
      changed,
      ...recorded,
    })
  else
    await audit(trx, ctx, 'enterprise.update', 'enterprise', before.id, { ...changed, ...recorded })
  return true
}

/** The identity changes as the report builders print them (local dates). */
export async function reportIdentityChanges(
  db: Executor,
  enterpriseId: string,
): Promise<IdentityChangeInput[]> {
  return (await identityChangesOf(db, enterpriseId)).map((r) => ({
    field: r.field,
    from: r.oldValue,
    to: r.newValue,
    reason: r.reason,
    on: localDate(new Date(r.changedAt)),
  }))
}

/** An enterprise's recorded identity changes, oldest first (reports print them). */
export async function identityChanges(
  db: Executor,
  enterpriseId: string,
): Promise<IdentityChange[]> {
  return (await identityChangesOf(db, enterpriseId)).map((r) => ({
    field: r.field,
    from: r.oldValue,
    to: r.newValue,
    reason: r.reason,
    changedAt: r.changedAt,
  }))
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
        if (!(await applyEnterprisePatchTx(trx, ctx, before, patch, input.reason))) return before
        tx.onCommit(() => ctx.emit('enterprise.saved', { enterpriseId: before.id }))
        return requireEnterprise(trx, before.id)
      })
      return toEnterprise(row)
    },

    'enterprises.identityChanges': async (
      input: Input<'enterprises.identityChanges'>,
    ): Promise<Output<'enterprises.identityChanges'>> => {
      await requireEnterprise(ctx.db, input.id)
      return {
        items: await identityChanges(ctx.db, input.id),
        reasonRequired: await hasIssuedResults(ctx.db, input.id),
      }
    },
  }
}
