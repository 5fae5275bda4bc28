/**
 * The `.dlbundle` zip container (fflate, pure). Packing is deterministic: fixed entry order and
 * timestamps, so the same manifest, signature and evidence give the same bytes.
 */
import { unzipSync, zipSync, type Zippable } from 'fflate'
import { utf8 } from './codec'
import { EVIDENCE_DIR, MANIFEST_ENTRY, SIGNATURE_ENTRY, type SignatureEnvelope } from './types'

/**
 * 1980-01-01 00:00, the earliest DOS date: no wall clock leaks into the container bytes. Built
 * from LOCAL fields at each packing, because fflate writes the DOS date/time with the local
 * getters: a fixed UTC instant gave bytes that depend on the machine's time zone (a bundle packed
 * in UTC+8 failed the repacking check on a UTC machine) and threw 'date not in range' west of UTC.
 */
const fixedMtime = (): Date => new Date(1980, 0, 1, 0, 0, 0)

export interface BundleParts {
  /** The canonical manifest bytes (what was signed). */
  manifestBytes: Uint8Array
  signature: SignatureEnvelope
  /** sha256 → bytes */
  evidence: ReadonlyMap<string, Uint8Array>
}

export function packBundle(parts: BundleParts): Uint8Array {
  const FIXED_MTIME = fixedMtime()
  const files: Zippable = {}
  files[MANIFEST_ENTRY] = [parts.manifestBytes, { level: 6, mtime: FIXED_MTIME }]
  files[SIGNATURE_ENTRY] = [
    utf8(JSON.stringify(parts.signature, null, 2) + '\n'),
    { level: 6, mtime: FIXED_MTIME },
  ]
  for (const sha of [...parts.evidence.keys()].sort()) {
    // Evidence is mostly photos and PDFs, already compressed: store it.
    files[EVIDENCE_DIR + sha] = [parts.evidence.get(sha)!, { level: 0, mtime: FIXED_MTIME }]
  }
  return zipSync(files)
}

/** Largest total of uncompressed entries accepted, a guard against zip bombs. */
export const MAX_BUNDLE_UNCOMPRESSED = 4 * 1024 ** 3

/** Unzips; returns the entries by name or a one-line reason. Directory entries are ignored. */
export function unpackBundle(
  bytes: Uint8Array,
): { ok: true; files: Map<string, Uint8Array> } | { ok: false; error: string } {
  let total = 0
  let tooBig = false
  let raw: Record<string, Uint8Array>
  try {
    raw = unzipSync(bytes, {
      filter: (f) => {
        total += f.originalSize
        if (total > MAX_BUNDLE_UNCOMPRESSED) tooBig = true
        return !tooBig
      },
    })
  } catch (e) {
    return {
      ok: false,
      error: `bundle: not a readable zip (${e instanceof Error ? e.message : String(e)})`,
    }
  }
  if (tooBig) return { ok: false, error: 'bundle: uncompressed size exceeds 4 GiB' }
  const files = new Map<string, Uint8Array>()
  for (const [name, data] of Object.entries(raw)) if (!name.endsWith('/')) files.set(name, data)
  return { ok: true, files }
}
