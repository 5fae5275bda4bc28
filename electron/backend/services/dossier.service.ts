/**
 * The acceptance dossier (一企一档, issue 8): checklist entries, dossier files (stored by SHA-256
 * in the evidence store), the investment ledger, and what they support — the subsidy from the
 * ledger for the enterprise's batch and its latest acceptance level, and the verdict. All the
 * rules are the pure domain in shared/domain/dossier; this file stores and loads. Every write is
 * one transaction with its audit entry.
 */
import type { Input, Output } from '../../../shared/contract/api'
import { AppException, fail } from '../../../shared/contract/errors'
import type {
  DossierFileMeta,
  DossierView,
  LedgerImportPreview,
  LedgerRowView,
} from '../../../shared/contract/schemas/dossier'
import {
  acceptanceVerdict,
  batchBudgetView,
  checklistStatus,
  dossierManifest,
  dossierSubsidy,
  HEBI_2024_DOSSIER_TEMPLATE,
  invoiceKey,
  ledgerRowsFromRecords,
  ledgerSummaryLines,
  ledgerTotals,
  type ChecklistEntry,
  type DossierManifest,
  type DossierSubsidy,
  type DossierTemplate,
  type EnterpriseEstimate,
  type LedgerError,
  type LedgerRow,
  type VerdictDecision,
} from '../../../shared/domain/dossier'
import type { AssessmentResult } from '../../../shared/domain/scoring/types'
import { HEBI_2024, type PolicyProfile } from '../../../shared/domain/subsidy'
import { audit } from '../audit/audit'
import { latestCurrentOfKind } from '../db/repos/assessments.repo'
import {
  deleteLedgerRow,
  getDossierFile,
  getLedgerRow,
  insertDossierFile,
  insertLedgerRow,
  listDossierFiles,
  listDossierItems,
  listLedgerRows,
  updateLedgerRow,
  upsertDossierItem,
} from '../db/repos/dossier.repo'
import { storedFileNamed } from '../db/repos/stored-files.repo'
import type { DossierFileRow, DossierItemRow, LedgerRowRecord } from '../db/tables/dossier'
import type { AssessmentRow } from '../db/tables/assessments'
import type { EnterpriseRow } from '../db/tables/enterprises'
import { withTransaction, type Executor } from '../db/tx'
import { sniffMime } from '../evidence/sniff'
import { readTableFile, TableFileError } from '../import/table-file'
import type { ReferenceRegistry } from '../../../shared/domain/reference'
import { resultOf } from './assessments.service'
import type { ServiceContext } from './context'
import { requireEnterprise } from './enterprises.service'
import { displayName } from './evidence.service'

/** The template and policy every dossier follows today (one city). */
export const DOSSIER_TEMPLATE: DossierTemplate = HEBI_2024_DOSSIER_TEMPLATE
export const DOSSIER_POLICY: PolicyProfile = HEBI_2024

const MAX_IMPORT_BYTES = 10 * 1024 * 1024

function toFileMeta(f: DossierFileRow): DossierFileMeta {
  return {
    id: f.id,
    enterpriseId: f.enterpriseId,
    sha256: f.sha256,
    size: f.size,
    mimeType: f.mimeType,
    originalName: f.originalName,
    createdAt: f.createdAt,
  }
}

function fileIdsOf(item: DossierItemRow): string[] {
  const v = JSON.parse(item.fileIds) as unknown
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
}

/** Everything stored about one enterprise's dossier, in domain shapes. */
export interface DossierData {
  enterprise: EnterpriseRow
  files: DossierFileRow[]
  items: DossierItemRow[]
  ledgerRecords: LedgerRowRecord[]
  entries: ChecklistEntry[]
  ledger: LedgerRow[]
  acceptance: { row: AssessmentRow; result: AssessmentResult } | null
}

export async function loadDossierData(
  db: Executor,
  enterpriseId: string,
  registry: ReferenceRegistry,
): Promise<DossierData> {
  const enterprise = await requireEnterprise(db, enterpriseId)
  const [files, items, ledgerRecords, acc] = await Promise.all([
    listDossierFiles(db, enterpriseId),
    listDossierItems(db, enterpriseId, DOSSIER_TEMPLATE.id),
    listLedgerRows(db, enterpriseId),
    latestCurrentOfKind(db, enterpriseId, 'acceptance'),
  ])
  const sha = new Map(files.map((f) => [f.id, f.sha256]))
  const entries: ChecklistEntry[] = items.map((i) => {
    const e: ChecklistEntry = { itemId: i.itemId, state: i.state }
    if (i.state === 'attached')
      e.evidenceSha256 = fileIdsOf(i).flatMap((id) => {
        const h = sha.get(id)
        return h ? [h] : []
      })
    if (i.reason) e.reason = i.reason
    return e
  })
  const ledger: LedgerRow[] = ledgerRecords.map((r) => {
    const row: LedgerRow = {
      invoiceNo: r.invoiceNo,
      date: r.date,
      supplier: r.supplier,
      amountFen: r.amountFen,
      category: r.category,
    }
    const inv = r.invoiceFileId ? sha.get(r.invoiceFileId) : undefined
    const pay = r.paymentFileId ? sha.get(r.paymentFileId) : undefined
    if (inv) row.invoiceEvidence = inv
    if (pay) row.paymentEvidence = pay
    if (r.note) row.note = r.note
    return row
  })
  const acceptance = acc ? { row: acc, result: await resultOf(db, acc, registry) } : null
  return { enterprise, files, items, ledgerRecords, entries, ledger, acceptance }
}

/** The subsidy from the ledger, or why it cannot be computed. */
export function subsidyOf(d: DossierData): {
  subsidy: DossierSubsidy | null
  problem: string | null
} {
  const batch = d.enterprise.batch
  if (batch !== 1 && batch !== 2 && batch !== 3)
    return { subsidy: null, problem: '企业尚未确定试点批次，无法测算补助' }
  if (!d.acceptance) return { subsidy: null, problem: '该企业尚无验收评测，无法按等级测算补助' }
  const r = d.acceptance.result
  const s = dossierSubsidy(
    DOSSIER_POLICY,
    { batch, level: r.provisional ? 0 : r.level, ledger: d.ledger },
    DOSSIER_TEMPLATE,
  )
  if (r.provisional)
    s.warnings.unshift('验收评测尚有未作答项，等级暂按零级计算；完成评测后补助随之更新')
  return { subsidy: s, problem: null }
}

export function verdictOf(d: DossierData): VerdictDecision {
  const checklist = checklistStatus(DOSSIER_TEMPLATE, d.entries)
  if (!d.acceptance)
    return {
      verdict: 'blocked',
      passed: false,
      messages: ['该企业尚无验收评测，不能作出验收结论', ...checklist.messages],
    }
  return acceptanceVerdict(DOSSIER_TEMPLATE, { result: d.acceptance.result, checklist })
}

export function buildDossierView(d: DossierData): DossierView {
  const t = DOSSIER_TEMPLATE
  const status = checklistStatus(t, d.entries)
  const fileById = new Map(d.files.map((f) => [f.id, f]))
  const itemById = new Map(d.items.map((i) => [i.itemId, i]))
  const totals = ledgerTotals(d.ledger, t)
  const { subsidy, problem } = subsidyOf(d)
  const eligible = new Set(t.ledgerCategories.filter((c) => c.eligible).map((c) => c.id))
  const file = (id: string | null) => {
    const f = id ? fileById.get(id) : undefined
    return f ? toFileMeta(f) : null
  }
  const ledger: LedgerRowView[] = d.ledgerRecords.map((r, i) => ({
    id: r.id,
    row: i + 1,
    invoiceNo: r.invoiceNo,
    date: r.date,
    supplier: r.supplier,
    amountFen: r.amountFen,
    category: r.category,
    eligible: eligible.has(r.category),
    invoiceFile: file(r.invoiceFileId),
    paymentFile: file(r.paymentFileId),
    note: r.note,
  }))
  const acc = d.acceptance
  return {
    enterprise: { id: d.enterprise.id, name: d.enterprise.name, batch: d.enterprise.batch },
    template: {
      id: t.id,
      version: t.version,
      title: t.title,
      passLevel: t.passLevel,
      categories: t.ledgerCategories.map((c) => ({ ...c })),
    },
    checklist: {
      items: status.items.map((s) => {
        const tpl = t.items.find((x) => x.id === s.id)
        const stored = itemById.get(s.id)
        return {
          id: s.id,
          title: s.title,
          mandatory: s.mandatory,
          description: tpl?.description ?? '',
          state: s.state,
          ...(s.reason ? { reason: s.reason } : {}),
          unrecorded: s.unrecorded,
          files:
            stored && stored.state === 'attached'
              ? fileIdsOf(stored).flatMap((id) => {
                  const m = file(id)
                  return m ? [m] : []
                })
              : [],
        }
      }),
      missingMandatory: status.missingMandatory,
      complete: status.complete,
      messages: status.messages,
    },
    files: d.files.map(toFileMeta),
    ledger,
    totals: { ...totals, summary: ledgerSummaryLines(totals) },
    acceptance: acc
      ? {
          assessmentId: acc.row.id,
          status: acc.row.status,
          level: acc.result.level,
          levelName: acc.result.levelName,
          total: acc.result.total,
          provisional: acc.result.provisional,
        }
      : null,
    subsidy: subsidy
      ? {
          policyId: subsidy.policyId,
          policyTitle: DOSSIER_POLICY.title,
          batch: subsidy.batch,
          level: subsidy.level,
          investmentFen: subsidy.investmentFen,
          diagnosisFen: subsidy.diagnosisFen,
          diagnosisPending: subsidy.estimate.diagnosisPending,
          retrofitFen: subsidy.retrofitFen,
          totalFen: subsidy.totalFen,
          steps: subsidy.steps.map((s) => ({
            kind: s.kind,
            ruleId: s.ruleId,
            text: s.text,
            amountFen: s.amountFen,
            capHit: s.capHit,
          })),
          capsHit: subsidy.capsHit,
          warnings: subsidy.warnings,
        }
      : null,
    subsidyProblem: problem,
    verdict: verdictOf(d),
  }
}

/**
 * For the signed bundle (engineer E): the `sme-dl-dossier/v1` manifest of an enterprise's dossier
 * and the evidence files it references (sha256 → bytes are read from the evidence store by the
 * caller: `ctx.evidence.read(sha256)`). Throws VALIDATION when the stored data is not valid.
 */
export async function dossierBundlePart(
  db: Executor,
  enterpriseId: string,
  registry: ReferenceRegistry,
): Promise<{
  manifest: DossierManifest
  files: { sha256: string; size: number; mimeType: string; originalName: string }[]
}> {
  const d = await loadDossierData(db, enterpriseId, registry)
  const manifest = dossierManifest(DOSSIER_TEMPLATE, d.entries, d.ledger)
  const bySha = new Map(d.files.map((f) => [f.sha256, f]))
  const files = manifest.evidence.flatMap((sha) => {
    const f = bySha.get(sha)
    return f
      ? [{ sha256: sha, size: f.size, mimeType: f.mimeType, originalName: f.originalName }]
      : []
  })
  return { manifest, files }
}

async function requireFileOf(
  db: Executor,
  enterpriseId: string,
  id: string,
  field: string,
): Promise<DossierFileRow> {
  const f = await getDossierFile(db, id)
  if (!f) throw fail.notFound(`档案文件不存在（id：${id}）`, field)
  if (f.enterpriseId !== enterpriseId)
    throw fail.validation(`档案文件「${f.originalName}」属于另一家企业`, field)
  return f
}

function describeRow(i: number, r: LedgerRowRecord): string {
  return `第 ${i + 1} 行（发票号 ${r.invoiceNo}，${r.supplier}）`
}

/** CONFLICT when the invoice number is already on another row of the enterprise's ledger. */
function assertUniqueInvoice(
  rows: readonly LedgerRowRecord[],
  invoiceNo: string,
  exceptId: string | null,
  field = 'invoiceNo',
): void {
  const key = invoiceKey(invoiceNo)
  const i = rows.findIndex((r) => r.invoiceKey === key && r.id !== exceptId)
  const hit = rows[i]
  if (hit)
    throw fail.conflict(
      `发票号 ${invoiceNo.trim()} 重复：已在投入清单${describeRow(i, hit)}登记，同一张发票不能重复计入`,
      field,
    )
}

interface ParsedLedgerImport {
  fileErrors: string[]
  rows: LedgerImportPreview['rows']
  values: LedgerRow[]
}

async function parseLedgerFile(
  db: Executor,
  input: { enterpriseId: string; fileName: string; contentBase64: string },
): Promise<ParsedLedgerImport> {
  const bytes = Buffer.from(input.contentBase64, 'base64')
  if (bytes.byteLength > MAX_IMPORT_BYTES)
    throw fail.tooLarge('导入文件超过上限 10 MiB', 'contentBase64')
  let table
  try {
    table = await readTableFile(input.fileName, bytes)
  } catch (e) {
    if (e instanceof TableFileError) return { fileErrors: [e.message], rows: [], values: [] }
    throw e
  }
  const fileRows: number[] = []
  const records: Record<string, unknown>[] = []
  table.rows.forEach((cells, i) => {
    if (cells.length === 0) return
    const rec: Record<string, unknown> = {}
    table.headers.forEach((h, c) => {
      if (h) rec[h] = cells[c] ?? ''
    })
    records.push(rec)
    fileRows.push(table.firstRow + i)
  })
  if (records.length === 0) return { fileErrors: ['文件中没有数据行'], rows: [], values: [] }
  const { rows, errors } = ledgerRowsFromRecords(records, DOSSIER_TEMPLATE)
  // Against what the ledger already holds: an invoice can be counted once.
  const existing = await listLedgerRows(db, input.enterpriseId)
  const extra: LedgerError[] = []
  rows.forEach((r, i) => {
    const key = typeof r.invoiceNo === 'string' ? invoiceKey(r.invoiceNo) : ''
    const at = existing.findIndex((x) => x.invoiceKey === key)
    const hit = existing[at]
    if (key && hit)
      extra.push({
        row: i + 1,
        field: 'invoiceNo',
        message: `第 ${i + 1} 行 发票号：“${r.invoiceNo}”已在投入清单${describeRow(at, hit)}登记`,
      })
  })
  const all = [...errors, ...extra]
  const out: LedgerImportPreview['rows'] = rows.map((r, i) => {
    const fileRow = fileRows[i] ?? i + 1
    const errs = all
      .filter((e) => e.row === i + 1)
      .map((e) => ({
        field: e.field,
        message: e.message.replace(/^第 \d+ 行/, `第 ${fileRow} 行`),
      }))
    return {
      row: fileRow,
      value:
        errs.length === 0
          ? {
              invoiceNo: r.invoiceNo,
              date: r.date,
              supplier: r.supplier,
              amountFen: r.amountFen,
              category: r.category,
            }
          : null,
      errors: errs,
    }
  })
  return { fileErrors: [], rows: out, values: rows }
}

function importRefusal(p: ParsedLedgerImport): string {
  const bad = p.rows.filter((r) => r.errors.length > 0)
  const shown = bad
    .slice(0, 3)
    .map((r) => r.errors[0]?.message)
    .join('；')
  return `导入未执行（没有写入任何数据）：${bad.length} 行有错误，${shown}${bad.length > 3 ? '……' : ''}`
}

export function dossierServices(ctx: ServiceContext) {
  const view = async (db: Executor, enterpriseId: string) =>
    buildDossierView(await loadDossierData(db, enterpriseId, ctx.registry()))

  return {
    'dossier.get': async (input: Input<'dossier.get'>): Promise<Output<'dossier.get'>> =>
      view(ctx.db, input.enterpriseId),

    'dossier.setItem': async (input: Input<'dossier.setItem'>) => {
      const tpl = DOSSIER_TEMPLATE.items.find((i) => i.id === input.itemId)
      if (!tpl) throw fail.validation(`材料清单中没有编号为 ${input.itemId} 的材料`, 'itemId')
      const reason = input.reason?.trim() ?? ''
      const fileIds = [...new Set(input.fileIds ?? [])]
      if (input.state === 'waived' && tpl.mandatory)
        throw fail.validation(`“${tpl.title}”是必备材料，不能免于提交`, 'state')
      if (input.state !== 'attached' && reason === '')
        throw fail.validation(
          `“${tpl.title}”标记为${input.state === 'missing' ? '缺失' : '免于提交'}时须填写原因`,
          'reason',
        )
      if (input.state === 'attached' && fileIds.length === 0)
        throw fail.validation(`“${tpl.title}”标记为已提交时须附至少一个文件`, 'fileIds')
      if (input.state !== 'attached' && fileIds.length > 0)
        throw fail.validation(`“${tpl.title}”未标记为已提交，不能附文件`, 'fileIds')
      await withTransaction(ctx.db, async (trx) => {
        await requireEnterprise(trx, input.enterpriseId)
        const shas: string[] = []
        for (const id of fileIds)
          shas.push((await requireFileOf(trx, input.enterpriseId, id, 'fileIds')).sha256)
        await upsertDossierItem(trx, {
          enterpriseId: input.enterpriseId,
          templateId: DOSSIER_TEMPLATE.id,
          templateVersion: DOSSIER_TEMPLATE.version,
          itemId: tpl.id,
          state: input.state,
          reason,
          fileIds,
          updatedAt: ctx.nowIso(),
        })
        await audit(trx, ctx, 'dossier.setItem', 'enterprise', input.enterpriseId, {
          template: `${DOSSIER_TEMPLATE.id}@${DOSSIER_TEMPLATE.version}`,
          itemId: tpl.id,
          state: input.state,
          reason,
          sha256: shas,
        })
      })
      return view(ctx.db, input.enterpriseId)
    },

    'dossier.addFile': async (input: Input<'dossier.addFile'>) => {
      const name = displayName(input.fileName)
      const bytes = Buffer.from(input.contentBase64, 'base64')
      if (bytes.byteLength > ctx.evidenceMaxBytes)
        throw fail.tooLarge(
          `文件「${name}」大小 ${bytes.byteLength} 字节，超过上限 ${ctx.evidenceMaxBytes} 字节`,
          'contentBase64',
        )
      if (bytes.byteLength === 0) throw fail.validation(`文件「${name}」是空文件`, 'contentBase64')
      await requireEnterprise(ctx.db, input.enterpriseId)
      const mimeType = sniffMime(bytes)
      // File first (temp + fsync + rename), then the row: a row never names a missing file. A
      // failed transaction removes the file only if this add wrote it and no committed row of
      // any table names it (EvidenceStore.add).
      const row = await ctx.evidence.add(
        bytes,
        async (blob) => {
          const r: DossierFileRow = {
            id: ctx.newId(),
            enterpriseId: input.enterpriseId,
            sha256: blob.sha256,
            size: blob.size,
            mimeType,
            originalName: name,
            createdAt: ctx.nowIso(),
          }
          await withTransaction(ctx.db, async (trx) => {
            await requireEnterprise(trx, input.enterpriseId)
            await insertDossierFile(trx, r)
            await audit(trx, ctx, 'dossier.addFile', 'enterprise', input.enterpriseId, {
              fileId: r.id,
              sha256: r.sha256,
              size: r.size,
              mimeType,
              originalName: name,
            })
          })
          return r
        },
        (sha256) => storedFileNamed(ctx.db, sha256),
      )
      return toFileMeta(row)
    },

    'ledger.add': async (input: Input<'ledger.add'>) => {
      await withTransaction(ctx.db, async (trx) => {
        await requireEnterprise(trx, input.enterpriseId)
        const rows = await listLedgerRows(trx, input.enterpriseId)
        assertUniqueInvoice(rows, input.invoiceNo, null)
        for (const f of ['invoiceFileId', 'paymentFileId'] as const) {
          const id = input[f]
          if (id) await requireFileOf(trx, input.enterpriseId, id, f)
        }
        const now = ctx.nowIso()
        const id = ctx.newId()
        await insertLedgerRow(trx, {
          id,
          enterpriseId: input.enterpriseId,
          invoiceNo: input.invoiceNo,
          invoiceKey: invoiceKey(input.invoiceNo),
          date: input.date,
          supplier: input.supplier,
          amountFen: input.amountFen,
          category: input.category,
          invoiceFileId: input.invoiceFileId ?? null,
          paymentFileId: input.paymentFileId ?? null,
          note: input.note?.trim() ?? '',
          createdAt: now,
          updatedAt: now,
        })
        await audit(trx, ctx, 'ledger.add', 'enterprise', input.enterpriseId, {
          rowId: id,
          row: rows.length + 1,
          invoiceNo: input.invoiceNo,
          amountFen: input.amountFen,
          category: input.category,
        })
      })
      return view(ctx.db, input.enterpriseId)
    },

    'ledger.update': async (input: Input<'ledger.update'>) => {
      const enterpriseId = await withTransaction(ctx.db, async (trx) => {
        const cur = await getLedgerRow(trx, input.id)
        if (!cur) throw fail.notFound(`投入清单中没有这一行（id：${input.id}）`, 'id')
        const rows = await listLedgerRows(trx, cur.enterpriseId)
        if (input.invoiceNo !== undefined) assertUniqueInvoice(rows, input.invoiceNo, cur.id)
        for (const f of ['invoiceFileId', 'paymentFileId'] as const) {
          const id = input[f]
          if (id) await requireFileOf(trx, cur.enterpriseId, id, f)
        }
        const patch = {
          ...(input.invoiceNo !== undefined
            ? { invoiceNo: input.invoiceNo, invoiceKey: invoiceKey(input.invoiceNo) }
            : {}),
          ...(input.date !== undefined ? { date: input.date } : {}),
          ...(input.supplier !== undefined ? { supplier: input.supplier } : {}),
          ...(input.amountFen !== undefined ? { amountFen: input.amountFen } : {}),
          ...(input.category !== undefined ? { category: input.category } : {}),
          ...(input.invoiceFileId !== undefined ? { invoiceFileId: input.invoiceFileId } : {}),
          ...(input.paymentFileId !== undefined ? { paymentFileId: input.paymentFileId } : {}),
          ...(input.note !== undefined ? { note: input.note.trim() } : {}),
        }
        await updateLedgerRow(trx, cur.id, { ...patch, updatedAt: ctx.nowIso() })
        const before: Record<string, unknown> = {}
        for (const k of Object.keys(patch)) before[k] = cur[k as keyof LedgerRowRecord]
        await audit(trx, ctx, 'ledger.update', 'enterprise', cur.enterpriseId, {
          rowId: cur.id,
          before,
          after: patch,
        })
        return cur.enterpriseId
      })
      return view(ctx.db, enterpriseId)
    },

    'ledger.remove': async (input: Input<'ledger.remove'>) => {
      const enterpriseId = await withTransaction(ctx.db, async (trx) => {
        const cur = await getLedgerRow(trx, input.id)
        if (!cur) throw fail.notFound(`投入清单中没有这一行（id：${input.id}）`, 'id')
        await deleteLedgerRow(trx, cur.id)
        await audit(trx, ctx, 'ledger.remove', 'enterprise', cur.enterpriseId, {
          rowId: cur.id,
          invoiceNo: cur.invoiceNo,
          date: cur.date,
          supplier: cur.supplier,
          amountFen: cur.amountFen,
          category: cur.category,
        })
        return cur.enterpriseId
      })
      return view(ctx.db, enterpriseId)
    },

    'ledger.importPreview': async (
      input: Input<'ledger.importPreview'>,
    ): Promise<Output<'ledger.importPreview'>> => {
      await requireEnterprise(ctx.db, input.enterpriseId)
      const p = await parseLedgerFile(ctx.db, input)
      const errorCount = p.rows.filter((r) => r.errors.length > 0).length
      return {
        fileName: input.fileName,
        rows: p.rows,
        okCount: p.rows.length - errorCount,
        errorCount,
        canCommit: p.fileErrors.length === 0 && errorCount === 0 && p.rows.length > 0,
        fileErrors: p.fileErrors,
      }
    },

    'ledger.importCommit': async (input: Input<'ledger.importCommit'>) => {
      await requireEnterprise(ctx.db, input.enterpriseId)
      const pre = await parseLedgerFile(ctx.db, input) // file work before the transaction
      if (pre.fileErrors.length)
        throw fail.validation(`导入未执行：${pre.fileErrors.join('；')}`, 'contentBase64')
      if (pre.rows.some((r) => r.errors.length)) throw fail.validation(importRefusal(pre), 'rows')
      const created = await withTransaction(ctx.db, async (trx) => {
        // Re-checked inside the transaction against the ledger as it is now.
        const p = await parseLedgerFile(trx, input)
        if (p.rows.some((r) => r.errors.length)) throw fail.conflict(importRefusal(p), 'rows')
        const base = Date.parse(ctx.nowIso())
        for (const [i, r] of p.values.entries()) {
          // createdAt orders the ledger: file order after what is already there.
          const at = new Date(base + i).toISOString()
          await insertLedgerRow(trx, {
            id: ctx.newId(),
            enterpriseId: input.enterpriseId,
            invoiceNo: r.invoiceNo,
            invoiceKey: invoiceKey(r.invoiceNo),
            date: r.date,
            supplier: r.supplier,
            amountFen: r.amountFen,
            category: r.category,
            invoiceFileId: null,
            paymentFileId: null,
            note: '',
            createdAt: at,
            updatedAt: at,
          })
        }
        await audit(trx, ctx, 'ledger.import', 'enterprise', input.enterpriseId, {
          fileName: input.fileName,
          created: p.values.length,
          amountFen: p.values.reduce((s, r) => s + r.amountFen, 0),
        })
        return p.values.length
      })
      return { created, dossier: await view(ctx.db, input.enterpriseId) }
    },

    'dossier.batchView': async (
      input: Input<'dossier.batchView'>,
    ): Promise<Output<'dossier.batchView'>> => {
      let q = ctx.db.selectFrom('enterprises').selectAll()
      if (input.batch !== undefined) q = q.where('batch', '=', input.batch)
      const ents = await q.orderBy('name').orderBy('id').execute()
      const rows: Output<'dossier.batchView'>['rows'] = []
      const estimates: EnterpriseEstimate[] = []
      for (const e of ents) {
        const d = await loadDossierData(ctx.db, e.id, ctx.registry())
        let problem: string | null
        let s: DossierSubsidy | null
        try {
          const r = subsidyOf(d)
          s = r.subsidy
          problem = r.problem
        } catch (err) {
          if (!(err instanceof AppException)) throw err
          s = null
          problem = err.message
        }
        const batch = d.enterprise.batch
        const level =
          d.acceptance && !d.acceptance.result.provisional ? d.acceptance.result.level : null
        rows.push({
          enterpriseId: e.id,
          name: e.name,
          batch,
          level,
          investmentFen: s?.investmentFen ?? 0,
          diagnosisFen: s?.diagnosisFen ?? 0,
          retrofitFen: s?.retrofitFen ?? 0,
          totalFen: s?.totalFen ?? 0,
          verdict: verdictOf(d).verdict,
          problem,
        })
        estimates.push({
          enterpriseId: e.id,
          name: e.name,
          ...(batch === 1 || batch === 2 || batch === 3 ? { batch } : {}),
          ...(level !== null ? { level: level as 0 | 1 | 2 | 3 | 4 } : {}),
          diagnosisFen: s?.diagnosisFen ?? 0,
          retrofitFen: s?.retrofitFen ?? 0,
        })
      }
      const v = batchBudgetView(estimates)
      return { batch: input.batch ?? null, rows, ...v }
    },
  }
}
