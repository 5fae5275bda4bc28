import type { Input, Output } from '../../../shared/contract/api'
import { fail } from '../../../shared/contract/errors'
import { audit } from '../audit/audit'
import { existingUsccs } from '../db/repos/enterprises.repo'
import { withTransaction, type Executor } from '../db/tx'
import { parseEnterpriseRows, type ParsedImport } from '../import/enterprise-import'
import { readTableFile, TableFileError } from '../import/table-file'
import type { ServiceContext } from './context'
import { insertEnterpriseTx } from './enterprises.service'

const MAX_IMPORT_BYTES = 10 * 1024 * 1024

async function parseFile(input: {
  fileName: string
  contentBase64: string
}): Promise<ParsedImport> {
  const bytes = Buffer.from(input.contentBase64, 'base64')
  if (bytes.byteLength > MAX_IMPORT_BYTES)
    throw fail.tooLarge('导入文件超过上限 10 MiB', 'contentBase64')
  try {
    return parseEnterpriseRows(await readTableFile(input.fileName, bytes))
  } catch (e) {
    if (e instanceof TableFileError) return { rows: [], fileErrors: [e.message] }
    throw e
  }
}

/** Marks rows whose USCC is already registered. */
async function markExisting(db: Executor, p: ParsedImport): Promise<void> {
  const usccs = p.rows.flatMap((r) => (r.value ? [r.value.uscc] : []))
  const existing = await existingUsccs(db, usccs)
  for (const r of p.rows) {
    if (r.value && existing.has(r.value.uscc)) {
      r.errors.push({ column: '统一社会信用代码', message: `${r.value.uscc} 已存在，不能重复导入` })
      r.value = null
    }
  }
}

function firstErrors(p: ParsedImport): string {
  const bad = p.rows.filter((r) => r.errors.length > 0)
  const shown = bad
    .slice(0, 3)
    .map((r) => `第 ${r.row} 行 ${r.errors[0]?.column}：${r.errors[0]?.message}`)
    .join('；')
  return `导入未执行（没有写入任何数据）：${bad.length} 行有错误，${shown}${bad.length > 3 ? '……' : ''}`
}

export function importServices(ctx: ServiceContext) {
  return {
    'enterprises.importPreview': async (
      input: Input<'enterprises.importPreview'>,
    ): Promise<Output<'enterprises.importPreview'>> => {
      const p = await parseFile(input)
      await markExisting(ctx.db, p)
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

    'enterprises.importCommit': async (input: Input<'enterprises.importCommit'>) => {
      const p = await parseFile(input) // file work before the transaction
      if (p.fileErrors.length)
        throw fail.validation(`导入未执行：${p.fileErrors.join('；')}`, 'contentBase64')
      if (p.rows.some((r) => r.errors.length)) throw fail.validation(firstErrors(p), 'rows')
      const ids = await withTransaction(ctx.db, async (trx, tx) => {
        await markExisting(trx, p)
        if (p.rows.some((r) => r.errors.length)) throw fail.conflict(firstErrors(p), 'rows')
        const ids: string[] = []
        for (const r of p.rows) {
          if (!r.value) throw fail.internal()
          const row = await insertEnterpriseTx(trx, ctx, r.value, 'enterprise.import')
          ids.push(row.id)
        }
        await audit(trx, ctx, 'import.commit', 'import', input.fileName, {
          fileName: input.fileName,
          created: ids.length,
        })
        tx.onCommit(() => {
          for (const id of ids) ctx.emit('enterprise.saved', { enterpriseId: id })
        })
        return ids
      })
      return { created: ids.length, ids }
    },
  }
}
