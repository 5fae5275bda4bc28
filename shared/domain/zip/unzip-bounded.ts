/**
 * Unzipping with bounds (issue 12), for archives from outside: bundles, spreadsheets. fflate only.
 *
 * 1. The central directory is read first (fflate's unzipSync with a filter that takes nothing, so
 *    nothing is inflated) and every entry is checked by the caller's policy — names, compression,
 *    declared sizes — and the total of declared sizes against a cap, before a byte is inflated.
 * 2. The entries are then streamed (fflate Unzip + UnzipInflate) with the input pushed 1 KiB at a
 *    time, so one step inflates at most ~1 MiB (DEFLATE's ratio is below 1:1032), and every entry
 *    is counted against its declared size while it inflates: the first byte beyond it stops
 *    everything. An entry whose local header differs from the central directory, or that uses a
 *    data descriptor (size unknown up front), is refused.
 * Memory is therefore bounded by the declared (and capped) sizes, never by what a crafted deflate
 * stream expands to. Every failure is a one-line reason naming the entry.
 */
import { Unzip, UnzipInflate, unzipSync } from 'fflate'

export interface ZipEntryInfo {
  name: string
  /** compressed size, as declared in the central directory */
  size: number
  /** uncompressed size, as declared in the central directory */
  originalSize: number
  /** 0 = stored, 8 = deflate */
  compression: number
}

export interface BoundedUnzipOptions {
  /** Per entry, before anything is inflated: null to accept, or a one-line reason to refuse. */
  check(entry: ZipEntryInfo): string | null
  /** Largest total of declared uncompressed sizes. */
  maxTotal: number
  /** The reason when maxTotal is exceeded. */
  totalError: string
  /** Largest number of entries (default 65 535). */
  maxEntries?: number
  /** Names the archive in messages ('bundle', 'xlsx'). */
  label: string
}

export type BoundedUnzip =
  { ok: true; files: Map<string, Uint8Array> } | { ok: false; error: string }

/**
 * Compressed bytes pushed at a time while a deflated entry may still come: one push of n bytes
 * yields at most ~1032·n (and fflate's time per push grows faster than its output), so 1 KiB
 * keeps one step to about 1 MiB and a few ms. Once every deflated entry is read, stored data is
 * pushed 1 MiB at a time.
 */
const PUSH_DEFLATED = 1024
const PUSH_STORED = 1024 * 1024

/**
 * A zip entry name as it may appear in a one-line message: unchanged when it holds no control or
 * line separator characters, otherwise JSON-quoted with those escaped (as bundle/verify.ts
 * safeName), so a crafted name can never start a forged second line.
 */
export function zipEntryName(name: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[\u0000-\u001f\u007f-\u009f\u2028\u2029"]/.test(name)) return name
  return JSON.stringify(name).replace(
    /[\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}

/** The central directory's entries (no inflating), or a one-line reason. */
export function listZip(bytes: Uint8Array, label: string): ZipEntryInfo[] | string {
  const listing: ZipEntryInfo[] = []
  try {
    unzipSync(bytes, {
      filter: (f) => {
        listing.push({
          name: f.name,
          size: f.size,
          originalSize: f.originalSize,
          compression: f.compression,
        })
        return false
      },
    })
  } catch (e) {
    return `${label}: not a readable zip (${e instanceof Error ? e.message : String(e)})`
  }
  return listing
}

export function unzipBounded(bytes: Uint8Array, opts: BoundedUnzipOptions): BoundedUnzip {
  const listing = listZip(bytes, opts.label)
  if (typeof listing === 'string') return { ok: false, error: listing }
  if (listing.length > (opts.maxEntries ?? 65_535))
    return { ok: false, error: `${opts.label}: ${listing.length} entries, more than accepted` }
  const declared = new Map<string, ZipEntryInfo>()
  let total = 0
  for (const f of listing) {
    if (f.name.endsWith('/')) {
      if (f.originalSize !== 0)
        return { ok: false, error: `${zipEntryName(f.name)}: directory entry with content` }
      continue
    }
    if (declared.has(f.name))
      return { ok: false, error: `${zipEntryName(f.name)}: entry appears twice in the zip` }
    if (f.compression !== 0 && f.compression !== 8)
      return {
        ok: false,
        error: `${zipEntryName(f.name)}: unknown compression method ${f.compression}`,
      }
    total += f.originalSize
    if (total > opts.maxTotal) return { ok: false, error: opts.totalError }
    const refused = opts.check(f)
    if (refused !== null) return { ok: false, error: refused }
    declared.set(f.name, f)
  }

  const files = new Map<string, Uint8Array>()
  const started = new Set<string>()
  let deflatedLeft = [...declared.values()].filter((d) => d.compression === 8).length
  let error: string | null = null
  const stop = (why: string): void => {
    error ??= why
  }
  const unzip = new Unzip((f) => {
    if (error !== null || f.name.endsWith('/')) return
    const d = declared.get(f.name)
    const name = zipEntryName(f.name)
    if (!d) return stop(`${opts.label}: local entry ${name} is not in the zip's central directory`)
    if (
      f.size === undefined ||
      f.originalSize !== d.originalSize ||
      f.compression !== d.compression
    )
      return stop(`${name}: local header differs from the central directory`)
    if (started.has(f.name)) return stop(`${name}: entry appears twice in the zip`)
    started.add(f.name)
    const chunks: Uint8Array[] = []
    let got = 0
    f.ondata = (err, chunk, final) => {
      if (error !== null) return
      if (err) return stop(`${name}: cannot be inflated (${err.message})`)
      got += chunk.length
      if (got > d.originalSize)
        return stop(`${name}: inflates beyond its declared ${d.originalSize} bytes (zip bomb?)`)
      chunks.push(chunk)
      if (!final) return
      if (got !== d.originalSize) return stop(`${name}: ${got} bytes, declared ${d.originalSize}`)
      files.set(f.name, concat(chunks, got))
      if (d.compression === 8) deflatedLeft--
    }
    f.start()
  })
  unzip.register(UnzipInflate)
  try {
    for (let at = 0; at < bytes.length && error === null;) {
      const step = deflatedLeft > 0 ? PUSH_DEFLATED : PUSH_STORED
      unzip.push(bytes.subarray(at, at + step), at + step >= bytes.length)
      at += step
    }
  } catch (e) {
    stop(`${opts.label}: not a readable zip (${e instanceof Error ? e.message : String(e)})`)
  }
  if (error !== null) return { ok: false, error }
  for (const name of declared.keys())
    if (!files.has(name))
      return { ok: false, error: `${zipEntryName(name)}: listed in the zip but not readable` }
  return { ok: true, files }
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!
  const out = new Uint8Array(size)
  let at = 0
  for (const c of chunks) {
    out.set(c, at)
    at += c.length
  }
  return out
}
