/**
 * PDF signatures checked by outside tools: pdfsig (poppler/NSS), qpdf, openssl.
 * Chinese certificate subjects are the normal case here.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CredentialError,
  createSelfIssued,
  describeCertificate,
  exportP12,
  keyMatchesCertificate,
  loadP12,
  type SigningCredential,
} from './certificates'
import { buildDetachedCms } from './cms-signer'
import { extractSignature, runTool } from './pdf-tools'
import { fixStartXref, signPdf } from './pdf-signer'
import { renderPdf } from './printer'

let dir: string
let pdf: Buffer
let selfIssued: SigningCredential

function write(name: string, bytes: Uint8Array): string {
  const p = join(dir, name)
  writeFileSync(p, bytes)
  return p
}

function pdfsig(path: string): string {
  const r = runTool('pdfsig', [path])
  return r.stdout + r.stderr
}

function tamper(signed: Buffer): Buffer {
  // Byte 10 is in the binary comment line after %PDF-1.x, inside the first signed range.
  const t = Buffer.from(signed)
  t[10] = t[10]! ^ 0x01
  return t
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dl-sign-'))
  pdf = await renderPdf({
    content: [
      { text: '鹤壁市某机械制造有限公司 数字化水平诊断报告', bold: true },
      '当前等级：二级',
    ],
  })
  selfIssued = await createSelfIssued({ commonName: '张三', organization: '鹤壁市某评测机构' })
  const subj = '/CN=张三/O=鹤壁市某评测机构/C=CN'
  const key = join(dir, 'k.pem')
  const crt = join(dir, 'c.pem')
  const req = runTool('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    key,
    '-out',
    crt,
    '-days',
    '30',
    '-subj',
    subj,
    '-utf8',
  ])
  expect(req.code, req.stderr).toBe(0)
  const base = ['pkcs12', '-export', '-inkey', key, '-in', crt, '-passout', 'pass:秘密pw']
  expect(runTool('openssl', [...base, '-out', join(dir, 'aes.p12')]).code).toBe(0)
  expect(runTool('openssl', [...base, '-legacy', '-out', join(dir, 'legacy.p12')]).code).toBe(0)
  const ec = join(dir, 'ec.pem')
  expect(
    runTool('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      ec,
      '-out',
      join(dir, 'ecc.pem'),
      '-days',
      '30',
      '-subj',
      subj,
      '-utf8',
    ]).code,
  ).toBe(0)
  expect(
    runTool('openssl', [
      'pkcs12',
      '-export',
      '-inkey',
      ec,
      '-in',
      join(dir, 'ecc.pem'),
      '-passout',
      'pass:x',
      '-out',
      join(dir, 'ec.p12'),
    ]).code,
  ).toBe(0)
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('self-issued certificate', () => {
  it('has the Chinese subject as UTF8String, RSA-2048, 3 years, and its key matches', () => {
    const d = describeCertificate(selfIssued.certificate)
    expect(d.subject).toBe('C=CN, O=鹤壁市某评测机构, CN=张三')
    expect(d.selfIssued).toBe(true)
    expect(d.keyType).toBe('rsa')
    const years = (Date.parse(d.validTo) - Date.parse(d.validFrom)) / (365.25 * 86400_000)
    expect(years).toBeGreaterThan(2.99)
    expect(years).toBeLessThan(3.01)
    expect(keyMatchesCertificate(selfIssued)).toBe(true)
    const text = runTool(
      'openssl',
      ['x509', '-inform', 'DER', '-noout', '-text', '-nameopt', 'utf8,show_type'],
      selfIssued.certificate,
    )
    expect(text.code).toBe(0)
    expect(text.stdout).toContain('CN=UTF8STRING:张三')
    expect(text.stdout).toContain('O=UTF8STRING:鹤壁市某评测机构')
    expect(text.stdout).toContain('C=PRINTABLESTRING:CN')
    expect(text.stdout).toMatch(/Digital Signature, Non Repudiation/)
    expect(text.stdout).toContain('Public-Key: (2048 bit)')
  })

  it('round-trips through an encrypted .p12 that OpenSSL also opens', () => {
    const p12 = exportP12(selfIssued, '口令-2024', '张三')
    const back = loadP12(p12, '口令-2024')
    expect(Buffer.from(back.certificate).equals(Buffer.from(selfIssued.certificate))).toBe(true)
    expect(keyMatchesCertificate(back)).toBe(true)
    const path = write('self.p12', p12)
    const o = runTool('openssl', [
      'pkcs12',
      '-in',
      path,
      '-passin',
      'pass:口令-2024',
      '-nokeys',
      '-clcerts',
    ])
    expect(o.code, o.stderr).toBe(0)
    const x = runTool(
      'openssl',
      ['x509', '-noout', '-subject', '-nameopt', 'utf8'],
      Buffer.from(o.stdout),
    )
    expect(x.stdout).toContain('CN=张三')
    // and the key inside opens with the same (non-ASCII) password
    const k = runTool('openssl', [
      'pkcs12',
      '-in',
      path,
      '-passin',
      'pass:口令-2024',
      '-nocerts',
      '-nodes',
    ])
    expect(k.code, k.stderr).toBe(0)
    expect(k.stdout).toContain('BEGIN PRIVATE KEY')
    expect(() => loadP12(p12, 'wrong')).toThrow(CredentialError)
  })
})

describe('signed PDF', () => {
  it('is valid in pdfsig with a self-issued Chinese-subject certificate, and invalid after one byte changes', async () => {
    const signed = await signPdf(pdf, selfIssued)
    const out = pdfsig(write('self.pdf', signed))
    expect(out).toContain('Signature Validation: Signature is Valid.')
    expect(out).toContain('Signer Certificate Common Name: 张三')
    expect(out).toContain('O=鹤壁市某评测机构')
    expect(out).toContain('Total document signed')
    expect(out).toContain('Signature Type: ETSI.CAdES.detached')
    const bad = pdfsig(write('self-tampered.pdf', tamper(signed)))
    expect(bad).not.toContain('Signature is Valid.')
    expect(bad).toMatch(/Digest Mismatch|Signature is Invalid/)
    const q = runTool('qpdf', ['--check', join(dir, 'self.pdf')])
    expect(q.code, q.stdout + q.stderr).toBe(0)
    expect(q.stdout + q.stderr).not.toMatch(/WARNING/i)
  })

  it.each([
    ['aes.p12', '秘密pw'],
    ['legacy.p12', '秘密pw'],
    ['ec.p12', 'x'],
  ])(
    'is valid in pdfsig with an OpenSSL-made %s (subject /CN=张三/O=鹤壁市某评测机构/C=CN)',
    async (file, pass) => {
      const cred = loadP12(readFileSync(join(dir, file)), pass)
      const pem = readFileSync(join(dir, file === 'ec.p12' ? 'ecc.pem' : 'c.pem'), 'utf8')
      const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64')
      expect(Buffer.from(cred.certificate).equals(der)).toBe(true)
      const signed = await signPdf(pdf, cred, { subFilter: 'adbe.pkcs7.detached' })
      const out = pdfsig(write(`${file}.pdf`, signed))
      expect(out).toContain('Signature Validation: Signature is Valid.')
      expect(out).toContain('Signer Certificate Common Name: 张三')
      expect(out).toContain('Signature Type: adbe.pkcs7.detached')
      expect(pdfsig(write(`${file}-tampered.pdf`, tamper(signed)))).not.toContain(
        'Signature is Valid.',
      )
    },
  )

  it('wrong .p12 password is a clear error', () => {
    expect(() => loadP12(readFileSync(join(dir, 'aes.p12')), 'nope')).toThrow(
      /wrong password|damaged/,
    )
    expect(() => loadP12(new Uint8Array([1, 2, 3]), 'x')).toThrow(CredentialError)
  })

  it('carries a CMS that openssl cms verifies, with the signed attributes', async () => {
    const signed = await signPdf(pdf, selfIssued, { signingTime: new Date('2026-03-01T08:00:00Z') })
    const { cms, signedContent } = extractSignature(signed)
    const cmsPath = write('sig.der', cms)
    const contentPath = write('content.bin', signedContent)
    const v = runTool('openssl', [
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      cmsPath,
      '-content',
      contentPath,
      '-noverify',
      '-out',
      '/dev/null',
    ])
    expect(v.stderr).toContain('Verification successful')
    const p = runTool('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER', '-in', cmsPath])
    expect(p.stdout).toContain('contentType (1.2.840.113549.1.9.3)')
    expect(p.stdout).toContain('messageDigest (1.2.840.113549.1.9.4)')
    expect(p.stdout).toContain('signingTime (1.2.840.113549.1.9.5)')
    expect(p.stdout).toContain('UTCTIME:Mar  1 08:00:00 2026 GMT')
    expect(p.stdout).toMatch(/id-smime-aa-signingCertificateV2|1\.2\.840\.113549\.1\.9\.16\.2\.47/)
    const changed = Buffer.from(signedContent)
    changed[100] = changed[100]! ^ 1
    const v2 = runTool('openssl', [
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'DER',
      '-in',
      cmsPath,
      '-content',
      write('c2.bin', changed),
      '-noverify',
      '-out',
      '/dev/null',
    ])
    expect(v2.stderr).not.toContain('Verification successful')
  })

  it('the CMS signer rejects a key it cannot use', async () => {
    const { generateKeyPairSync } = await import('node:crypto')
    const ed = generateKeyPairSync('ed25519').privateKey
    expect(() => buildDetachedCms(new Uint8Array([1]), { ...selfIssued, privateKey: ed })).toThrow(
      /unsupported signing key type/,
    )
  })

  it('fixStartXref points startxref at the xref keyword', () => {
    const broken = Buffer.from('%PDF-1.3\nabc\n\nxref\n0 1\ntrailer\n<<>>\nstartxref\n13\n%%EOF')
    expect(fixStartXref(broken).toString()).toContain('startxref\n14\n%%EOF')
    const ok = Buffer.from('%PDF-1.3\nabc\nxref\n0 1\ntrailer\n<<>>\nstartxref\n13\n%%EOF')
    expect(fixStartXref(ok).equals(ok)).toBe(true)
  })
})
