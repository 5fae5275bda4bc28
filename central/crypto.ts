/**
 * The central service's crypto: verification of assessor signatures (Ed25519 via node:crypto;
 * SM2 with SM3 and user id 1234567812345678 via sm-crypto, as in the assessor app), key ids,
 * and the server's own Ed25519 receipt key (PKCS#8 PEM in the data directory, mode 0600).
 * central/ may not import electron/, so this mirrors electron/backend/crypto/node-crypto.ts;
 * tests on both sides check the same openssl-compatible encodings.
 */
import {
  randomBytes,
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign as nodeSign,
  verify as nodeVerify,
  type KeyObject,
} from 'node:crypto'
import {
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from 'node:fs'
import smCrypto from 'sm-crypto'
import { toBase64 } from '../shared/domain/bundle/codec'
import { canonicalBytes } from '../shared/domain/bundle/manifest'
import {
  SM2_USER_ID,
  type PublicKeyInfo,
  type SignatureAlgorithm,
  type SignatureEnvelope,
} from '../shared/domain/bundle/types'
import type { BundleCrypto } from '../shared/domain/bundle/verify'

const SM2_SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex')

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex')
}

function spkiDer(pem: string): Buffer {
  const m = /-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\s]+)-----END PUBLIC KEY-----/.exec(pem)
  if (!m) throw new Error('not a PEM public key')
  return Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64')
}

export function sm2PointHex(pem: string): string {
  const der = spkiDer(pem)
  if (
    der.length !== SM2_SPKI_PREFIX.length + 65 ||
    !der.subarray(0, SM2_SPKI_PREFIX.length).equals(SM2_SPKI_PREFIX)
  )
    throw new Error('not an SM2 public key (SPKI with curve 1.2.156.10197.1.301)')
  return der.subarray(SM2_SPKI_PREFIX.length).toString('hex')
}

export function keyIdOf(key: { algorithm: SignatureAlgorithm; publicKeyPem: string }): string {
  if (key.algorithm === 'SM2-SM3')
    return sha256Hex(Buffer.from(sm2PointHex(key.publicKeyPem), 'hex'))
  const k = createPublicKey(key.publicKeyPem)
  if (k.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 public key')
  return sha256Hex(k.export({ type: 'spki', format: 'der' }))
}

/** Parsed public keys are cached: verification of many requests by few keys. */
const keyCache = new Map<string, KeyObject>()

export function verifySignature(
  key: Pick<PublicKeyInfo, 'algorithm' | 'publicKeyPem'>,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  try {
    if (key.algorithm === 'SM2-SM3')
      return smCrypto.sm2.doVerifySignature(
        Array.from(message),
        Buffer.from(signature).toString('hex'),
        sm2PointHex(key.publicKeyPem),
        { hash: true, der: true, userId: SM2_USER_ID },
      )
    let k = keyCache.get(key.publicKeyPem)
    if (!k) {
      k = createPublicKey(key.publicKeyPem)
      if (keyCache.size > 10_000) keyCache.clear()
      keyCache.set(key.publicKeyPem, k)
    }
    return nodeVerify(null, message, k, signature)
  } catch {
    return false
  }
}

export const centralBundleCrypto: BundleCrypto = {
  sha256Hex: (b) => sha256Hex(b),
  keyIdOf: (k) => {
    try {
      return keyIdOf(k)
    } catch (e) {
      return e instanceof Error ? e : new Error(String(e))
    }
  },
  verify: (k, m, s) => verifySignature(k, m, s),
}

export interface ServerKey {
  info: PublicKeyInfo
  /** Signs canonicalJson(value) and returns the envelope. */
  signCanonical(value: unknown): SignatureEnvelope
}

function serverKeyFrom(privateKey: KeyObject): ServerKey {
  const der = createPublicKey(privateKey).export({ type: 'spki', format: 'der' })
  const publicKeyPem = createPublicKey(privateKey)
    .export({ type: 'spki', format: 'pem' })
    .toString()
  const info: PublicKeyInfo = { keyId: sha256Hex(der), algorithm: 'Ed25519', publicKeyPem }
  return {
    info,
    signCanonical(value) {
      const bytes = canonicalBytes(value)
      return {
        algorithm: 'Ed25519',
        keyId: info.keyId,
        signature: toBase64(nodeSign(null, bytes, privateKey)),
        signedBytesSha256: sha256Hex(bytes),
      }
    },
  }
}

/**
 * Loads the server key from `path`, creating it (0600) on first start. Instances that start at
 * once on a shared key file agree on one key: the new key is written to a temp name, fsynced and
 * hard-linked into place (which fails if another instance was first; then its key is read).
 */
export function loadOrCreateServerKey(path: string): ServerKey {
  if (existsSync(path)) return serverKeyFrom(createPrivateKey(readFileSync(path, 'utf8')))
  const { privateKey } = generateKeyPairSync('ed25519')
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`
  const fd = openSync(tmp, 'wx', 0o600)
  try {
    writeSync(fd, String(privateKey.export({ type: 'pkcs8', format: 'pem' })))
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  try {
    linkSync(tmp, path)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    return serverKeyFrom(createPrivateKey(readFileSync(path, 'utf8')))
  } finally {
    unlinkSync(tmp)
  }
  return serverKeyFrom(privateKey)
}
