/**
 * Sync protocol v1 between the assessor app and the central service (design.md §6).
 * Every JSON message carries `protocolVersion`; the server refuses versions it does not speak.
 *
 * Requests other than key registration are authenticated by the assessor's key: headers
 *   x-dl-key-id, x-dl-timestamp (ms since epoch), x-dl-nonce (16–64 [A-Za-z0-9_-]),
 *   x-dl-signature (base64 over `requestSigningString(...)`, same algorithm as the key).
 * The server refuses a timestamp outside ±REQUEST_SKEW_MS and any nonce it has seen before.
 *
 * Endpoints (all under /v1):
 *   POST /keys                      register a key (pending until an administrator approves)
 *   GET  /keys/:keyId               registration status (public)
 *   GET  /server-key                the server's receipt-signing public key (public)
 *   POST /evidence/missing          {hashes} → which are missing and how much of each arrived
 *   PUT  /evidence/:sha256?offset=N&size=T   append bytes at offset N of a T-byte file
 *   POST /bundles                   push {manifest, signature}
 *   GET  /bundles/:bundleId/receipt the receipt of an accepted bundle
 *   GET  /assignments               the caller's enterprises
 *   GET  /catalogues, /catalogues/:id, /rule-profiles, /registry
 */
import { z } from 'zod'
import {
  manifestSchema,
  sha256HexSchema,
  signatureEnvelopeSchema,
  signedReceiptSchema,
} from './schema'
import { SIGNATURE_ALGORITHMS } from './types'
import { hasUnsafeDisplayChars } from '../text/display'

export const PROTOCOL_VERSION = 1
export const REQUEST_SKEW_MS = 5 * 60 * 1000

export const HEADER_KEY_ID = 'x-dl-key-id'
export const HEADER_TIMESTAMP = 'x-dl-timestamp'
export const HEADER_NONCE = 'x-dl-nonce'
export const HEADER_SIGNATURE = 'x-dl-signature'

/**
 * The exact text signed for a request:
 * `dl-assessor-request/v1\n<METHOD>\n<path with query>\n<timestamp>\n<nonce>\n<sha256 hex of body>`
 */
export function requestSigningString(p: {
  method: string
  pathAndQuery: string
  timestamp: string
  nonce: string
  bodySha256: string
}): string {
  return [
    'dl-assessor-request/v1',
    p.method.toUpperCase(),
    p.pathAndQuery,
    p.timestamp,
    p.nonce,
    p.bodySha256,
  ].join('\n')
}

const version = z.literal(PROTOCOL_VERSION)

/** Issue 12 §6: names an administrator reads in lists are short and hold no control/bidi text. */
export const MAX_ASSESSOR_NAME = 64
export const MAX_AGENCY_NAME = 128
const displayName = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max, { message: `at most ${max} characters` })
    .refine((v) => !hasUnsafeDisplayChars(v), {
      message: 'must not contain control, bidirectional or invisible format characters',
    })

export const registerKeyRequestSchema = z.strictObject({
  protocolVersion: version,
  keyId: sha256HexSchema,
  algorithm: z.enum(SIGNATURE_ALGORITHMS),
  publicKeyPem: z.string().min(1),
  assessor: z.strictObject({
    name: displayName(MAX_ASSESSOR_NAME),
    agency: displayName(MAX_AGENCY_NAME).optional(),
  }),
  /** ISO time of the request; part of the proof. */
  requestedAt: z.string().min(1),
  /** Proof of possession: signature (base64) over canonicalJson(registrationProofBody(req)). */
  proof: z.string().min(1),
})
export type RegisterKeyRequest = z.infer<typeof registerKeyRequestSchema>

/** What the proof of possession signs. */
export function registrationProofBody(
  r: Omit<RegisterKeyRequest, 'proof'>,
): Record<string, unknown> {
  return {
    purpose: 'dl-assessor-key-registration/v1',
    keyId: r.keyId,
    algorithm: r.algorithm,
    publicKeyPem: r.publicKeyPem,
    assessor: r.assessor,
    requestedAt: r.requestedAt,
  }
}

export const KEY_STATUSES = ['pending', 'approved', 'revoked'] as const
export type KeyStatus = (typeof KEY_STATUSES)[number]

export const keyStatusResponseSchema = z.object({
  protocolVersion: version,
  keyId: sha256HexSchema,
  status: z.enum(KEY_STATUSES),
})

export const missingEvidenceRequestSchema = z.strictObject({
  protocolVersion: version,
  hashes: z.array(sha256HexSchema).max(10_000),
})
export const missingEvidenceResponseSchema = z.object({
  protocolVersion: version,
  /** Hashes the server does not hold, with the bytes already received of a partial upload. */
  missing: z.array(z.object({ sha256: sha256HexSchema, received: z.number().int().min(0) })),
})
export type MissingEvidenceResponse = z.infer<typeof missingEvidenceResponseSchema>

export const evidenceUploadResponseSchema = z.object({
  protocolVersion: version,
  sha256: sha256HexSchema,
  status: z.enum(['stored', 'partial', 'present']),
  received: z.number().int().min(0),
})

export const pushBundleRequestSchema = z.strictObject({
  protocolVersion: version,
  manifest: manifestSchema,
  signature: signatureEnvelopeSchema,
})
export type PushBundleRequest = z.infer<typeof pushBundleRequestSchema>

/**
 * - 'accepted': stored now, receipt attached;
 * - 'already-accepted': the same bytes were accepted before (no-op), the same receipt attached;
 * - 'incomplete': signature good and stored, but evidence is missing: upload it and push again.
 */
export const pushBundleResponseSchema = z.object({
  protocolVersion: version,
  status: z.enum(['accepted', 'already-accepted', 'incomplete']),
  bundleId: z.string(),
  missingEvidence: z.array(sha256HexSchema),
  receipt: signedReceiptSchema.nullable(),
})
export type PushBundleResponse = z.infer<typeof pushBundleResponseSchema>

/** Error body of every non-2xx answer: a stable code and a one-line reason. */
export const errorResponseSchema = z.object({
  protocolVersion: version,
  error: z.string(),
  reason: z.string(),
  /** For 409 on a version conflict: the current head of the record. */
  current: z.object({ bundleId: z.string(), version: z.number() }).optional(),
  /** For 409 on an upload offset: the bytes the server has. */
  received: z.number().optional(),
})
export type ErrorResponse = z.infer<typeof errorResponseSchema>

export const ERROR_CODES = [
  'bad-request',
  'unsupported-protocol',
  'auth-missing',
  'auth-skew',
  'auth-replay',
  'auth-unknown-key',
  'auth-key-pending',
  'auth-key-revoked',
  'auth-bad-signature',
  'invalid-bundle',
  'conflict-same-id',
  'conflict-version',
  'conflict-offset',
  'evidence-mismatch',
  'not-found',
  /** Issue 12 §6: too many requests of this kind (Retry-After says when to try again). */
  'rate-limited',
  /** Issue 12 §5: the server's storage is full (507): retry later, nothing is wrong with the data. */
  'storage-full',
  /** The server's database or storage cannot take writes now (503): retry later. */
  'unavailable',
  /** An error on the server (500): details in the server log, never in the answer. */
  'internal',
  'forbidden-record',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export const assignmentSchema = z.object({
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  uscc: z.string().nullable(),
  county: z.string().nullable(),
  industry: z.string().nullable(),
  batch: z.number().int().nullable(),
  kind: z.string().nullable(),
})
export type Assignment = z.infer<typeof assignmentSchema>
export const assignmentsResponseSchema = z.object({
  protocolVersion: version,
  assessorKeyId: sha256HexSchema,
  assignments: z.array(assignmentSchema),
})
