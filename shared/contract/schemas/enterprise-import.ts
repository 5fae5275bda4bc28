/**
 * Importing the city's enterprise list (.csv in UTF-8 or GB18030/GBK, or .xlsx): a preview with
 * every row's state (new / update with its field changes / unchanged / error naming the column),
 * a commit that writes the clean new rows and the updates the user confirmed, a template and an
 * error report as .xlsx.
 */
import { z } from 'zod'
import { IsoTime } from './common'
import { EnterpriseFields } from './enterprise'

export const ImportFileInput = z.object({
  fileName: z.string().min(1, '文件名不能为空').max(255),
  contentBase64: z.string().min(1, '文件内容为空'),
})

export const ImportRowError = z.object({
  /** Chinese column header, e.g. '统一社会信用代码' */
  column: z.string(),
  message: z.string(),
})

const FieldValue = z.union([z.string(), z.number(), z.null()])
/** One field an update would change: stored value → the file's value. */
export const ImportChange = z.object({
  /** EnterpriseFields key, e.g. 'phone' */
  field: z.string(),
  /** Chinese column header */
  column: z.string(),
  from: FieldValue,
  to: FieldValue,
})
export type ImportChange = z.infer<typeof ImportChange>

export const ImportRowStatus = z.enum(['new', 'update', 'unchanged', 'error'])
export type ImportRowStatus = z.infer<typeof ImportRowStatus>

export const ImportRow = z.object({
  /** 1-based row number in the file, header = row 1 */
  row: z.int(),
  status: ImportRowStatus,
  /** Parsed values when the row is valid */
  value: EnterpriseFields.nullable(),
  /** The raw cells by header, for display and for the error report */
  raw: z.record(z.string(), z.string()),
  errors: z.array(ImportRowError),
  /** The registered enterprise with this USCC (status update / unchanged) */
  existing: z.object({ id: z.string(), name: z.string(), updatedAt: IsoTime }).nullable(),
  /** What an update would change (only the columns the file has) */
  changes: z.array(ImportChange),
})
export type ImportRow = z.infer<typeof ImportRow>

export const ImportPreview = z.object({
  fileName: z.string(),
  /** How the file was read: CSV text encoding, or xlsx */
  encoding: z.enum(['utf-8', 'gb18030', 'xlsx']).nullable(),
  rows: z.array(ImportRow),
  newCount: z.int(),
  updateCount: z.int(),
  unchangedCount: z.int(),
  errorCount: z.int(),
  /** true when there is something to write (a new or an updatable row) and no file error */
  canCommit: z.boolean(),
  /** File-level problems (missing header, unreadable file) */
  fileErrors: z.array(z.string()),
})
export type ImportPreview = z.infer<typeof ImportPreview>

export const ImportCommitInput = ImportFileInput.extend({
  /**
   * false (default): any row with an error refuses the whole file, nothing is written.
   * true: the rows with errors are skipped; the clean rows are written.
   */
  skipInvalid: z.boolean().optional(),
  /**
   * Registered enterprises (by USCC) the user confirmed to update with the file's values, each
   * with the updatedAt the preview showed; if one changed since, the commit is refused
   * (CONFLICT) and nothing is written. Rows with changes not listed here are left as they are.
   */
  updates: z
    .array(z.object({ uscc: z.string().trim().toUpperCase(), updatedAt: IsoTime }))
    .max(20_000)
    .optional(),
})

export const ImportCommitResult = z.object({
  /** Also in the 'enterprises.imported' event, so a window refreshes once per import */
  importId: z.string(),
  created: z.int(),
  updated: z.int(),
  unchanged: z.int(),
  /** Rows with errors that were skipped (skipInvalid) */
  skippedInvalid: z.int(),
  /** Rows with changes the user did not confirm (left as they were) */
  skippedUpdates: z.int(),
  ids: z.array(z.string()),
  updatedIds: z.array(z.string()),
})
export type ImportCommitResult = z.infer<typeof ImportCommitResult>

/** A file made for the user to save (template, error report). */
export const ExportedFile = z.object({
  fileName: z.string(),
  contentBase64: z.string(),
})
