import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createKey, createKeyFile, parseKeyFile, unlockKeyFile, unlockOnFirstSign } from './keys'
import { keyIdOf, sha256Hex, sm2PointFromPem, sm2Verify, verifySignature } from './node-crypto'

const FAST = { N: 2 ** 14, r: 8, p: 1 }
const dir = mkdtempSync(join(tmpdir(), 'dl-keys-'))
const openssl = (args: string[]): string => execFileSync('openssl', args, { encoding: 'utf8' })

describe('assessor keys', () => {
  it.each(['Ed25519', 'SM2-SM3'] as const)(
    '%s: encrypted key file round-trips; wrong passphrase and edits are refused',
    (algorithm) => {
      const file = createKeyFile({
        algorithm,
        passphrase: 'correct horse',
        now: new Date('2026-11-27T00:00:00Z'),
        scrypt: FAST,
      })
      expect(file.kdf).toMatchObject({ name: 'scrypt', N: 2 ** 14, r: 8, p: 1, keyLength: 32 })
      expect(JSON.stringify(file)).not.toMatch(/PRIVATE KEY/)
      const again = parseKeyFile(JSON.stringify(file))
      const signer = unlockKeyFile(again, 'correct horse')
      const msg = Buffer.from('{"中文":"签名"}')
      expect(verifySignature(file, msg, signer.sign(msg))).toBe(true)
      expect(verifySignature(file, Buffer.from('{"中文":"签名 "}'), signer.sign(msg))).toBe(false)
      expect(() => unlockKeyFile(file, 'wrong horse')).toThrow(/wrong passphrase/)
      const ct = Buffer.from(file.ciphertext, 'base64')
      ct[0]! ^= 1
      expect(() =>
        unlockKeyFile({ ...file, ciphertext: ct.toString('base64') }, 'correct horse'),
      ).toThrow(/wrong passphrase or the key file was changed/)
      expect(() => parseKeyFile(JSON.stringify({ ...file, keyId: 'e'.repeat(64) }))).toThrow(
        /keyId: does not match/,
      )
      expect(() => createKeyFile({ algorithm, passphrase: 'short', now: new Date() })).toThrow(
        /at least 8/,
      )
    },
  )

  it.each(['Ed25519', 'SM2-SM3'] as const)(
    '%s: createKey hands out the new key open — it signs as the key file does once unlocked',
    (algorithm) => {
      const { file, signer } = createKey({
        algorithm,
        passphrase: 'correct horse',
        now: new Date('2026-11-27T00:00:00Z'),
        scrypt: FAST,
      })
      expect(signer.info).toEqual({
        keyId: file.keyId,
        algorithm,
        publicKeyPem: file.publicKeyPem,
      })
      const msg = Buffer.from('{"评测":"签名"}')
      expect(verifySignature(file, msg, signer.sign(msg))).toBe(true)
      // the file holds that same key: what it signs once unlocked verifies under the same id
      const reopened = unlockKeyFile(parseKeyFile(JSON.stringify(file)), 'correct horse')
      expect(reopened.info).toEqual(signer.info)
      expect(verifySignature(file, msg, reopened.sign(msg))).toBe(true)
      expect(() => createKey({ algorithm, passphrase: 'short', now: new Date() })).toThrow(
        /at least 8/,
      )
    },
  )

  it('unlockOnFirstSign opens the key file only when it signs; a wrong passphrase fails there', () => {
    const file = createKeyFile({
      algorithm: 'Ed25519',
      passphrase: 'correct horse',
      now: new Date('2026-11-27T00:00:00Z'),
      scrypt: FAST,
    })
    const wrong = unlockOnFirstSign(file, 'wrong horse') // nothing derived yet: no error
    expect(wrong.info.keyId).toBe(file.keyId)
    expect(() => wrong.sign(Buffer.from('x'))).toThrow(/wrong passphrase/)
    const right = unlockOnFirstSign(file, 'correct horse')
    const msg = Buffer.from('{"评测":"签名"}')
    expect(verifySignature(file, msg, right.sign(msg))).toBe(true)
    expect(verifySignature(file, msg, right.sign(msg))).toBe(true) // opened once, signs again
  })

  it('Ed25519 key id is the SHA-256 of the SPKI DER as openssl prints it', () => {
    const file = createKeyFile({
      algorithm: 'Ed25519',
      passphrase: 'correct horse',
      now: new Date(),
      scrypt: FAST,
    })
    const pem = join(dir, 'ed.pem')
    writeFileSync(pem, file.publicKeyPem)
    const der = execFileSync('openssl', ['pkey', '-pubin', '-in', pem, '-outform', 'DER'])
    expect(sha256Hex(der)).toBe(file.keyId)
  })

  it('SM2: sm-crypto signatures verify in openssl, openssl signatures verify in sm-crypto (user id 1234567812345678)', () => {
    const file = createKeyFile({
      algorithm: 'SM2-SM3',
      passphrase: 'correct horse',
      now: new Date(),
      scrypt: FAST,
    })
    const signer = unlockKeyFile(file, 'correct horse')
    const pub = join(dir, 'sm2.pem')
    const msgPath = join(dir, 'msg.json')
    const sigPath = join(dir, 'sm2.sig')
    writeFileSync(pub, file.publicKeyPem)
    const msg = Buffer.from('{"企业":"鹤壁","level":2}')
    writeFileSync(msgPath, msg)
    writeFileSync(sigPath, signer.sign(msg))
    const verifyArgs = [
      'pkeyutl',
      '-verify',
      '-pubin',
      '-inkey',
      pub,
      '-rawin',
      '-digest',
      'sm3',
      '-pkeyopt',
      'distid:1234567812345678',
      '-in',
      msgPath,
      '-sigfile',
      sigPath,
    ]
    expect(openssl(verifyArgs)).toMatch(/Signature Verified Successfully/)
    // A different user id must NOT verify: proves the Z value is really in use.
    expect(() =>
      openssl(
        verifyArgs.map((a) => (a === 'distid:1234567812345678' ? 'distid:1234567812345679' : a)),
      ),
    ).toThrow()
    // The other way round: an OpenSSL key and signature.
    const k = join(dir, 'o-sm2.pem')
    const kp = join(dir, 'o-sm2-pub.pem')
    const osig = join(dir, 'o.sig')
    openssl(['genpkey', '-algorithm', 'SM2', '-out', k])
    openssl(['pkey', '-in', k, '-pubout', '-out', kp])
    openssl([
      'pkeyutl',
      '-sign',
      '-inkey',
      k,
      '-rawin',
      '-digest',
      'sm3',
      '-pkeyopt',
      'distid:1234567812345678',
      '-in',
      msgPath,
      '-out',
      osig,
    ])
    const opem = readFileSync(kp, 'utf8')
    expect(sm2Verify(msg, readFileSync(osig), sm2PointFromPem(opem))).toBe(true)
    expect(sm2Verify(Buffer.from('other'), readFileSync(osig), sm2PointFromPem(opem))).toBe(false)
    // Our SPKI encoding of the point is byte-identical to OpenSSL's.
    expect(keyIdOf({ algorithm: 'SM2-SM3', publicKeyPem: opem })).toBe(
      sha256Hex(Buffer.from(sm2PointFromPem(opem), 'hex')),
    )
  })
})
