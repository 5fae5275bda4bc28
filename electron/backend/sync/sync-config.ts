/**
 * <dataDir>/sync.json: the central service URL and its receipt key, pinned by sync.configure.
 * One reader for every service that talks to the central service or checks what it signed
 * (sync.*, references.*): the file is checked on every read (URL, key record, key id = hash
 * of the key), so a damaged file is a VALIDATION error on serverUrl, never an internal one.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fail } from '../../../shared/contract/errors'
import { SyncHttpError } from '../../../shared/domain/bundle/client'
import { publicKeyInfoSchema } from '../../../shared/domain/bundle/schema'
import type { PublicKeyInfo } from '../../../shared/domain/bundle/types'
import { keyIdOf } from '../crypto/node-crypto'
import { connectionText, refusalText } from './net-text'
import { writeFileDurableSync } from '../../../node/fs-durable'

export interface SyncConfig {
  serverUrl: string
  serverKey: PublicKeyInfo
}

export const syncConfigPath = (dataDir: string): string => join(dataDir, 'sync.json')

/** The pinned configuration, or null when sync has not been set up. */
export function readSyncConfig(dataDir: string): SyncConfig | null {
  const path = syncConfigPath(dataDir)
  if (!existsSync(path)) return null
  let raw: { serverUrl?: unknown; serverKey?: unknown }
  try {
    raw = JSON.parse(readFileSync(path, 'utf8')) as typeof raw
  } catch {
    throw fail.validation('sync.json 已损坏，请重新设置中心服务地址（serverUrl）', 'serverUrl')
  }
  const k = publicKeyInfoSchema.safeParse(raw?.serverKey)
  if (typeof raw?.serverUrl !== 'string' || !k.success || keyIdOf(k.data) !== k.data.keyId)
    throw fail.validation(
      'sync.json 中的中心服务公钥无效，请重新设置中心服务地址（serverUrl）',
      'serverUrl',
    )
  return { serverUrl: raw.serverUrl, serverKey: k.data }
}

/** The pinned configuration; VALIDATION on serverUrl naming `purpose` when it is not set up. */
export function requireSyncConfig(dataDir: string, purpose?: string): SyncConfig {
  const c = readSyncConfig(dataDir)
  if (!c)
    throw fail.validation(
      purpose
        ? `尚未设置中心服务：${purpose}需要先在「签名与同步」→「中心服务」中填写中心服务地址并点「保存并连接」`
        : '尚未设置中心服务：请先在「签名与同步」→「中心服务」中填写中心服务地址并点「保存并连接」',
      'serverUrl',
    )
  return c
}

export function writeSyncConfig(dataDir: string, c: SyncConfig): void {
  writeFileDurableSync(syncConfigPath(dataDir), Buffer.from(JSON.stringify(c, null, 2) + '\n'))
}

/** A failed call to the central service as the user sees it: plain Chinese, what to do. */
export function netError(e: unknown): Error {
  if (e instanceof SyncHttpError) return fail.conflict(refusalText(e.code, e.status))
  return fail.conflict(connectionText(e), 'serverUrl')
}
