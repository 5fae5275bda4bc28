/**
 * Where central keeps evidence bytes (issue 16 §4): a local directory (the embedded default,
 * directory.ts) or S3-compatible object storage (s3.ts, for provinces and above). The upload
 * bookkeeping — sessions, parts, who holds which file — is in the database (evidence-store.ts),
 * so any instance can take the next chunk of an upload another instance began.
 *
 * Object names are fixed shapes, never client text: `evidence/ab/<sha256>` for evidence and
 * `parts/<holder>/<sha256>/<offset>-<random>` for the chunks of an upload in progress.
 */
import type { Readable } from 'node:stream'

export interface EvidenceBackend {
  /** For logs and the start line (never in answers to clients): `directory` or `s3://bucket/prefix`. */
  readonly description: string
  /** Stores one chunk of an upload under a fresh name, durably. */
  putPart(name: string, bytes: Uint8Array): Promise<void>
  /** Deletes parts (missing ones are no error). */
  deleteParts(names: readonly string[]): Promise<void>
  /**
   * Streams the parts in order through SHA-256 and returns the hex digest. With `store`, the
   * concatenation becomes the evidence object `sha` — durably, and only when the digest is `sha`
   * and the length `size`; otherwise nothing is left behind.
   */
  assemble(sha: string, parts: readonly string[], size: number, store: boolean): Promise<string>
  /** The bytes of stored evidence. */
  read(sha: string): Promise<Readable>
  /** Whether the evidence object exists (the database is the index; this is for checks). */
  exists(sha: string): Promise<boolean>
  /** Part objects last written before `beforeMs` (for the sweep of abandoned uploads). */
  staleParts(beforeMs: number): Promise<string[]>
  /** Writes and deletes a small object: throws when the store cannot take writes (readiness). */
  probe(instanceId: string): Promise<void>
}

export const SHA256_RE = /^[0-9a-f]{64}$/
export const PART_RE = /^parts\/[0-9a-z-]{1,64}\/[0-9a-f]{64}\/\d{1,13}-[0-9a-f]{12}$/

export function evidenceName(sha: string): string {
  if (!SHA256_RE.test(sha)) throw new Error('evidence id must be a lowercase hex SHA-256')
  return `evidence/${sha.slice(0, 2)}/${sha}`
}

export function checkPartName(name: string): string {
  if (!PART_RE.test(name)) throw new Error('not a part name')
  return name
}
