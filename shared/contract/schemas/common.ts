import { z } from 'zod'

/** Sortable text id (UUIDv7 layout). */
export const Id = z.string().min(1, '编号不能为空').max(64)
/** ISO-8601 UTC timestamp, e.g. 2026-11-27T02:50:00.000Z */
export const IsoTime = z.string()
/** Calendar date YYYY-MM-DD. */
export const IsoDate = z.iso.date({ error: '日期格式应为 YYYY-MM-DD' })
export const Base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, '内容须为 base64 编码')
export const Empty = z.object({}).strict()
