/**
 * Capture times of photo evidence (EXIF DateTimeOriginal, else CreateDate), read with exifr from
 * the first 256 KiB of each stored file — where the EXIF segment of a camera JPEG/HEIC lives —
 * once per SHA-256, into evidence_exif (shared by all instances). The value is the camera's wall
 * clock as written ('YYYY-MM-DD HH:MM:SS'), not converted to any time zone.
 */
import type { CentralContext } from '../ingest'

const HEAD_BYTES = 256 * 1024
export const PHOTO_MIMES: ReadonlySet<string> = new Set([
  'image/jpeg',
  'image/heic',
  'image/heif',
  'image/tiff',
  'image/png',
  'image/webp',
])

/** 'YYYY:MM:DD HH:MM:SS' (EXIF) → 'YYYY-MM-DD HH:MM:SS'; anything else → null. */
export function exifDateTime(v: unknown): string | null {
  if (typeof v !== 'string') return null
  const m = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(v.trim())
  if (!m || m[1] === '0000') return null
  return `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]}`
}

/** The capture time of one stored file, or null (no EXIF, not a photo, unreadable). */
export async function captureTimeOf(ctx: CentralContext, sha256: string): Promise<string | null> {
  let bytes: Buffer
  try {
    bytes = await ctx.store.readBytes(sha256, HEAD_BYTES)
  } catch {
    return null
  }
  try {
    // loaded on first use, not at service start
    const exifr = (await import('exifr')).default
    const tags = (await exifr.parse(bytes, {
      pick: ['DateTimeOriginal', 'CreateDate'],
      reviveValues: false,
    })) as Record<string, unknown> | undefined
    return exifDateTime(tags?.['DateTimeOriginal']) ?? exifDateTime(tags?.['CreateDate'])
  } catch {
    return null
  }
}

/** Reads the capture time of every listed photo not read before; returns all known ones. */
export async function captureTimes(
  ctx: CentralContext,
  shas: readonly string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  const unique = [...new Set(shas)]
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500)
    const known = await ctx.db
      .selectFrom('evidence_exif')
      .select(['sha256', 'taken_at'])
      .where('sha256', 'in', chunk)
      .execute()
    const seen = new Set(known.map((k) => k.sha256))
    for (const k of known) if (k.taken_at) out.set(k.sha256, k.taken_at)
    for (const sha of chunk) {
      if (seen.has(sha) || !(await ctx.store.stored(sha))) continue
      const taken = await captureTimeOf(ctx, sha)
      await ctx.db
        .insertInto('evidence_exif')
        .values({ sha256: sha, taken_at: taken, read_at: ctx.now().toISOString() })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute()
      if (taken) out.set(sha, taken)
    }
  }
  return out
}
