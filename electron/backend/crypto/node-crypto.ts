/**
 * node:crypto + sm-crypto implementation of the bundle verifier's crypto port, and the SM2 key
 * encodings. Ed25519 and SHA-256 come from node:crypto. SM2 comes from sm-crypto because
 * node:crypto's SM2 is not GM/T 0003 with the standard user id (toolchain.md).
 *
 * Key ids: hex SHA-256 of the SPKI DER for Ed25519; hex SHA-256 of the 65-byte uncompressed
 * point 04‖x‖y for SM2 (the raw public key every SM2 tool prints), so a key id can be recomputed
 * from what openssl, sm-crypto or a Chinese CA shows.
 */
import { createHash, createPublicKey, verify as nodeVerify } from 'node:crypto'
import smCrypto from 'sm-crypto'
import type { BundleCrypto } from '../../../shared/domain/bundle/verify'
import {
  SM2_USER_ID,
  type PublicKeyInfo,
  type SignatureAlgorithm,
} from '../../../shared/domain/bundle/types'

const { sm2 } = smCrypto

/** SPKI DER prefix of an SM2 public key: id-ecPublicKey with curve OID 1.2.156.10197.1.301. */
const SM2_SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex')

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex')
}

export function pemFromDer(der: Uint8Array, label = 'PUBLIC KEY'): string {
  const b64 = Buffer.from(der).toString('base64')
  const lines = b64.match(/.{1,64}/g) ?? []
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`
}

export function derFromPem(pem: string, label = 'PUBLIC KEY'): Buffer {
  const m = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+)-----END ${label}-----`).exec(
    pem,
  )
  if (!m) throw new Error(`not a PEM ${label}`)
  return Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64')
}

/** SM2 point (65 bytes hex, 04‖x‖y) → SPKI PEM. */
export function sm2PemFromPoint(pointHex: string): string {
  return pemFromDer(Buffer.concat([SM2_SPKI_PREFIX, Buffer.from(pointHex, 'hex')]))
}

/** SM2 SPKI PEM → uncompressed point hex; throws when the PEM is not an SM2 public key. */
export function sm2PointFromPem(pem: string): string {
  const der = derFromPem(pem)
  if (
    der.length !== SM2_SPKI_PREFIX.length + 65 ||
    !der.subarray(0, SM2_SPKI_PREFIX.length).equals(SM2_SPKI_PREFIX)
  )
    throw new Error('not an SM2 public key (SPKI with curve 1.2.156.10197.1.301)')
  return der.subarray(SM2_SPKI_PREFIX.length).toString('hex')
}

export function keyIdOf(key: { algorithm: SignatureAlgorithm; publicKeyPem: string }): string {
  if (key.algorithm === 'SM2-SM3')
    return sha256Hex(Buffer.from(sm2PointFromPem(key.publicKeyPem), 'hex'))
  const k = createPublicKey(key.publicKeyPem)
  if (k.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 public key')
  return sha256Hex(k.export({ type: 'spki', format: 'der' }))
}

export function sm2Sign(message: Uint8Array, privateHex: string, publicHex: string): Uint8Array {
  const hex = sm2.doSignature(Array.from(message), privateHex, {
    hash: true,
    der: true,
    publicKey: publicHex,
    userId: SM2_USER_ID,
  })
  return Buffer.from(hex, 'hex')
}

export function sm2Verify(message: Uint8Array, signature: Uint8Array, publicHex: string): boolean {
  try {
    return sm2.doVerifySignature(
      Array.from(message),
      Buffer.from(signature).toString('hex'),
      publicHex,
      {
        hash: true,
        der: true,
        userId: SM2_USER_ID,
      },
    )
  } catch {
    return false
  }
}

export function verifySignature(
  key: Pick<PublicKeyInfo, 'algorithm' | 'publicKeyPem'>,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  try {
    if (key.algorithm === 'SM2-SM3')
      return sm2Verify(message, signature, sm2PointFromPem(key.publicKeyPem))
    return nodeVerify(null, message, createPublicKey(key.publicKeyPem), signature)
  } catch {
    return false
  }
}

export const nodeBundleCrypto: BundleCrypto = {
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
