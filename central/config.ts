/**
 * Central's configuration from the environment (main.ts) and its defaults. Everything an
 * instance needs to behave like its siblings behind a reverse proxy comes from here or from the
 * shared database; nothing from local memory.
 *
 *   CENTRAL_DATA_DIR            server key, local evidence, SQLite file (default ./central-data)
 *   DATABASE_URL                postgres://… (else SQLite in the data dir)
 *   CENTRAL_SERVER_KEY_FILE     the receipt-signing key (default DATA/server-key.pem); every
 *                               instance of one service must use the same key
 *   CENTRAL_EVIDENCE_STORE      'directory' (default) or 's3'
 *   CENTRAL_EVIDENCE_DIR        directory store root (default the data dir)
 *   CENTRAL_S3_BUCKET, CENTRAL_S3_PREFIX, CENTRAL_S3_ENDPOINT, CENTRAL_S3_REGION,
 *   CENTRAL_S3_FORCE_PATH_STYLE=1   S3-compatible store; credentials by the AWS SDK's chain
 *   CENTRAL_TRUST_PROXY         client addresses from X-Forwarded-For: 'true' or the proxies'
 *                               addresses / CIDRs, comma-separated (default: not trusted)
 *   CENTRAL_REQUEST_TIMEOUT_MS  a request (headers and body) must arrive within this (120000)
 *   CENTRAL_REGISTRATIONS_PER_ADDRESS_PER_HOUR (10), CENTRAL_REGISTRATIONS_PER_HOUR (200)
 *   CENTRAL_PENDING_KEY_TTL_HOURS (168), CENTRAL_UPLOAD_TTL_HOURS (24)
 */
import { join } from 'node:path'
import type { S3BackendConfig } from './evidence/s3'

export interface CentralLimits {
  /** Key registrations (POST /v1/keys) per client address and per hour. */
  registrationsPerAddress: number
  /** Key registrations per hour in total (all addresses). */
  registrationsTotal: number
  registrationWindowMs: number
  /** A pending registration not approved within this is deleted (the assessor registers again). */
  pendingKeyTtlMs: number
  /** An upload with no new chunk for this long is abandoned and its parts deleted. */
  uploadTtlMs: number
  /** Headers and body of one request must arrive within this; slower requests get 408. */
  requestTimeoutMs: number
}

export const DEFAULT_LIMITS: CentralLimits = {
  registrationsPerAddress: 10,
  registrationsTotal: 200,
  registrationWindowMs: 60 * 60 * 1000,
  pendingKeyTtlMs: 7 * 24 * 60 * 60 * 1000,
  uploadTtlMs: 24 * 60 * 60 * 1000,
  requestTimeoutMs: 120_000,
}

export type EvidenceConfig =
  { kind: 'directory'; dir?: string } | ({ kind: 's3' } & S3BackendConfig)

export interface CentralConfig {
  /** Evidence files, the server key and (without databaseUrl) central.sqlite live here. */
  dataDir: string
  /** postgres://… to use PostgreSQL; otherwise SQLite in dataDir. */
  databaseUrl?: string | undefined
  /** Default: a directory store in dataDir. */
  evidence?: EvidenceConfig
  /** Default: dataDir/server-key.pem. */
  serverKeyFile?: string
  limits?: Partial<CentralLimits>
  /** fastify's trustProxy: true, or the proxies' addresses / CIDRs (comma-separated). */
  trustProxy?: boolean | string
  now?: () => Date
  /** The built city console (issue 16); default CONSOLE_DIR or <repo>/out/console. */
  consoleDir?: string
}

export class ConfigError extends Error {}

function positive(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const v = env[name]
  if (v === undefined || v === '') return undefined
  const n = Number(v)
  if (!Number.isFinite(n) || n <= 0)
    throw new ConfigError(`${name}: must be a positive number, got '${v}'`)
  return n
}

/** The configuration `npm run central` uses, from the environment. */
export function configFromEnv(env: NodeJS.ProcessEnv, cwdDataDir: string): CentralConfig {
  const dataDir = cwdDataDir
  const store = env['CENTRAL_EVIDENCE_STORE'] || 'directory'
  let evidence: EvidenceConfig
  if (store === 'directory') {
    evidence = { kind: 'directory', dir: env['CENTRAL_EVIDENCE_DIR'] || dataDir }
  } else if (store === 's3') {
    const bucket = env['CENTRAL_S3_BUCKET']
    if (!bucket) throw new ConfigError('CENTRAL_S3_BUCKET: required when CENTRAL_EVIDENCE_STORE=s3')
    evidence = {
      kind: 's3',
      bucket,
      ...(env['CENTRAL_S3_PREFIX'] ? { prefix: env['CENTRAL_S3_PREFIX'] } : {}),
      ...(env['CENTRAL_S3_ENDPOINT'] ? { endpoint: env['CENTRAL_S3_ENDPOINT'] } : {}),
      ...(env['CENTRAL_S3_REGION'] ? { region: env['CENTRAL_S3_REGION'] } : {}),
      forcePathStyle: /^(1|true|yes)$/i.test(env['CENTRAL_S3_FORCE_PATH_STYLE'] ?? ''),
    }
  } else throw new ConfigError(`CENTRAL_EVIDENCE_STORE: 'directory' or 's3', got '${store}'`)
  const hours = (n: number | undefined) => (n === undefined ? undefined : n * 60 * 60 * 1000)
  const limits: Partial<CentralLimits> = {}
  const set = <K extends keyof CentralLimits>(k: K, v: number | undefined) => {
    if (v !== undefined) limits[k] = v
  }
  set('registrationsPerAddress', positive(env, 'CENTRAL_REGISTRATIONS_PER_ADDRESS_PER_HOUR'))
  set('registrationsTotal', positive(env, 'CENTRAL_REGISTRATIONS_PER_HOUR'))
  set('pendingKeyTtlMs', hours(positive(env, 'CENTRAL_PENDING_KEY_TTL_HOURS')))
  set('uploadTtlMs', hours(positive(env, 'CENTRAL_UPLOAD_TTL_HOURS')))
  set('requestTimeoutMs', positive(env, 'CENTRAL_REQUEST_TIMEOUT_MS'))
  const tp = env['CENTRAL_TRUST_PROXY']
  const trustProxy = tp === undefined || tp === '' ? undefined : /^true$/i.test(tp) ? true : tp
  return {
    dataDir,
    databaseUrl: env['DATABASE_URL'] || undefined,
    evidence,
    serverKeyFile: env['CENTRAL_SERVER_KEY_FILE'] || join(dataDir, 'server-key.pem'),
    limits,
    ...(trustProxy !== undefined ? { trustProxy } : {}),
  }
}
