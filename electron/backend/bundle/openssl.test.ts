/** Runs the commands of docs/verify-with-openssl.md against real bundles with the system openssl. */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { unpackBundle } from '../../../shared/domain/bundle/container'
import { buildBundle } from './build'
import { evidenceFiles, exampleAssessment, testKey } from './test-helpers'

function extract(
  bytes: Uint8Array,
  dir: string,
): { manifest: string; sig: string; signature: { signature: string; signedBytesSha256: string } } {
  const un = unpackBundle(bytes)
  if (!un.ok) throw new Error(un.error)
  const manifest = join(dir, 'manifest.canonical.json')
  writeFileSync(manifest, un.files.get('manifest.json')!)
  const signature = JSON.parse(Buffer.from(un.files.get('signature.json')!).toString()) as {
    signature: string
    signedBytesSha256: string
  }
  const sig = join(dir, 'sig.bin')
  writeFileSync(sig, Buffer.from(signature.signature, 'base64'))
  return { manifest, sig, signature }
}

describe('docs/verify-with-openssl.md', () => {
  it('Ed25519: openssl pkeyutl -verify -rawin accepts the manifest and refuses a changed byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dl-openssl-'))
    const k = testKey('Ed25519')
    const b = buildBundle({
      assessment: exampleAssessment(),
      evidence: evidenceFiles(2),
      signer: k.signer,
      now: new Date(),
    })
    const bundlePath = join(dir, 'result.dlbundle')
    writeFileSync(bundlePath, b.bytes)
    const pub = join(dir, 'pub.pem')
    writeFileSync(pub, k.file.publicKeyPem)
    const { manifest, sig, signature } = extract(b.bytes, dir)
    const cmd = [
      'pkeyutl',
      '-verify',
      '-pubin',
      '-inkey',
      pub,
      '-rawin',
      '-in',
      manifest,
      '-sigfile',
      sig,
    ]
    expect(execFileSync('openssl', cmd, { encoding: 'utf8' })).toMatch(
      /Signature Verified Successfully/,
    )
    expect(
      execFileSync('openssl', ['dgst', '-sha256', '-r', manifest], { encoding: 'utf8' }).split(
        ' ',
      )[0],
    ).toBe(signature.signedBytesSha256)
    const der = execFileSync('openssl', ['pkey', '-pubin', '-in', pub, '-outform', 'DER'])
    expect(
      execFileSync('openssl', ['dgst', '-sha256', '-r'], { input: der, encoding: 'utf8' }).split(
        ' ',
      )[0],
    ).toBe(k.file.keyId)
    // The shell pipeline of the doc (unzip/sed/openssl base64). CI installs unzip; elsewhere a
    // missing unzip skips only this pipeline, with a warning.
    const hasUnzip = spawnSync('unzip', ['-v']).status === 0
    if (!hasUnzip && process.env['CI'])
      throw new Error('unzip is needed in CI (apt-get install unzip)')
    if (!hasUnzip)
      console.warn('[openssl.test] unzip missing: the documented shell pipeline was not run')
    if (hasUnzip) {
      const sh = `cd ${dir} && unzip -p result.dlbundle manifest.json > m2.json && unzip -p result.dlbundle signature.json | sed -n 's/.*"signature": *"\\([A-Za-z0-9+/=]*\\)".*/\\1/p' | openssl base64 -d -A > s2.bin && openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -in m2.json -sigfile s2.bin`
      expect(execFileSync('bash', ['-c', sh], { encoding: 'utf8' })).toMatch(
        /Signature Verified Successfully/,
      )
    }
    // One changed byte in the manifest: openssl refuses it (exit 1).
    const changed = Buffer.from(execFileSync('cat', [manifest]))
    changed[10]! ^= 1
    writeFileSync(manifest, changed)
    const r = spawnSync('openssl', cmd, { encoding: 'utf8' })
    expect(r.status).toBe(1)
    expect(r.stdout + r.stderr).toMatch(/Signature Verification Failure/)
  })

  it('SM2-SM3: openssl verifies with -digest sm3 and distid 1234567812345678', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dl-openssl-sm2-'))
    const k = testKey('SM2-SM3')
    const b = buildBundle({
      assessment: exampleAssessment(),
      evidence: evidenceFiles(1),
      signer: k.signer,
      now: new Date(),
    })
    const pub = join(dir, 'pub.pem')
    writeFileSync(pub, k.file.publicKeyPem)
    const { manifest, sig } = extract(b.bytes, dir)
    const out = execFileSync(
      'openssl',
      [
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
        manifest,
        '-sigfile',
        sig,
      ],
      { encoding: 'utf8' },
    )
    expect(out).toMatch(/Signature Verified Successfully/)
    const der = execFileSync('openssl', ['pkey', '-pubin', '-in', pub, '-outform', 'DER'])
    expect(
      execFileSync('openssl', ['dgst', '-sha256', '-r'], {
        input: der.subarray(der.length - 65),
        encoding: 'utf8',
      }).split(' ')[0],
    ).toBe(k.file.keyId)
  })
})
