/**
 * What importing each parsed row would do, against the enterprises already registered:
 *   new        — USCC not registered: created;
 *   update     — registered, and the file's columns differ: changed only if the user confirms;
 *   unchanged  — registered, nothing differs: left alone;
 *   error      — a value is wrong (column named), or the change is one a list must not make.
 * An update compares only the columns the file has: a list without 电话 never clears a phone.
 */
import type { ImportChange, ImportRow } from '../../../shared/contract/schemas/enterprise-import'
import type { EnterpriseRow } from '../db/tables/enterprises'
import { IMPORT_COLUMNS, type ImportKey, type ParsedImport } from './enterprise-import'

/**
 * Fields a list import may not change once an enterprise has a completed or signed assessment:
 * reports and subsidies cite them; they change one at a time in the enterprise form, with a reason.
 */
const GUARDED: readonly ImportKey[] = ['name', 'batch']

export function classifyRows(
  parsed: ParsedImport,
  existing: Map<string, EnterpriseRow>,
  finished: Set<string>,
): ImportRow[] {
  const compared = parsed.columns.filter((k) => k !== 'uscc')
  return parsed.rows.map((r): ImportRow => {
    const base = { row: r.row, raw: r.raw, value: r.value, errors: r.errors }
    if (!r.value) return { ...base, status: 'error', existing: null, changes: [] }
    const e = existing.get(r.value.uscc)
    if (!e) return { ...base, status: 'new', existing: null, changes: [] }
    const value = r.value
    const changes: ImportChange[] = []
    for (const k of compared) {
      const from = e[k]
      const to = value[k]
      if (from !== to) changes.push({ field: k, column: IMPORT_COLUMNS[k], from, to })
    }
    const ref = { id: e.id, name: e.name, updatedAt: e.updatedAt }
    if (changes.length === 0) return { ...base, status: 'unchanged', existing: ref, changes }
    const guarded = changes.filter((c) => GUARDED.includes(c.field as ImportKey))
    if (guarded.length && finished.has(e.id))
      return {
        ...base,
        value: null,
        status: 'error',
        existing: ref,
        changes,
        errors: guarded.map((c) => ({
          column: c.column,
          message: `「${e.name}」已有完成的评测，${c.column}不能由名单导入修改（现为「${String(c.from ?? '')}」）；请在企业信息中修改并填写原因`,
        })),
      }
    return { ...base, status: 'update', existing: ref, changes }
  })
}
