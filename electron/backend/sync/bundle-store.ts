/**
 * A directory of signed bundles by bundle id: DIR/<bundleId>.dlbundle. Used by the outbox (what
 * to send), by import (bundles that came on a USB stick) and by export (bundles to carry).
 * Bundles are immutable: putting other bytes under an existing id is refused; the same bytes
 * are a no-op. Every bundle is verified before it is stored.
 */
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { BundleManifest, PublicKeyInfo } from '../../../shared/domain/bundle/types'
import { firstDifference } from '../../../shared/domain/bundle/verify'
import { BUILT_IN, type ReferenceRegistry } from '../../../shared/domain/reference'
import { verifyBundleBytes } from '../bundle/build'
import { mkdirpSync, writeFileDurableSync } from '../../../node/fs-durable'

export class BundleStoreError extends Error {
  /** Every finding of the verifier when verification failed, else just the message. */
  readonly problems: readonly string[]
  constructor(message: string, problems?: readonly string[]) {
    super(message)
    this.problems = problems ?? [message]
  }
}

export interface StoredBundle {
  bundleId: string
  manifest: BundleManifest
  manifestSha256: string
  /** 'stored' = new; 'present' = the same bytes were already there. */
  status: 'stored' | 'present'
}

const ID_RE = /^[0-9A-Za-z][0-9A-Za-z_-]{7,79}$/

export class BundleStore {
  /** `registry`: the catalogues and rule profiles bundles may name (default BUILT_IN). */
  constructor(
    readonly dir: string,
    private readonly registry: () => ReferenceRegistry = () => BUILT_IN,
  ) {
    mkdirpSync(dir)
  }

  pathOf(bundleId: string): string {
    if (!ID_RE.test(bundleId))
      throw new BundleStoreError(`bundle id '${bundleId}' is not a valid id`)
    return join(this.dir, `${bundleId}.dlbundle`)
  }

  has(bundleId: string): boolean {
    return existsSync(this.pathOf(bundleId))
  }

  read(bundleId: string): Buffer {
    const p = this.pathOf(bundleId)
    if (!existsSync(p)) throw new BundleStoreError(`bundle ${bundleId}: not in the store`)
    return readFileSync(p)
  }

  list(): string[] {
    return readdirSync(this.dir)
      .filter((n) => n.endsWith('.dlbundle'))
      .map((n) => n.slice(0, -'.dlbundle'.length))
      .sort()
  }

  /** Verifies and stores; the reason of a refusal names what is wrong. */
  put(
    bytes: Uint8Array,
    opts: { trustedKey?: Pick<PublicKeyInfo, 'algorithm' | 'publicKeyPem'> } = {},
  ): StoredBundle {
    const v = verifyBundleBytes(bytes, { registry: this.registry(), ...opts })
    if (!v.ok) throw new BundleStoreError(v.problems[0] ?? 'invalid bundle', v.problems)
    const id = v.manifest.bundleId
    const target = this.pathOf(id)
    if (existsSync(target)) {
      const have = readFileSync(target)
      if (firstDifference(have, bytes) >= 0)
        throw new BundleStoreError(
          `bundle ${id}: a different bundle with this id is already stored (signed bundles are immutable)`,
        )
      return {
        bundleId: id,
        manifest: v.manifest,
        manifestSha256: v.manifestSha256,
        status: 'present',
      }
    }
    writeFileDurableSync(target, bytes)
    return {
      bundleId: id,
      manifest: v.manifest,
      manifestSha256: v.manifestSha256,
      status: 'stored',
    }
  }

  /** Removes a bundle this process just stored, when what belongs with it failed to commit. */
  remove(bundleId: string): void {
    rmSync(this.pathOf(bundleId), { force: true })
  }

  /** Copies a stored bundle to a file (e.g. on a USB stick); never overwrites. */
  exportTo(bundleId: string, dest: string): void {
    if (existsSync(dest)) throw new BundleStoreError(`${dest} already exists`)
    copyFileSync(this.pathOf(bundleId), dest)
  }
}
