/**
 * The audit chain heads anchored in bundles signed on this device (manifest.audit). Each bundle
 * file is read from <dataDir>/bundles and its manifest signature checked before its anchor is
 * trusted: a bundle file edited to match a rewritten log fails here instead.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'kysely'
import { unpackBundle } from '../../../shared/domain/bundle/container'
import { fromUtf8 } from '../../../shared/domain/bundle/codec'
import { canonicalBytes } from '../../../shared/domain/bundle/manifest'
import { manifestSchema, signatureEnvelopeSchema } from '../../../shared/domain/bundle/schema'
import { MANIFEST_ENTRY, SIGNATURE_ENTRY } from '../../../shared/domain/bundle/types'
import { verifySignature } from '../crypto/node-crypto'
import type { Executor } from '../db/tx'
import type { AnchoredHead } from './chain'

export interface AnchorScan {
  anchors: AnchoredHead[]
  /** local bundles whose file is missing or fails its signature, one line each */
  problems: string[]
  /** local bundles made before anchors existed */
  unanchored: number
}

export async function anchorsFromLocalBundles(db: Executor, dataDir: string): Promise<AnchorScan> {
  const scan: AnchorScan = { anchors: [], problems: [], unanchored: 0 }
  const has = await sql<{
    n: number
  }>`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'sync_bundles'`.execute(
    db,
  )
  if (!has.rows[0]?.n) return scan
  // (the connection's CamelCasePlugin maps bundle_id → bundleId in results)
  const rows = await sql<{
    bundleId: string
  }>`SELECT bundle_id FROM sync_bundles WHERE source = 'local' ORDER BY bundle_id`.execute(db)
  for (const { bundleId: id } of rows.rows) {
    const file = join(dataDir, 'bundles', `${id}.dlbundle`)
    if (!existsSync(file)) {
      scan.problems.push(`bundle ${id}: file ${file} is missing`)
      continue
    }
    const un = unpackBundle(new Uint8Array(readFileSync(file)))
    const m = un.ok ? un.files.get(MANIFEST_ENTRY) : undefined
    const s = un.ok ? un.files.get(SIGNATURE_ENTRY) : undefined
    let manifest, envelope
    try {
      manifest = m && manifestSchema.safeParse(JSON.parse(fromUtf8(m)))
      envelope = s && signatureEnvelopeSchema.safeParse(JSON.parse(fromUtf8(s)))
    } catch {
      manifest = undefined
    }
    if (!manifest?.success || !envelope?.success) {
      scan.problems.push(`bundle ${id}: not a readable signed bundle`)
      continue
    }
    const ok = verifySignature(
      manifest.data.assessorKey,
      canonicalBytes(manifest.data),
      Buffer.from(envelope.data.signature, 'base64'),
    )
    if (!ok) {
      scan.problems.push(`bundle ${id}: manifest signature does not verify (file changed)`)
      continue
    }
    if (!manifest.data.audit) {
      scan.unanchored++
      continue
    }
    scan.anchors.push({ ...manifest.data.audit, source: `bundle ${id}` })
  }
  return scan
}
