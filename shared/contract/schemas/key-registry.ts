/**
 * Public keys of other assessors and experts known on this device ('keyRegistry.*', issue 14):
 * pulled from the central service's key registry or imported from a public-key file, shown by
 * name and agency (panels pick their experts here).
 */
import { z } from 'zod'
import { Base64, IsoTime } from './common'

export const KnownKey = z.object({
  keyId: z.string(),
  algorithm: z.enum(['Ed25519', 'SM2-SM3']),
  name: z.string(),
  agency: z.string(),
  source: z.enum(['central', 'file']),
  addedAt: IsoTime,
  updatedAt: IsoTime,
})
export type KnownKey = z.infer<typeof KnownKey>
export const KnownKeyList = z.object({ items: z.array(KnownKey) })

export const ImportKeyFileInput = z.object({
  fileName: z.string().trim().min(1, '文件名不能为空').max(255),
  contentBase64: Base64.min(1, '公钥文件是空的'),
  /** Required when the file is a bare PEM (it names nobody); overrides the file's name otherwise. */
  name: z.string().trim().max(40, '姓名过长（最多 40 字）').optional(),
  agency: z.string().trim().max(80, '所属机构过长（最多 80 字）').optional(),
})
export const ImportKeyFileResult = z.object({
  key: KnownKey,
  /** 'stored' = new here, 'updated' = known key, name/agency refreshed */
  status: z.enum(['stored', 'updated']),
})

export const PullRegistryResult = z.object({
  /** Keys received from the central service (approved keys only). */
  received: z.int(),
  stored: z.int(),
  updated: z.int(),
})

/** The public-key card an assessor gives to a panel lead (exported on 签名与同步). */
export const PublicKeyCard = z.object({
  format: z.literal('sme-dl-public-key/v1'),
  keyId: z.string(),
  algorithm: z.enum(['Ed25519', 'SM2-SM3']),
  publicKeyPem: z.string(),
  holder: z.object({ name: z.string(), agency: z.string() }),
})
export type PublicKeyCard = z.infer<typeof PublicKeyCard>
export const ExportKeyCardResult = z.object({ fileName: z.string(), content: z.string() })
