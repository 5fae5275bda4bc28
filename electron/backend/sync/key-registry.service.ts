/**
 * 'keyRegistry.*' and 'keys.exportCard' (issue 14): the public keys of other assessors and
 * experts known on this device, by name and agency, so a panel lead picks experts by name
 * instead of typing 64-hex key ids. Keys come from the central service's registry (approved keys,
 * GET /v1/registry) or from a public-key file: the card this app exports (names its holder), the
 * CLI's `keys export-public` JSON, or a bare PEM (then the lead names the holder). Every key id is
 * recomputed from the key before it is stored.
 */
import { existsSync, readFileSync } from 'node:fs'
import type { Input, Output } from '../../../shared/contract/api'
import { fail } from '../../../shared/contract/errors'
import { PublicKeyCard, type KnownKey } from '../../../shared/contract/schemas/key-registry'
import type { SignatureAlgorithm } from '../../../shared/domain/bundle/types'
import { audit } from '../audit/audit'
import { parseKeyFile } from '../crypto/keys'
import { keyIdOf } from '../crypto/node-crypto'
import { getKnownKey, listKnownKeys, putKnownKey } from '../db/repos/known-keys.repo'
import type { KnownKeyRow } from '../db/tables/known-keys'
import { withTransaction } from '../db/tx'
import type { ServiceContext } from '../services/context'
import { assessorProfile } from '../services/profile.service'
import { createSyncClient } from './http'
import { netError, requireSyncConfig } from './sync-config'
import { keyFilePath, requireSigner } from './sync.service'

const toKnownKey = (r: KnownKeyRow): KnownKey => ({
  keyId: r.keyId,
  algorithm: r.algorithm,
  name: r.name,
  agency: r.agency,
  source: r.source,
  addedAt: r.addedAt,
  updatedAt: r.updatedAt,
})

interface ParsedKey {
  algorithm: SignatureAlgorithm
  publicKeyPem: string
  /** The key id the file states (checked against the key), if any. */
  statedKeyId?: string
  holder?: { name: string; agency: string }
}

const PEM = /-----BEGIN PUBLIC KEY-----[A-Za-z0-9+/=\s]+-----END PUBLIC KEY-----/
const NOT_A_KEY =
  '不是公钥文件：请选择评测人员在「签名与同步」中导出的公钥文件（.json），或 PEM 格式的公钥（.pem）'

/** The algorithm of a bare PEM: Ed25519, else SM2 (keyIdOf refuses anything else). */
function algorithmOf(pem: string): SignatureAlgorithm {
  try {
    keyIdOf({ algorithm: 'Ed25519', publicKeyPem: pem })
    return 'Ed25519'
  } catch {
    return 'SM2-SM3'
  }
}

/** Reads a public-key file; VALIDATION 'contentBase64' in plain Chinese when it is none. */
export function parsePublicKeyFile(text: string): ParsedKey {
  const t = text.replace(/^\uFEFF/, '').trim()
  if (t.startsWith('{')) {
    let raw: unknown
    try {
      raw = JSON.parse(t)
    } catch {
      throw fail.validation(`文件内容不是完整的 JSON：${NOT_A_KEY}`, 'contentBase64')
    }
    const card = PublicKeyCard.safeParse(raw)
    if (card.success)
      return {
        algorithm: card.data.algorithm,
        publicKeyPem: card.data.publicKeyPem,
        statedKeyId: card.data.keyId,
        holder: card.data.holder,
      }
    const r = raw as { keyId?: unknown; algorithm?: unknown; publicKeyPem?: unknown }
    if (
      typeof r.publicKeyPem === 'string' &&
      (r.algorithm === 'Ed25519' || r.algorithm === 'SM2-SM3')
    )
      return {
        algorithm: r.algorithm,
        publicKeyPem: r.publicKeyPem,
        ...(typeof r.keyId === 'string' ? { statedKeyId: r.keyId } : {}),
      }
    if ((raw as { format?: unknown }).format === 'sme-dl-assessor-key/v1')
      throw fail.validation(
        '这是含私钥的密钥文件，不应交给他人：请让评测人员在「签名与同步」中点「导出公钥」，使用导出的公钥文件',
        'contentBase64',
      )
    throw fail.validation(NOT_A_KEY, 'contentBase64')
  }
  const pem = PEM.exec(t)?.[0]
  if (!pem) throw fail.validation(NOT_A_KEY, 'contentBase64')
  const publicKeyPem = pem.replace(/\r\n/g, '\n') + '\n'
  return { algorithm: algorithmOf(publicKeyPem), publicKeyPem }
}

/** The key id of the key; VALIDATION when the key is unusable or the stated id differs. */
function checkedKeyId(k: ParsedKey): string {
  let id: string
  try {
    id = keyIdOf(k)
  } catch {
    throw fail.validation(
      '文件中的公钥无法读取（只支持 Ed25519 和 SM2 公钥）：请让评测人员重新导出公钥文件',
      'contentBase64',
    )
  }
  if (k.statedKeyId !== undefined && k.statedKeyId !== id)
    throw fail.validation(
      '公钥文件中的密钥编号与公钥不符，文件可能被改动过：请向评测人员重新索取公钥文件',
      'contentBase64',
    )
  return id
}

export function keyRegistryServices(ctx: ServiceContext) {
  return {
    'keyRegistry.list': async (): Promise<Output<'keyRegistry.list'>> => ({
      items: (await listKnownKeys(ctx.db)).map(toKnownKey),
    }),

    'keyRegistry.importFile': async (
      input: Input<'keyRegistry.importFile'>,
    ): Promise<Output<'keyRegistry.importFile'>> => {
      const text = Buffer.from(input.contentBase64, 'base64').toString('utf8')
      const k = parsePublicKeyFile(text)
      const keyId = checkedKeyId(k)
      const name = input.name?.trim() || k.holder?.name.trim() || ''
      const agency = input.agency?.trim() || k.holder?.agency.trim() || ''
      if (!name)
        throw fail.validation(
          '这个公钥文件没有写明持有人：请填写专家姓名（和所属机构）后再导入',
          'name',
        )
      if (name.length > 40) throw fail.validation('姓名过长（最多 40 字）', 'name')
      return withTransaction(ctx.db, async (trx) => {
        const before = await getKnownKey(trx, keyId)
        const at = ctx.nowIso()
        const row: KnownKeyRow = {
          keyId,
          algorithm: k.algorithm,
          publicKeyPem: k.publicKeyPem,
          name,
          agency: agency.slice(0, 80),
          source: 'file',
          addedAt: before?.addedAt ?? at,
          updatedAt: at,
        }
        await putKnownKey(trx, row)
        await audit(trx, ctx, 'key-registry.import', 'key', keyId, {
          fileName: input.fileName,
          name,
          agency: row.agency,
        })
        return { key: toKnownKey(row), status: before ? 'updated' : 'stored' }
      })
    },

    'keyRegistry.pull': async (): Promise<Output<'keyRegistry.pull'>> => {
      const { serverUrl } = requireSyncConfig(ctx.dataDir, '从中心获取专家名录')
      const client = createSyncClient({ baseUrl: serverUrl, signer: requireSigner(ctx) })
      let keys: Awaited<ReturnType<typeof client.registry>>
      try {
        keys = await client.registry()
      } catch (e) {
        throw netError(e)
      }
      // Checked before anything is written: a key whose id does not match is not taken.
      const rows: KnownKeyRow[] = []
      const at = ctx.nowIso()
      for (const k of Array.isArray(keys) ? keys : []) {
        const name = typeof k?.assessor?.name === 'string' ? k.assessor.name.trim() : ''
        if (!name || (k.algorithm !== 'Ed25519' && k.algorithm !== 'SM2-SM3')) continue
        let id: string
        try {
          id = keyIdOf(k)
        } catch {
          continue
        }
        if (id !== k.keyId) continue
        rows.push({
          keyId: id,
          algorithm: k.algorithm,
          publicKeyPem: k.publicKeyPem,
          name: name.slice(0, 40),
          agency: (k.assessor.agency ?? '').trim().slice(0, 80),
          source: 'central',
          addedAt: at,
          updatedAt: at,
        })
      }
      let stored = 0
      let updated = 0
      await withTransaction(ctx.db, async (trx) => {
        for (const r of rows) {
          const before = await getKnownKey(trx, r.keyId)
          if (before) updated++
          else stored++
          await putKnownKey(trx, before ? { ...r, addedAt: before.addedAt } : r)
        }
        await audit(trx, ctx, 'key-registry.pull', 'key', serverUrl, { stored, updated })
      })
      return { received: Array.isArray(keys) ? keys.length : 0, stored, updated }
    },

    'keys.exportCard': async (): Promise<Output<'keys.exportCard'>> => {
      const path = keyFilePath(ctx)
      if (!existsSync(path))
        throw fail.validation(
          '本机尚无签名密钥：请先在「签名与同步」→「评测人员密钥」中创建密钥',
          'key',
        )
      const key = parseKeyFile(readFileSync(path, 'utf8'))
      const profile = await assessorProfile(ctx.db)
      if (!profile)
        throw fail.validation(
          '尚未设置评测人员资料（姓名、机构）：请先点页首的「评测人员」设置，公钥文件会写明持有人',
          'profile',
        )
      const card: PublicKeyCard = {
        format: 'sme-dl-public-key/v1',
        keyId: key.keyId,
        algorithm: key.algorithm,
        publicKeyPem: key.publicKeyPem,
        holder: { name: profile.name, agency: profile.agency },
      }
      return {
        fileName: `公钥-${profile.name.replace(/[\\/:*?"<>|\s]/g, '_')}-${key.keyId.slice(0, 8)}.json`,
        content: JSON.stringify(card, null, 2) + '\n',
      }
    },
  }
}
