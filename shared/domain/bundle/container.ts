/**
 * The `.dlbundle` zip container (fflate, pure). Packing is deterministic: fixed entry order and
 * timestamps, so the same manifest, signature and evidence give the same bytes.
 */
import { zipSync, type Zippable } from 'fflate'
import { unzipBounded, zipEntryName, type ZipEntryInfo } from '../zip/unzip-bounded'
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
/** Largest manifest.json / signature.json accepted (a real manifest is a few hundred KiB). */
export const MAX_MANIFEST_BYTES = 32 * 1024 ** 2
export const MAX_SIGNATURE_BYTES = 64 * 1024

const EVIDENCE_NAME = new RegExp(`^${EVIDENCE_DIR}[0-9a-f]{64}$`)

/**
 * The bundle policy, checked on the central directory before a single byte is inflated: only
 * manifest.json, signature.json and evidence/<sha256> (anything else is refused by name),
 * evidence stored uncompressed as packBundle writes it (so no evidence entry can inflate), the
 * two JSON entries within their caps.
 */
function bundleEntryCheck(f: ZipEntryInfo): string | null {
  if (f.name === MANIFEST_ENTRY || f.name === SIGNATURE_ENTRY) {
    const cap = f.name === MANIFEST_ENTRY ? MAX_MANIFEST_BYTES : MAX_SIGNATURE_BYTES
    if (f.originalSize > cap)
      return `${f.name}: declares ${f.originalSize} bytes, more than the ${cap} accepted`
    return null
  }
  if (EVIDENCE_NAME.test(f.name))
    return f.compression !== 0 || f.size !== f.originalSize
      ? `${f.name}: evidence must be stored uncompressed (compression ${f.compression}, ${f.size} → ${f.originalSize} bytes)`
      : null
  return `${zipEntryName(f.name)}: extra file not listed in the manifest`
}

/**
 * Unzips a bundle, bounded (issue 12, shared/domain/zip/unzip-bounded.ts): the central directory
 * is checked first (bundleEntryCheck, total ≤ MAX_BUNDLE_UNCOMPRESSED), then every entry is
 * counted against its declared size while it inflates. Memory is bounded by the declared sizes,
 * never by what a crafted deflate stream expands to. Returns the entries by name or a one-line
 * reason. Directory entries are ignored.
 */
export function unpackBundle(
  bytes: Uint8Array,
): { ok: true; files: Map<string, Uint8Array> } | { ok: false; error: string } {
  return unzipBounded(bytes, {
    check: bundleEntryCheck,
    maxTotal: MAX_BUNDLE_UNCOMPRESSED,
    totalError: 'bundle: uncompressed size exceeds 4 GiB',
    label: 'bundle',
  })
}
