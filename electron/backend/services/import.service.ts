import type { Input, Output } from '../../../shared/contract/api'
import { fail } from '../../../shared/contract/errors'
import type { EnterpriseFields } from '../../../shared/contract/schemas/enterprise'
import type { ImportRow } from '../../../shared/contract/schemas/enterprise-import'
import { HEBI } from '../../../shared/domain/city'
import { audit } from '../audit/audit'
import { enterprisesByUscc, withFinishedAssessments } from '../db/repos/enterprises.repo'
import type { EnterpriseRow } from '../db/tables/enterprises'
import { withTransaction, type Executor } from '../db/tx'
import { classifyRows } from '../import/classify-rows'
import { parseEnterpriseRows, type ParsedImport } from '../import/enterprise-import'
import { importErrorReport, importTemplate } from '../import/import-workbooks'
import { readTableFile, TableFileError } from '../import/table-file'
import type { ServiceContext } from './context'
import { applyEnterprisePatchTx, insertEnterpriseTx } from './enterprises.service'

const MAX_IMPORT_BYTES = 10 * 1024 * 1024
/** The city whose counties and industries a list is checked against (Hebi, the pilot). */
const CITY = HEBI

async function parseFile(input: {
  fileName: string
  contentBase64: string
}): Promise<ParsedImport> {
  const bytes = Buffer.from(input.contentBase64, 'base64')
  if (bytes.byteLength > MAX_IMPORT_BYTES)
    throw fail.tooLarge('导入文件超过上限 10 MiB', 'contentBase64')
  try {
    return parseEnterpriseRows(await readTableFile(input.fileName, bytes), CITY)
  } catch (e) {
    if (e instanceof TableFileError)
      return { rows: [], fileErrors: [e.message], columns: [], encoding: null }
    throw e
  }
}

/** Every row's state against what is registered now (new / update / unchanged / error). */
async function classify(db: Executor, p: ParsedImport): Promise<ImportRow[]> {
  return (await classifyWithRows(db, p)).rows
}

/** classify, with the registered enterprises the rows were compared against (by USCC). */
async function classifyWithRows(
  db: Executor,
  p: ParsedImport,
): Promise<{ rows: ImportRow[]; existing: Map<string, EnterpriseRow> }> {
  const usccs = p.rows.flatMap((r) => (r.value ? [r.value.uscc] : []))
  const existing = await enterprisesByUscc(db, usccs)
  const finished = await withFinishedAssessments(
    db,
    [...existing.values()].map((e) => e.id),
  )
  return { rows: classifyRows(p, existing, finished), existing }
}

function firstErrors(rows: ImportRow[]): string {
  const bad = rows.filter((r) => r.status === 'error')
  const shown = bad
    .slice(0, 3)
    .map((r) => `第 ${r.row} 行 ${r.errors[0]?.column}：${r.errors[0]?.message}`)
    .join('；')
  return `导入未执行（没有写入任何数据）：${bad.length} 行有错误，${shown}${bad.length > 3 ? '……' : ''}`
}

const count = (rows: ImportRow[], s: ImportRow['status']): number =>
  rows.filter((r) => r.status === s).length

export function importServices(ctx: ServiceContext) {
  return {
    'enterprises.importPreview': async (
      input: Input<'enterprises.importPreview'>,
    ): Promise<Output<'enterprises.importPreview'>> => {
      const p = await parseFile(input)
      const rows = await classify(ctx.db, p)
      const newCount = count(rows, 'new')
      const updateCount = count(rows, 'update')
      return {
        fileName: input.fileName,
        encoding: p.encoding ?? null,
        rows,
        newCount,
        updateCount,
        unchangedCount: count(rows, 'unchanged'),
        errorCount: count(rows, 'error'),
        canCommit: p.fileErrors.length === 0 && newCount + updateCount > 0,
        fileErrors: p.fileErrors,
      }
    },

    'enterprises.importCommit': async (
      input: Input<'enterprises.importCommit'>,
    ): Promise<Output<'enterprises.importCommit'>> => {
      const p = await parseFile(input) // file work before the transaction
      if (p.fileErrors.length)
        throw fail.validation(`导入未执行：${p.fileErrors.join('；')}`, 'contentBase64')
      const confirmed = new Map((input.updates ?? []).map((u) => [u.uscc, u.updatedAt]))
      const importId = ctx.newId()
      const result = await withTransaction(ctx.db, async (trx, tx) => {
        const { rows, existing } = await classifyWithRows(trx, p)
        const errors = count(rows, 'error')
        if (errors > 0 && !input.skipInvalid) throw fail.validation(firstErrors(rows), 'rows')
        const byUscc = new Map(rows.flatMap((r) => (r.value ? [[r.value.uscc, r] as const] : [])))
        for (const [uscc, updatedAt] of confirmed) {
          const r = byUscc.get(uscc)
          if (!r || (r.status !== 'update' && r.status !== 'unchanged'))
            throw fail.validation(
              `要更新的统一社会信用代码 ${uscc} 不是文件中已登记企业的一行`,
              'updates',
            )
          if (r.existing && r.existing.updatedAt !== updatedAt)
            throw fail.conflict(
              `企业「${r.existing.name}」（${uscc}）在预览之后已被修改，请重新选择文件预览后再导入`,
              'updates',
            )
        }
        const ids: string[] = []
        const updatedIds: string[] = []
        let skippedUpdates = 0
        for (const r of rows) {
          if (r.status === 'new' && r.value) {
            const e = await insertEnterpriseTx(trx, ctx, r.value, 'enterprise.import')
            ids.push(e.id)
          } else if (r.status === 'update' && r.value && r.existing) {
            if (!confirmed.has(r.value.uscc)) {
              skippedUpdates++
              continue
            }
            const before = existing.get(r.value.uscc)
            if (!before) throw new Error(`import: row ${r.row} lost its enterprise`)
            const patch: Partial<EnterpriseFields> = {}
            for (const c of r.changes)
              (patch as Record<string, unknown>)[c.field] =
                r.value[c.field as keyof EnterpriseFields]
            // Through the enterprise form's path: a change of name or batch is recorded as an
            // identity change (printed in later reports) in this same transaction.
            await applyEnterprisePatchTx(
              trx,
              ctx,
              before,
              patch,
              `名单导入（${input.fileName} 第 ${r.row} 行）`,
              {
                action: 'enterprise.import.update',
                detail: { fileName: input.fileName, row: r.row },
              },
            )
            updatedIds.push(r.existing.id)
          }
        }
        const out = {
          importId,
          created: ids.length,
          updated: updatedIds.length,
          unchanged: count(rows, 'unchanged'),
          skippedInvalid: errors,
          skippedUpdates,
          ids,
          updatedIds,
        }
        await audit(trx, ctx, 'import.commit', 'import', input.fileName, {
          fileName: input.fileName,
          importId,
          created: out.created,
          updated: out.updated,
          unchanged: out.unchanged,
          skippedInvalid: out.skippedInvalid,
          skippedUpdates: out.skippedUpdates,
        })
        if (out.created + out.updated > 0)
          tx.onCommit(() =>
            ctx.emit('enterprises.imported', {
              importId,
              created: out.created,
              updated: out.updated,
            }),
          )
        return out
      })
      return result
    },

    'enterprises.importErrors': async (
      input: Input<'enterprises.importErrors'>,
    ): Promise<Output<'enterprises.importErrors'>> => {
      const p = await parseFile(input)
      if (p.fileErrors.length)
        throw fail.validation(`无法生成错误清单：${p.fileErrors.join('；')}`, 'contentBase64')
      const rows = await classify(ctx.db, p)
      if (count(rows, 'error') === 0) throw fail.validation('文件中没有出错的行', 'contentBase64')
      return importErrorReport(input.fileName, rows)
    },

    'enterprises.importTemplate': async (): Promise<Output<'enterprises.importTemplate'>> =>
      importTemplate(CITY),
  }
}
