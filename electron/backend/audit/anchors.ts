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
import { verifySignedManifest } from '../../../shared/domain/bundle/verify'
import { BUILT_IN } from '../../../shared/domain/reference'
import { MANIFEST_ENTRY, SIGNATURE_ENTRY } from '../../../shared/domain/bundle/types'
import { nodeBundleCrypto } from '../crypto/node-crypto'
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
    const entry = (name: string): unknown => {
      const bytes = un.ok ? un.files.get(name) : undefined
      if (!bytes) return undefined
      try {
        return JSON.parse(fromUtf8(bytes))
      } catch {
        return undefined
      }
    }
    // the manifest's own signature, key id and canonical hash (the same check as `verify`);
    // evidence and the assessment are not needed for the anchor
    const v = verifySignedManifest(entry(MANIFEST_ENTRY), entry(SIGNATURE_ENTRY), {
      crypto: nodeBundleCrypto,
      catalogueHash: (id) => BUILT_IN.catalogue(id)?.hash,
      checkAssessment: false,
    })
    if (!v.ok) {
      scan.problems.push(`bundle ${id}: ${v.problems[0] ?? 'does not verify'} (file changed)`)
      continue
    }
    const manifest = v.manifest
    if (!manifest.audit) {
      scan.unanchored++
      continue
    }
    scan.anchors.push({ ...manifest.audit, source: `bundle ${id}` })
  }
  return scan
}
