/** zod schemas for everything a bundle or a sync message carries; errors name the field. */
import { z } from 'zod'
import { adviceRecordSchema, homogeneityRecordSchema } from '../advice/schema'
import {
  BUNDLE_FORMAT_V1,
  RECEIPT_FORMAT_V1,
  SIGNATURE_ALGORITHMS,
  TIMELINE_ACTIONS,
  type BundleManifest,
  type ReceiptBody,
  type SignatureEnvelope,
} from './types'

export const sha256HexSchema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, { message: 'must be 64 lowercase hex characters (SHA-256)' })

const uuidLike = z
  .string()
  .regex(/^[0-9A-Za-z][0-9A-Za-z_-]{7,79}$/, { message: 'must be an id of 8–80 [0-9A-Za-z_-]' })

const isoDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/, {
  message: 'must be an ISO-8601 UTC timestamp (…Z)',
})

export const publicKeyInfoSchema = z.strictObject({
  keyId: sha256HexSchema,
  algorithm: z.enum(SIGNATURE_ALGORITHMS),
  publicKeyPem: z
    .string()
    .regex(/^-----BEGIN PUBLIC KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END PUBLIC KEY-----\r?\n?$/, {
      message: 'must be a PEM SubjectPublicKeyInfo (BEGIN PUBLIC KEY)',
    }),
})

export const evidenceEntrySchema = z.strictObject({
  sha256: sha256HexSchema,
  size: z.number().int().min(0),
  name: z.string().min(1).max(255),
  itemId: z
    .string()
    .regex(/^(Q\d{2}|SC\d{2}|dossier)$/, {
      message: "must be an item id like Q01 or SC01, or 'dossier'",
    })
    .nullable(),
  mime: z.string().min(1).max(127),
})

/** At most this many timeline events in one manifest (an assessment has ~31 items). */
export const MAX_TIMELINE_EVENTS = 20_000

export const timelineSchema = z
  .array(
    z.strictObject({
      row: z.number().int().min(1),
      at: isoDateTime,
      action: z.enum(TIMELINE_ACTIONS),
      itemId: z
        .string()
        .regex(/^(Q\d{2}|SC\d{2}|survey)$/, {
          message: "must be an item id like Q01 or SC01, or 'survey'",
        })
        .nullable(),
    }),
  )
  .max(MAX_TIMELINE_EVENTS)
  .superRefine((events, ctx) => {
    for (let i = 1; i < events.length; i++)
      if (events[i]!.row <= events[i - 1]!.row) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'row'],
          message: `must be greater than the previous event's row ${events[i - 1]!.row}`,
        })
        return
      }
  })

const reportNumberSchema = z
  .string()
  .regex(/^[\x21-\x7e\u4e00-\u9fff]{1,64}$/, { message: 'must be a report number' })

/** manifest.diagnosis (issue 11 item 1): the signed diagnosis an acceptance compares against. */
export const diagnosisCitationSchema = z.strictObject({
  bundleId: uuidLike,
  manifestSha256: sha256HexSchema,
  reportNumber: reportNumberSchema.nullable(),
})

export const manifestSchema = z.strictObject({
  format: z.literal(BUNDLE_FORMAT_V1),
  bundleId: uuidLike,
  recordId: uuidLike,
  version: z.number().int().min(1),
  supersedes: z
    .strictObject({ bundleId: uuidLike, reason: z.string().trim().min(1, 'must not be empty') })
    .nullable(),
  createdAt: isoDateTime,
  catalogue: z.strictObject({ id: z.string().min(1), hash: sha256HexSchema }),
  assessorKey: publicKeyInfoSchema,
  assessment: z.record(z.string(), z.unknown()),
  evidence: z.array(evidenceEntrySchema),
  panel: z.record(z.string(), z.unknown()).optional(),
  dossier: z.record(z.string(), z.unknown()).optional(),
  audit: z.strictObject({ row: z.number().int().min(0), head: sha256HexSchema }).optional(),
  reports: z
    .array(
      z.strictObject({
        number: reportNumberSchema,
        kind: z.enum(['diagnosis', 'acceptance', 'recheck']),
        sha256: sha256HexSchema,
        issuedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be YYYY-MM-DD' }),
      }),
    )
    .max(100)
    .optional(),
  advice: adviceRecordSchema.optional(),
  homogeneity: homogeneityRecordSchema.optional(),
  timeline: timelineSchema.optional(),
  diagnosis: diagnosisCitationSchema.optional(),
}) satisfies z.ZodType<BundleManifest>

export const signatureEnvelopeSchema = z.strictObject({
  algorithm: z.enum(SIGNATURE_ALGORITHMS),
  keyId: sha256HexSchema,
  signature: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/, { message: 'must be base64' }),
  signedBytesSha256: sha256HexSchema,
}) satisfies z.ZodType<SignatureEnvelope>

export const receiptBodySchema = z.strictObject({
  format: z.literal(RECEIPT_FORMAT_V1),
  bundleId: uuidLike,
  recordId: uuidLike,
  version: z.number().int().min(1),
  manifestSha256: sha256HexSchema,
  assessorKeyId: sha256HexSchema,
  evidence: z.array(sha256HexSchema),
  acceptedAt: isoDateTime,
  serverKeyId: sha256HexSchema,
}) satisfies z.ZodType<ReceiptBody>

export const signedReceiptSchema = z.strictObject({
  receipt: receiptBodySchema,
  signature: signatureEnvelopeSchema,
})

/** The first zod issue as one line `path: problem`, prefixed with where it came from. */
export function firstIssue(where: string, error: z.ZodError): string {
  const issue = error.issues[0]
  if (!issue) return `${where}: invalid`
  const path = issue.path.map((p) => String(p)).join('.')
  return `${where}${path ? ` ${path}` : ''}: ${issue.message.split('\n')[0]}`
}

/** Parses with a schema; returns the value or a one-line error naming the field. */
export function parseWith<T>(
  schema: z.ZodType<T>,
  where: string,
  value: unknown,
): { ok: true; value: T } | { ok: false; error: string } {
  const r = schema.safeParse(value)
  return r.success ? { ok: true, value: r.data } : { ok: false, error: firstIssue(where, r.error) }
}
