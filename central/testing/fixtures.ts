/**
 * Test fixtures for the central service: real keys (node:crypto Ed25519; SM2 via sm-crypto),
 * real bundles made with the shared bundle code, a real HTTP client, and a fresh database per
 * test — an SQLite file in a temp dir, or a new PostgreSQL database on TEST_DATABASE_URL.
 */
import {
  createHash,
  generateKeyPairSync,
  randomBytes,
  randomUUID,
  sign as nodeSign,
} from 'node:crypto'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import smCrypto from 'sm-crypto'
import { getCatalogue } from '../../shared/domain/catalogue'
import { MIIT_2024_DEFAULT } from '../../shared/domain/levels/rule-profiles'
import type { RuleProfile } from '../../shared/domain/scoring/types'
import { SyncClient, SyncHttpError, type ClientSigner } from '../../shared/domain/bundle/client'
import {
  HEADER_KEY_ID,
  HEADER_NONCE,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  requestSigningString,
} from '../../shared/domain/bundle/protocol'
import { toBase64 } from '../../shared/domain/bundle/codec'
import { packBundle } from '../../shared/domain/bundle/container'
import { buildManifest, canonicalBytes } from '../../shared/domain/bundle/manifest'
import {
  SM2_USER_ID,
  type BundleManifest,
  type DiagnosisCitation,
  type ReportRef,
  type SignatureEnvelope,
} from '../../shared/domain/bundle/types'
import { keyIdOf, sha256Hex } from '../crypto'
import type { CentralConfig } from '../config'
import { startCentral, type CentralHandle } from '../service'

export const ROOT = join(import.meta.dirname, '..', '..')

export function ed25519Signer(): ClientSigner {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString()
  return {
    info: {
      keyId: keyIdOf({ algorithm: 'Ed25519', publicKeyPem }),
      algorithm: 'Ed25519',
      publicKeyPem,
    },
    sign: (m) => nodeSign(null, m, privateKey),
  }
}

export function sm2Signer(): ClientSigner {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'SM2' })
  const priv = privateKey.export({ type: 'sec1', format: 'der' }).subarray(7, 39).toString('hex')
  const spki = publicKey.export({ type: 'spki', format: 'der' })
  const point = spki.subarray(spki.length - 65).toString('hex')
  const der = Buffer.concat([
    Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex'),
    Buffer.from(point, 'hex'),
  ])
  const publicKeyPem = `-----BEGIN PUBLIC KEY-----\n${der
    .toString('base64')
    .match(/.{1,64}/g)!
    .join('\n')}\n-----END PUBLIC KEY-----\n`
  return {
    info: {
      keyId: keyIdOf({ algorithm: 'SM2-SM3', publicKeyPem }),
      algorithm: 'SM2-SM3',
      publicKeyPem,
    },
    sign: (m) =>
      Buffer.from(
        smCrypto.sm2.doSignature(Array.from(m), priv, {
          hash: true,
          der: true,
          publicKey: point,
          userId: SM2_USER_ID,
        }),
        'hex',
      ),
  }
}

export function exampleAssessment(
  name = 'diagnosis-level2-qibin-dianqi.json',
): Record<string, unknown> {
  return JSON.parse(readFileSync(join(ROOT, 'examples', name), 'utf8')) as Record<string, unknown>
}

/** A diagnosis of the same enterprise as `acceptance`, assessed on `assessedOn`. */
export function diagnosisBefore(
  acceptance: Record<string, unknown>,
  assessedOn: string,
): Record<string, unknown> {
  return { ...acceptance, kind: 'diagnosis', assessedOn }
}

export interface TestBundle {
  manifest: BundleManifest
  signature: SignatureEnvelope
  evidence: Map<string, Uint8Array>
  bytes: Uint8Array
}

export function evidenceBytes(n: number, seed: string, size = 256): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => {
    const h = createHash('sha256').update(`${seed}/${i}`).digest()
    const b = Buffer.alloc(size + i)
    for (let j = 0; j < b.length; j++) b[j] = h[j % 32]! ^ (j & 255)
    return b
  })
}

export function makeBundle(o: {
  signer: ClientSigner
  assessment?: Record<string, unknown>
  evidence?: Uint8Array[]
  recordId?: string
  bundleId?: string
  /** A manifest that lies about the evidence sizes (signed all the same). */
  sizeOverride?: number
  supersedes?: { manifest: BundleManifest; reason: string }
  now?: Date
  /** manifest.reports (issue 11 item 8). */
  reports?: ReportRef[]
  /** manifest.diagnosis (issue 11 item 1): required by central for an acceptance. */
  diagnosis?: DiagnosisCitation
}): TestBundle {
  const pinned = getCatalogue('MIIT-2024')!
  const evidence = new Map<string, Uint8Array>()
  const entries = (o.evidence ?? []).map((b, i) => {
    const sha = sha256Hex(b)
    evidence.set(sha, b)
    return {
      sha256: sha,
      size: o.sizeOverride ?? b.length,
      name: `Q0${(i % 9) + 1}-证据-${i}.jpg`,
      itemId: `Q0${(i % 9) + 1}`,
      mime: 'image/jpeg',
    }
  })
  const prev = o.supersedes?.manifest
  const manifest = buildManifest({
    bundleId: o.bundleId ?? randomUUID(),
    recordId: prev?.recordId ?? o.recordId ?? randomUUID(),
    version: prev ? prev.version + 1 : 1,
    supersedes: prev ? { bundleId: prev.bundleId, reason: o.supersedes!.reason } : null,
    createdAt: (o.now ?? new Date()).toISOString(),
    catalogue: { id: pinned.catalogue.id, hash: pinned.hash },
    assessorKey: o.signer.info,
    assessment: o.assessment ?? exampleAssessment(),
    evidence: entries,
    ...(o.reports ? { reports: o.reports } : {}),
    ...(o.diagnosis ? { diagnosis: o.diagnosis } : {}),
  })
  const bytes = canonicalBytes(manifest)
  const signature: SignatureEnvelope = {
    algorithm: o.signer.info.algorithm,
    keyId: o.signer.info.keyId,
    signature: toBase64(o.signer.sign(bytes)),
    signedBytesSha256: sha256Hex(bytes),
  }
  return {
    manifest,
    signature,
    evidence,
    bytes: packBundle({ manifestBytes: bytes, signature, evidence }),
  }
}

/** The citation of a bundle's diagnosis report, as an acceptance names it (issue 11 item 1). */
export function citationOf(b: { manifest: BundleManifest }): DiagnosisCitation {
  return {
    bundleId: b.manifest.bundleId,
    manifestSha256: sha256Hex(canonicalBytes(b.manifest)),
    reportNumber: b.manifest.reports?.find((r) => r.kind === 'diagnosis')?.number ?? null,
  }
}

export function clientFor(
  url: string,
  signer: ClientSigner,
  now: () => number = () => Date.now(),
): SyncClient {
  return new SyncClient({
    baseUrl: url,
    signer,
    fetch: async (u, init) =>
      fetch(u, {
        method: init.method,
        headers: init.headers,
        ...(init.body ? { body: init.body as Uint8Array<ArrayBuffer> } : {}),
      }),
    sha256Hex: (b) => sha256Hex(b),
    nonce: () => randomBytes(16).toString('base64url'),
    now,
  })
}

/**
 * A request signed by `signer` (the protocol of shared/domain/bundle), for tests that send
 * requests by hand: the authentication headers and the body they cover.
 */
export function signedRequest(
  signer: ClientSigner,
  method: string,
  url: string,
  body: Uint8Array = new Uint8Array(0),
  over: { timestamp?: string; nonce?: string } = {},
): { headers: Record<string, string>; body: Uint8Array } {
  const timestamp = over.timestamp ?? String(Date.now())
  const nonce = over.nonce ?? randomBytes(16).toString('base64url')
  const signing = requestSigningString({
    method,
    pathAndQuery: url,
    timestamp,
    nonce,
    bodySha256: sha256Hex(body),
  })
  return {
    headers: {
      [HEADER_KEY_ID]: signer.info.keyId,
      [HEADER_TIMESTAMP]: timestamp,
      [HEADER_NONCE]: nonce,
      [HEADER_SIGNATURE]: toBase64(signer.sign(Buffer.from(signing, 'utf8'))),
    },
    body,
  }
}

export interface TestDatabase {
  name: 'sqlite' | 'postgres'
  /** A fresh database URL (postgres) or undefined (SQLite in the data dir). */
  create(): Promise<{ databaseUrl: string | undefined; drop(): Promise<void> }>
}

export const sqliteDb: TestDatabase = {
  name: 'sqlite',
  create: async () => ({ databaseUrl: undefined, drop: async () => {} }),
}

export function postgresDb(adminUrl: string): TestDatabase {
  return {
    name: 'postgres',
    async create() {
      const dbName = `dlc_${randomBytes(6).toString('hex')}`
      const admin = new pg.Client({ connectionString: adminUrl })
      await admin.connect()
      await admin.query(`CREATE DATABASE ${dbName}`)
      await admin.end()
      const u = new URL(adminUrl)
      u.pathname = `/${dbName}`
      return {
        databaseUrl: u.toString(),
        async drop() {
          const a = new pg.Client({ connectionString: adminUrl })
          await a.connect()
          await a.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)
          await a.end()
        },
      }
    },
  }
}

/** SQLite always; PostgreSQL when TEST_DATABASE_URL is set. */
export const TEST_DATABASES: TestDatabase[] = [
  sqliteDb,
  ...(process.env['TEST_DATABASE_URL'] ? [postgresDb(process.env['TEST_DATABASE_URL'])] : []),
]

export interface RunningCentral extends CentralHandle {
  url: string
  dataDir: string
  /** undefined on SQLite (the file is in dataDir). */
  databaseUrl: string | undefined
  dispose(): Promise<void>
}

export async function runCentral(
  db: TestDatabase,
  opts: Partial<Pick<CentralConfig, 'now' | 'limits' | 'trustProxy' | 'evidence'>> & {
    dataDir?: string
  } = {},
): Promise<RunningCentral> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'dl-central-'))
  const d = await db.create()
  const { dataDir: _d, ...rest } = opts
  const h = await startCentral({ dataDir, databaseUrl: d.databaseUrl, ...rest })
  return {
    ...h,
    dataDir,
    databaseUrl: d.databaseUrl,
    async dispose() {
      await h.close()
      await d.drop()
    },
  }
}

/** Registers and approves a key directly (as the admin CLI would). */
export async function registeredClient(
  c: RunningCentral,
  signer: ClientSigner = ed25519Signer(),
  approve = true,
): Promise<{ signer: ClientSigner; client: ReturnType<typeof clientFor> }> {
  const client = clientFor(c.url, signer)
  await client.register({ name: '测试评估员', agency: '鹤壁测试服务商' }, new Date().toISOString())
  if (approve)
    await c.ctx.db
      .updateTable('assessor_keys')
      .set({ status: 'approved', approved_at: new Date().toISOString() })
      .where('key_id', '=', signer.info.keyId)
      .execute()
  return { signer, client }
}

/** The SyncHttpError a request is refused with; fails the test when it is not refused. */
export async function refused(p: Promise<unknown>): Promise<SyncHttpError> {
  try {
    await p
  } catch (e) {
    if (e instanceof SyncHttpError) return e
    throw e
  }
  throw new Error('expected the request to be refused')
}

/**
 * A city rule profile whose level differs from MIIT-2024-default for the same answers: 四级 needs
 * 90 points and 14 scenes (8 约束性) at 四级, 三级 80 / 12 / 6.
 */
export const STRICT_RULE_PROFILE: RuleProfile = {
  id: 'Hebi-2024-strict',
  catalogueId: 'MIIT-2024',
  title: '鹤壁试点从严规则（测试）',
  version: '1',
  rules: [
    { level: 4, minScore: 90, minScenes: 14, minConstrainedScenes: 8 },
    { level: 3, minScore: 80, minScenes: 12, minConstrainedScenes: 6 },
    { level: 2, minScore: 60, minScenes: 8, minConstrainedScenes: 4 },
    { level: 1, minScore: 40, minScenes: 6, minConstrainedScenes: 3 },
  ],
  constrainedScenes: [...MIIT_2024_DEFAULT.constrainedScenes],
}
/**
 * Four scenes that are 约束性 in neither profile: left at level 0 with the other 12 at 四级,
 * full marks give 四级 under MIIT-2024-default and 三级 under STRICT_RULE_PROFILE.
 */
export const STRICT_LOW_SCENES: ReadonlySet<string> = new Set(['SC02', 'SC04', 'SC05', 'SC14'])
