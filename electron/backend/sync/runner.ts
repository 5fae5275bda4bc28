/**
 * The outbox runner (design.md §6): for each due bundle, upload the evidence the server is
 * missing (resuming partial uploads at the server's offset), push the bundle, check the signed
 * receipt against the pinned server key, and record accepted (receipt kept) or rejected (reason
 * kept). Network errors and 5xx retry later with exponential backoff on the injected clock.
 */
import type { Kysely } from 'kysely'
import { isTransient, SyncHttpError, type SyncClient } from '../../../shared/domain/bundle/client'
import { fromBase64 } from '../../../shared/domain/bundle/codec'
import { canonicalBytes } from '../../../shared/domain/bundle/manifest'
import { DEFAULT_BACKOFF, type BackoffPolicy } from '../../../shared/domain/bundle/outbox'
import { signedReceiptSchema } from '../../../shared/domain/bundle/schema'
import type { PublicKeyInfo, SignedReceipt } from '../../../shared/domain/bundle/types'
import type { ReferenceRegistry } from '../../../shared/domain/reference'
import { verifyBundleBytes } from '../bundle/build'
import { keyIdOf, verifySignature } from '../crypto/node-crypto'
import type { DB } from '../db/schema'
import type { BundleStore } from './bundle-store'
import { apply, dueRows, enqueue, recoverSending, type OutboxRow } from './outbox-repo'

export interface RunnerOptions {
  db: Kysely<DB>
  store: BundleStore
  client: SyncClient
  /** ms since epoch; injected so tests control backoff. */
  clock: () => number
  /** The server's receipt key, pinned at set-up; receipts signed by any other key are refused. */
  serverKey: PublicKeyInfo
  backoff?: BackoffPolicy
  chunkSize?: number
  /** Catalogues and rule profiles the bundles may name (default BUILT_IN; the app: ctx.registry()). */
  registry?: ReferenceRegistry
  /** Called after each state change (UI progress events). */
  onChange?: (row: OutboxRow) => void
}

export interface RunSummary {
  accepted: number
  rejected: number
  retried: number
  evidenceUploaded: number
  bytesSent: number
}

export class ReceiptError extends Error {}

/** Checks a receipt: server key, signature, and that it is for exactly this manifest. */
export function checkReceipt(
  r: SignedReceipt,
  serverKey: PublicKeyInfo,
  expect: { bundleId: string; manifestSha256: string },
): void {
  const p = signedReceiptSchema.safeParse(r)
  if (!p.success) throw new ReceiptError('receipt: malformed')
  if (r.signature.keyId !== serverKey.keyId || r.receipt.serverKeyId !== serverKey.keyId)
    throw new ReceiptError(
      `receipt: signed by ${r.signature.keyId.slice(0, 12)}…, not by the pinned server key ${serverKey.keyId.slice(0, 12)}…`,
    )
  const sig = fromBase64(r.signature.signature)
  if (!sig || !verifySignature(serverKey, canonicalBytes(r.receipt), sig))
    throw new ReceiptError('receipt: server signature does not verify')
  if (r.receipt.bundleId !== expect.bundleId || r.receipt.manifestSha256 !== expect.manifestSha256)
    throw new ReceiptError('receipt: names another bundle or manifest')
}

export class OutboxRunner {
  constructor(private readonly o: RunnerOptions) {
    if (keyIdOf(o.serverKey) !== o.serverKey.keyId)
      throw new Error('serverKey: key id does not match the key')
  }

  /** Verifies and stores a bundle file, then queues it (idempotent). */
  async add(bytes: Uint8Array): Promise<OutboxRow> {
    const s = this.o.store.put(bytes)
    try {
      return await enqueue(
        this.o.db,
        {
          bundleId: s.bundleId,
          recordId: s.manifest.recordId,
          version: s.manifest.version,
          manifestSha256: s.manifestSha256,
        },
        this.o.clock(),
      )
    } catch (e) {
      // all or nothing (issue 12 item 7): a file this call stored goes when its row does not
      if (s.status === 'stored') this.o.store.remove(s.bundleId)
      throw e
    }
  }

  /** Puts items a crashed process left `sending` back in the queue. */
  recover(): Promise<number> {
    return recoverSending(this.o.db, this.o.clock())
  }

  /**
   * Sends every due item once (in order), returns what happened. `force` sends queued items
   * whose backoff has not elapsed yet (the user's 「立即发送」).
   */
  async runOnce(opts: { force?: boolean } = {}): Promise<RunSummary> {
    const sum: RunSummary = {
      accepted: 0,
      rejected: 0,
      retried: 0,
      evidenceUploaded: 0,
      bytesSent: 0,
    }
    const rows = await dueRows(this.o.db, opts.force ? Number.MAX_SAFE_INTEGER : this.o.clock())
    const blockedRecords = new Set<string>()
    for (const row0 of rows) {
      // A correction waits until the version it replaces is through.
      if (blockedRecords.has(row0.recordId)) continue
      if (row0.version > 1 && (await this.waitsForEarlierVersion(row0))) continue
      const row = await apply(this.o.db, row0, { type: 'start', now: this.o.clock() })
      if (!row) continue
      this.o.onChange?.(row)
      let done: OutboxRow | null
      try {
        const receipt = await this.send(row, sum)
        done = await apply(this.o.db, row, {
          type: 'accepted',
          now: this.o.clock(),
          receipt: JSON.stringify(receipt),
        })
        sum.accepted++
      } catch (e) {
        const reason =
          e instanceof SyncHttpError
            ? `${e.code}: ${e.reason}`
            : e instanceof Error
              ? e.message
              : String(e)
        if (!(e instanceof ReceiptError) && isTransient(e)) {
          done = await apply(this.o.db, row, {
            type: 'failed',
            now: this.o.clock(),
            error: reason,
            policy: this.o.backoff ?? DEFAULT_BACKOFF,
          })
          sum.retried++
        } else {
          done = await apply(this.o.db, row, { type: 'rejected', now: this.o.clock(), reason })
          sum.rejected++
        }
        blockedRecords.add(row.recordId)
      }
      if (done) this.o.onChange?.(done)
    }
    return sum
  }

  /** An earlier version of the same record still on its way: the server needs it first. */
  private async waitsForEarlierVersion(row: OutboxRow): Promise<boolean> {
    const earlier = await this.o.db
      .selectFrom('syncOutbox')
      .select('bundleId')
      .where('recordId', '=', row.recordId)
      .where('version', '<', row.version)
      .where('state', '!=', 'accepted')
      .executeTakeFirst()
    return earlier !== undefined
  }

  private async send(row: OutboxRow, sum: RunSummary): Promise<SignedReceipt> {
    const v = verifyBundleBytes(this.o.store.read(row.bundleId), {
      ...(this.o.registry ? { registry: this.o.registry } : {}),
    })
    if (!v.ok) throw new ReceiptError(`local bundle ${row.bundleId}: ${v.problems[0]}`)
    const { client } = this.o
    const hashes = v.manifest.evidence.map((e) => e.sha256)
    for (let round = 0; round < 2; round++) {
      for (const m of await client.missingEvidence(hashes)) {
        sum.bytesSent += await client.uploadEvidence(
          m.sha256,
          v.evidence.get(m.sha256)!,
          m.received,
          this.o.chunkSize,
        )
        sum.evidenceUploaded++
      }
      const r = await client.pushBundle(v.manifest, v.signature)
      if (r.status !== 'incomplete' && r.receipt) {
        checkReceipt(r.receipt, this.o.serverKey, {
          bundleId: row.bundleId,
          manifestSha256: v.manifestSha256,
        })
        return r.receipt
      }
    }
    throw new Error(`bundle ${row.bundleId}: the server still misses evidence after upload`)
  }
}
