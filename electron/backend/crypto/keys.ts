/**
 * Assessor identity keys, made on the device (issue 5 §1). The private key never leaves the
 * device unencrypted: it is kept in a key file encrypted with AES-256-GCM (key id as additional
 * data, so neither the ciphertext nor the public part can be swapped) under a 32-byte key that
 * comes either
 *   - from a passphrase: scrypt (N=2^15, r=8, p=1; parameters stored in the file) — browser
 *     mode and the CLI, or
 *   - from the OS key store (Electron): a random key sealed by the OS (SecretSealer), so the
 *     file is useless on another computer or to another OS user.
 *
 * Key file (`dl-assessor-key/v1`, JSON):
 *   { format, keyId, algorithm, publicKeyPem, createdAt, label?,
 *     kdf: { name: 'scrypt', N, r, p, keyLength, salt }
 *        | { name: 'os-keystore', store, sealedKey },
 *     cipher: { name: 'aes-256-gcm', iv, tag }, ciphertext }   (binary fields in base64)
 * The plaintext is the PKCS#8 DER for Ed25519 and the 32-byte private scalar for SM2.
 */
import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  scryptSync,
  sign as nodeSign,
} from 'node:crypto'
import { z } from 'zod'
import {
  KEY_FILE_FORMAT_V1,
  type PublicKeyInfo,
  type SignatureAlgorithm,
} from '../../../shared/domain/bundle/types'
import { keyIdOf, pemFromDer, sm2PemFromPoint, sm2PointFromPem, sm2Sign } from './node-crypto'
import type { SecretSealer } from './secret-sealer'

export const DEFAULT_SCRYPT = { N: 2 ** 15, r: 8, p: 1, keyLength: 32 } as const

/** scrypt's cost parameters for a passphrase-protected key file (DEFAULT_SCRYPT when absent). */
export interface ScryptCost {
  N: number
  r: number
  p: number
}

export interface Signer {
  readonly info: PublicKeyInfo
  sign(message: Uint8Array): Uint8Array
}

const scryptKdfSchema = z.strictObject({
  name: z.literal('scrypt'),
  N: z
    .number()
    .int()
    .min(2 ** 14)
    .max(2 ** 22),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
  keyLength: z.literal(32),
  salt: z.string(),
})
const osKeystoreKdfSchema = z.strictObject({
  name: z.literal('os-keystore'),
  store: z.string().min(1).max(64),
  sealedKey: z.string().min(1),
})

const keyFileSchema = z.strictObject({
  format: z.literal(KEY_FILE_FORMAT_V1),
  keyId: z.string().regex(/^[0-9a-f]{64}$/),
  algorithm: z.enum(['Ed25519', 'SM2-SM3']),
  publicKeyPem: z.string(),
  createdAt: z.string(),
  label: z.string().optional(),
  kdf: z.discriminatedUnion('name', [scryptKdfSchema, osKeystoreKdfSchema]),
  cipher: z.strictObject({ name: z.literal('aes-256-gcm'), iv: z.string(), tag: z.string() }),
  ciphertext: z.string(),
})
export type KeyFile = z.infer<typeof keyFileSchema>
type ScryptKdf = z.infer<typeof scryptKdfSchema>

/** How a key file's private key is protected. */
export type KeyProtection = 'passphrase' | 'os-keystore'

/** What unlocks a key file: its passphrase, or the OS key store that sealed it. */
export type KeySecret = { passphrase: string } | { sealer: SecretSealer }

export function protectionOf(file: KeyFile): KeyProtection {
  return file.kdf.name === 'scrypt' ? 'passphrase' : 'os-keystore'
}

export class KeyError extends Error {}

function deriveKey(passphrase: string, kdf: ScryptKdf): Buffer {
  return scryptSync(passphrase.normalize('NFC'), Buffer.from(kdf.salt, 'base64'), kdf.keyLength, {
    N: kdf.N,
    r: kdf.r,
    p: kdf.p,
    maxmem: 256 * kdf.N * kdf.r + 1024 * 1024,
  })
}

/** Accepts 'ed25519' | 'sm2' (CLI spelling) or the algorithm names. */
export function parseAlgorithm(s: string): SignatureAlgorithm {
  const t = s.toLowerCase()
  if (t === 'ed25519') return 'Ed25519'
  if (t === 'sm2' || t === 'sm2-sm3') return 'SM2-SM3'
  throw new KeyError(`--alg: unknown algorithm '${s}'; use ed25519 or sm2`)
}

export interface CreateKeyOptions {
  algorithm: SignatureAlgorithm
  /** Protect with a passphrase (browser mode, CLI) … */
  passphrase?: string
  /** … or with the OS key store (Electron). Exactly one of the two. */
  sealer?: SecretSealer
  now: Date
  label?: string
  scrypt?: ScryptCost
}

/** Makes a new key pair and returns the encrypted key file and its public part. */
export function createKeyFile(opts: CreateKeyOptions): KeyFile {
  return createKey(opts).file
}

/**
 * Makes a new key pair: its encrypted key file and a signer already open. The service that
 * makes the device key keeps it open for the session from here, without deriving the key from
 * the passphrase a second time (scrypt: about 0.1 s and 32 MiB each time).
 */
export function createKey(opts: CreateKeyOptions): { file: KeyFile; signer: Signer } {
  const secret = opts.sealer ? { sealer: opts.sealer } : { passphrase: opts.passphrase ?? '' }
  checkSecret(secret)
  let privateKey: Buffer
  let publicKeyPem: string
  if (opts.algorithm === 'Ed25519') {
    const pair = generateKeyPairSync('ed25519')
    privateKey = pair.privateKey.export({ type: 'pkcs8', format: 'der' })
    publicKeyPem = pemFromDer(pair.publicKey.export({ type: 'spki', format: 'der' }))
  } else {
    // Keys from OpenSSL's generator (node:crypto); signing itself is done by sm-crypto.
    const pair = generateKeyPairSync('ec', { namedCurve: 'SM2' })
    const sec1 = pair.privateKey.export({ type: 'sec1', format: 'der' })
    privateKey = Buffer.from(sec1.subarray(7, 39))
    const spki = pair.publicKey.export({ type: 'spki', format: 'der' })
    publicKeyPem = sm2PemFromPoint(spki.subarray(spki.length - 65).toString('hex'))
  }
  const keyId = keyIdOf({ algorithm: opts.algorithm, publicKeyPem })
  const file = sealPrivateKey(
    {
      keyId,
      algorithm: opts.algorithm,
      publicKeyPem,
      createdAt: opts.now.toISOString(),
      ...(opts.label ? { label: opts.label } : {}),
    },
    privateKey,
    secret,
    opts.scrypt,
  )
  try {
    return { file, signer: signerFrom(file, privateKey) }
  } finally {
    privateKey.fill(0)
  }
}

function checkSecret(secret: KeySecret): void {
  if ('sealer' in secret) {
    if (!secret.sealer.available())
      throw new KeyError('protection: the OS key store is not available on this computer')
  } else if (secret.passphrase.length < 8) {
    throw new KeyError('passphrase: must be at least 8 characters')
  }
}

type PublicPart = Pick<KeyFile, 'keyId' | 'algorithm' | 'publicKeyPem' | 'createdAt' | 'label'>

function sealPrivateKey(
  pub: PublicPart,
  privateKey: Buffer,
  secret: KeySecret,
  scrypt?: ScryptCost,
): KeyFile {
  let kdf: KeyFile['kdf']
  let aesKey: Buffer
  if ('sealer' in secret) {
    aesKey = randomBytes(32)
    const sealed = secret.sealer.seal(aesKey)
    kdf = {
      name: 'os-keystore',
      store: secret.sealer.store,
      sealedKey: Buffer.from(sealed).toString('base64'),
    }
  } else {
    const s: ScryptKdf = {
      name: 'scrypt',
      ...(scrypt ?? { N: DEFAULT_SCRYPT.N, r: DEFAULT_SCRYPT.r, p: DEFAULT_SCRYPT.p }),
      keyLength: 32,
      salt: randomBytes(16).toString('base64'),
    }
    kdf = s
    aesKey = deriveKey(secret.passphrase, s)
  }
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', aesKey, iv)
  cipher.setAAD(Buffer.from(pub.keyId, 'utf8'))
  const ciphertext = Buffer.concat([cipher.update(privateKey), cipher.final()])
  aesKey.fill(0)
  const file: KeyFile = {
    format: KEY_FILE_FORMAT_V1,
    keyId: pub.keyId,
    algorithm: pub.algorithm,
    publicKeyPem: pub.publicKeyPem,
    createdAt: pub.createdAt,
    kdf,
    cipher: {
      name: 'aes-256-gcm',
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
    },
    ciphertext: ciphertext.toString('base64'),
  }
  if (pub.label) file.label = pub.label
  return file
}

function openPrivateKey(file: KeyFile, secret: string | KeySecret): Buffer {
  const s: KeySecret = typeof secret === 'string' ? { passphrase: secret } : secret
  let aesKey: Buffer
  if (file.kdf.name === 'scrypt') {
    if (!('passphrase' in s))
      throw new KeyError('key file: protected by a passphrase, not by the OS key store')
    aesKey = deriveKey(s.passphrase, file.kdf)
  } else {
    if (!('sealer' in s))
      throw new KeyError(
        `key file: protected by the OS key store (${file.kdf.store}), not by a passphrase`,
      )
    try {
      aesKey = Buffer.from(s.sealer.unseal(Buffer.from(file.kdf.sealedKey, 'base64')))
    } catch {
      throw new KeyError(
        'key file: the OS key store cannot unseal it (another OS user or another computer?)',
      )
    }
  }
  try {
    const d = createDecipheriv('aes-256-gcm', aesKey, Buffer.from(file.cipher.iv, 'base64'))
    d.setAAD(Buffer.from(file.keyId, 'utf8'))
    d.setAuthTag(Buffer.from(file.cipher.tag, 'base64'))
    return Buffer.concat([d.update(Buffer.from(file.ciphertext, 'base64')), d.final()])
  } catch {
    throw new KeyError(
      file.kdf.name === 'scrypt'
        ? 'key file: wrong passphrase or the key file was changed'
        : 'key file: the key file was changed (or sealed by another OS key store)',
    )
  } finally {
    aesKey.fill(0)
  }
}

/**
 * The same key under another protection (passphrase ↔ OS key store, or a new passphrase):
 * opened with `from`, sealed again with `to`. Key id, public key and creation date stay.
 */
export function rewrapKeyFile(
  file: KeyFile,
  from: string | KeySecret,
  to: KeySecret,
  scrypt?: ScryptCost,
): KeyFile {
  checkSecret(to)
  const privateKey = openPrivateKey(file, from)
  try {
    return sealPrivateKey(file, privateKey, to, scrypt)
  } finally {
    privateKey.fill(0)
  }
}

export function parseKeyFile(text: string): KeyFile {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    throw new KeyError('key file: not valid JSON')
  }
  const r = keyFileSchema.safeParse(raw)
  if (!r.success) {
    const i = r.error.issues[0]
    throw new KeyError(`key file ${i?.path.join('.') ?? ''}: ${i?.message ?? 'invalid'}`)
  }
  if (keyIdOf(r.data) !== r.data.keyId)
    throw new KeyError('key file keyId: does not match its public key')
  return r.data
}

export function publicInfo(file: KeyFile): PublicKeyInfo {
  return { keyId: file.keyId, algorithm: file.algorithm, publicKeyPem: file.publicKeyPem }
}

/** Decrypts the key file; a wrong passphrase (or a changed file) is a KeyError. */
export function unlockKeyFile(file: KeyFile, secret: string | KeySecret): Signer {
  const privateKey = openPrivateKey(file, secret)
  return signerFrom(file, privateKey)
}

/**
 * A signer that opens the key file when it first signs. A command that refuses its other input
 * (the assessment, the evidence) then does so without deriving the key from the passphrase
 * first; a wrong passphrase is the same KeyError, from `sign`.
 */
export function unlockOnFirstSign(file: KeyFile, secret: string | KeySecret): Signer {
  let open: Signer | undefined
  return {
    info: publicInfo(file),
    sign: (message) => (open ??= unlockKeyFile(file, secret)).sign(message),
  }
}

function signerFrom(file: KeyFile, secret: Buffer): Signer {
  const info = publicInfo(file)
  if (file.algorithm === 'Ed25519') {
    const privateKey = createPrivateKey({ key: secret, format: 'der', type: 'pkcs8' })
    const derived = pemFromDer(createPublicKey(privateKey).export({ type: 'spki', format: 'der' }))
    if (keyIdOf({ algorithm: 'Ed25519', publicKeyPem: derived }) !== file.keyId)
      throw new KeyError('key file: private key does not belong to its public key')
    return { info, sign: (m) => nodeSign(null, m, privateKey) }
  }
  const privHex = secret.toString('hex')
  const pubHex = sm2PointFromPem(file.publicKeyPem)
  return { info, sign: (m) => sm2Sign(m, privHex, pubHex) }
}

/** A signer from a fresh in-memory key (tests, the central server's own key). */
export function ephemeralEd25519(): Signer & { privateKeyPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  const publicKeyPem = pemFromDer(publicKey.export({ type: 'spki', format: 'der' }))
  const info: PublicKeyInfo = {
    keyId: keyIdOf({ algorithm: 'Ed25519', publicKeyPem }),
    algorithm: 'Ed25519',
    publicKeyPem,
  }
  return {
    info,
    sign: (m) => nodeSign(null, m, privateKey),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  }
}
