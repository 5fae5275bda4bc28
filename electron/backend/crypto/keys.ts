/**
 * Assessor identity keys, made on the device (issue 5 §1). The private key never leaves the
 * device unencrypted: it is kept in a key file encrypted with a passphrase —
 * scrypt (N=2^15, r=8, p=1, 32-byte key; parameters stored in the file) → AES-256-GCM with the
 * key id as additional data, so neither the ciphertext nor the public part can be swapped.
 *
 * Key file (`dl-assessor-key/v1`, JSON):
 *   { format, keyId, algorithm, publicKeyPem, createdAt, label?,
 *     kdf: { name: 'scrypt', N, r, p, keyLength, salt }, cipher: { name: 'aes-256-gcm', iv, tag },
 *     ciphertext }   (salt, iv, tag, ciphertext in base64)
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

export const DEFAULT_SCRYPT = { N: 2 ** 15, r: 8, p: 1, keyLength: 32 } as const

export interface Signer {
  readonly info: PublicKeyInfo
  sign(message: Uint8Array): Uint8Array
}

const keyFileSchema = z.strictObject({
  format: z.literal(KEY_FILE_FORMAT_V1),
  keyId: z.string().regex(/^[0-9a-f]{64}$/),
  algorithm: z.enum(['Ed25519', 'SM2-SM3']),
  publicKeyPem: z.string(),
  createdAt: z.string(),
  label: z.string().optional(),
  kdf: z.strictObject({
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
  }),
  cipher: z.strictObject({ name: z.literal('aes-256-gcm'), iv: z.string(), tag: z.string() }),
  ciphertext: z.string(),
})
export type KeyFile = z.infer<typeof keyFileSchema>

export class KeyError extends Error {}

function deriveKey(passphrase: string, kdf: KeyFile['kdf']): Buffer {
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

/** Makes a new key pair and returns the encrypted key file and its public part. */
export function createKeyFile(opts: {
  algorithm: SignatureAlgorithm
  passphrase: string
  now: Date
  label?: string
  scrypt?: { N: number; r: number; p: number }
}): KeyFile {
  if (opts.passphrase.length < 8) throw new KeyError('passphrase: must be at least 8 characters')
  let secret: Buffer
  let publicKeyPem: string
  if (opts.algorithm === 'Ed25519') {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519')
    secret = privateKey.export({ type: 'pkcs8', format: 'der' })
    publicKeyPem = pemFromDer(publicKey.export({ type: 'spki', format: 'der' }))
  } else {
    // Keys from OpenSSL's generator (node:crypto); signing itself is done by sm-crypto.
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'SM2' })
    const sec1 = privateKey.export({ type: 'sec1', format: 'der' })
    secret = Buffer.from(sec1.subarray(7, 39))
    const spki = publicKey.export({ type: 'spki', format: 'der' })
    publicKeyPem = sm2PemFromPoint(spki.subarray(spki.length - 65).toString('hex'))
  }
  const keyId = keyIdOf({ algorithm: opts.algorithm, publicKeyPem })
  const kdf = {
    name: 'scrypt' as const,
    ...(opts.scrypt ?? { N: DEFAULT_SCRYPT.N, r: DEFAULT_SCRYPT.r, p: DEFAULT_SCRYPT.p }),
    keyLength: 32 as const,
    salt: randomBytes(16).toString('base64'),
  }
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', deriveKey(opts.passphrase, kdf), iv)
  cipher.setAAD(Buffer.from(keyId, 'utf8'))
  const ciphertext = Buffer.concat([cipher.update(secret), cipher.final()])
  secret.fill(0)
  const file: KeyFile = {
    format: KEY_FILE_FORMAT_V1,
    keyId,
    algorithm: opts.algorithm,
    publicKeyPem,
    createdAt: opts.now.toISOString(),
    kdf,
    cipher: {
      name: 'aes-256-gcm',
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
    },
    ciphertext: ciphertext.toString('base64'),
  }
  if (opts.label) file.label = opts.label
  return file
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
export function unlockKeyFile(file: KeyFile, passphrase: string): Signer {
  let secret: Buffer
  try {
    const d = createDecipheriv(
      'aes-256-gcm',
      deriveKey(passphrase, file.kdf),
      Buffer.from(file.cipher.iv, 'base64'),
    )
    d.setAAD(Buffer.from(file.keyId, 'utf8'))
    d.setAuthTag(Buffer.from(file.cipher.tag, 'base64'))
    secret = Buffer.concat([d.update(Buffer.from(file.ciphertext, 'base64')), d.final()])
  } catch {
    throw new KeyError('key file: wrong passphrase or the key file was changed')
  }
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
