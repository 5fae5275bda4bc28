/**
 * Signing credentials for PDF reports: a private key plus its X.509 certificate (and chain).
 *
 * Two sources:
 *  - `loadP12(bytes, password)`: an assessor's .p12/.pfx from a CA or from OpenSSL. node-forge
 *    decrypts the container (AES/PBES2 from OpenSSL 3 and the legacy 3DES/RC2 format both
 *    work); the certificates are taken as their ORIGINAL DER bytes, never re-encoded from
 *    forge's parsed form, so Chinese (UTF8String) subjects and issuers stay byte-exact.
 *  - `createSelfIssued({ commonName, organization })`: a self-issued RSA-2048 certificate built
 *    with pkijs + WebCrypto for an assessor without one (subject CN/O as UTF8String, C=CN as
 *    PrintableString, 3 years, keyUsage digitalSignature + nonRepudiation). It is saved with
 *    `exportP12(credential, password)` as a standard PKCS#12 file (PBES2/PBKDF2 AES-256-CBC
 *    shrouded key bag, 100 000 iterations, HMAC-SHA1 MAC as node-forge writes it), so it opens in OpenSSL, Acrobat and this app alike (see the tests).
 */
import {
  X509Certificate,
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  pbkdf2Sync,
  sign,
  verify,
  webcrypto,
} from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import * as asn1js from 'asn1js'
import forge from 'node-forge'
import * as pkijs from 'pkijs'

pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as Crypto }))

export interface SigningCredential {
  /** DER of the signer certificate, exactly as issued. */
  certificate: Uint8Array
  /** DER of further certificates (intermediate CAs), in the order found. */
  chain: Uint8Array[]
  privateKey: KeyObject
}

export interface CertificateSummary {
  subject: string
  issuer: string
  serialNumber: string
  validFrom: string
  validTo: string
  /** SHA-256 fingerprint, hex with colons as OpenSSL prints it. */
  fingerprint256: string
  selfIssued: boolean
  keyType: string
}

export class CredentialError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CredentialError'
  }
}

function derBytes(binary: string): Uint8Array {
  return new Uint8Array(Buffer.from(binary, 'binary'))
}

/**
 * PBKDF2 inside forge's PKCS#12 code, for the duration of one synchronous forge call:
 *  - computed by node:crypto (OpenSSL), not by forge's JavaScript SHA and HMAC. Loading or
 *    exporting a .p12 (PBES2: AES + PBKDF2 with 2048 iterations or more) spent most of its time
 *    there: 9 s of the test run's 310 s in forge's sha1 alone (CPU profile, 2026-12-07);
 *  - password encoding: the MAC and legacy PBE derive keys from the password as BMPString
 *    (forge does this right from the JS string), but PBES2/PBKDF2 (AES, the OpenSSL 3 default)
 *    uses its UTF-8 bytes, while forge feeds the JS string's char codes as bytes. For non-ASCII
 *    passwords (口令) what reaches PBKDF2 is UTF-8-encoded.
 * forge passes "binary strings" (one char per byte) and a digest object or name.
 */
function withNativePbkdf2<T>(fn: () => T): T {
  type ForgePbkdf2 = (
    p: string,
    s: string,
    c: number,
    dkLen: number,
    md?: string | { algorithm: string },
    callback?: unknown,
  ) => unknown
  const pkcs5 = forge.pkcs5 as unknown as { pbkdf2: ForgePbkdf2 }
  const original = pkcs5.pbkdf2
  pkcs5.pbkdf2 = (p, s, c, dkLen, md, callback) => {
    const password = /[^\u0020-\u007e]/.test(p) ? forge.util.encodeUtf8(p) : p
    if (callback !== undefined) return original(password, s, c, dkLen, md, callback)
    const digest = (typeof md === 'string' ? md : (md?.algorithm ?? 'sha1'))
      .toLowerCase()
      .replace('/', '-')
    return pbkdf2Sync(
      Buffer.from(password, 'latin1'),
      Buffer.from(s, 'latin1'),
      c,
      dkLen,
      digest,
    ).toString('latin1')
  }
  try {
    return fn()
  } finally {
    pkcs5.pbkdf2 = original
  }
}

/** Reads a PKCS#12 (.p12/.pfx) file. Throws CredentialError on a wrong password or bad file. */
export function loadP12(bytes: Uint8Array, password: string): SigningCredential {
  let p12: forge.pkcs12.Pkcs12Pfx
  try {
    const asn1 = forge.asn1.fromDer(Buffer.from(bytes).toString('binary'))
    p12 = withNativePbkdf2(() => forge.pkcs12.pkcs12FromAsn1(asn1, false, password))
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e)
    if (/password|mac|decrypt|Invalid PKCS#12 PFX|Too few bytes/i.test(msg)) {
      throw new CredentialError(
        `cannot open the .p12 file: wrong password or damaged file (${msg})`,
      )
    }
    throw new CredentialError(`cannot open the .p12 file: ${msg}`)
  }
  const keyBags = [
    ...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[
      forge.pki.oids.pkcs8ShroudedKeyBag!
    ] ?? []),
    ...(p12.getBags({ bagType: forge.pki.oids.keyBag! })[forge.pki.oids.keyBag!] ?? []),
  ]
  const certBags = p12.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? []
  const keyBag = keyBags[0]
  if (!keyBag) throw new CredentialError('the .p12 file holds no private key')
  // forge parses RSA keys; other key types (EC) come back as the raw PrivateKeyInfo ASN.1.
  const keyAsn1 = keyBag.key
    ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(keyBag.key))
    : (keyBag as unknown as { asn1?: forge.asn1.Asn1 }).asn1
  if (!keyAsn1) throw new CredentialError('the .p12 private key has an unsupported format')
  const privateKey = createPrivateKey({
    key: Buffer.from(forge.asn1.toDer(keyAsn1).getBytes(), 'binary'),
    format: 'der',
    type: 'pkcs8',
  })
  const certs: Uint8Array[] = []
  for (const bag of certBags) {
    // certificateToAsn1 reuses the captured TBSCertificate, so this is the original DER.
    const asn1 = bag.cert
      ? forge.pki.certificateToAsn1(bag.cert)
      : (bag as unknown as { asn1?: forge.asn1.Asn1 }).asn1
    if (asn1) certs.push(derBytes(forge.asn1.toDer(asn1).getBytes()))
  }
  if (certs.length === 0) throw new CredentialError('the .p12 file holds no certificate')
  // The signer certificate is the one whose public key matches the private key.
  const publicDer = createPublicKey(privateKey).export({ format: 'der', type: 'spki' })
  const index = certs.findIndex((c) =>
    new X509Certificate(c).publicKey.export({ format: 'der', type: 'spki' }).equals(publicDer),
  )
  if (index < 0)
    throw new CredentialError('no certificate in the .p12 file matches its private key')
  const certificate = certs[index]!
  return { certificate, chain: certs.filter((_, i) => i !== index), privateKey }
}

/** Writes a credential as PKCS#12 (RSA keys only): PBES2 AES-256-CBC key bag, HMAC-SHA1 MAC. */
export function exportP12(
  credential: SigningCredential,
  password: string,
  friendlyName?: string,
): Uint8Array {
  if (credential.privateKey.asymmetricKeyType !== 'rsa') {
    throw new CredentialError('exportP12 supports RSA keys only')
  }
  const pkcs8 = credential.privateKey.export({ format: 'der', type: 'pkcs8' })
  const key = forge.pki.privateKeyFromAsn1(forge.asn1.fromDer(pkcs8.toString('binary')))
  const toForge = (der: Uint8Array): forge.pki.Certificate =>
    forge.pki.certificateFromAsn1(forge.asn1.fromDer(Buffer.from(der).toString('binary')), true)
  const chain = [credential.certificate, ...credential.chain].map(toForge)
  const asn1 = withNativePbkdf2(() =>
    forge.pkcs12.toPkcs12Asn1(key, chain, password, {
      algorithm: 'aes256',
      count: 100_000,
      saltSize: 16,
      useMac: true,
      // forge writes the BMPString value as raw bytes: give it UTF-16BE.
      friendlyName: friendlyName
        ? Buffer.from(friendlyName, 'utf16le').swap16().toString('binary')
        : undefined,
      generateLocalKeyId: true,
    } as Parameters<typeof forge.pkcs12.toPkcs12Asn1>[3]),
  )
  const out = derBytes(forge.asn1.toDer(asn1).getBytes())
  // Guard: what we wrote must read back byte-exact.
  const back = loadP12(out, password)
  if (!Buffer.from(back.certificate).equals(Buffer.from(credential.certificate))) {
    throw new CredentialError('internal: certificate changed while writing the .p12 file')
  }
  return out
}

export interface SelfIssuedOptions {
  /** CN, e.g. 张三 */
  commonName: string
  /** O, e.g. 鹤壁市某评测机构 */
  organization?: string
  /** C, two letters; default CN */
  country?: string
  /** Validity in years; default 3 */
  years?: number
  /** Start of validity; default now */
  now?: Date
}

function nameOf(opts: SelfIssuedOptions): pkijs.RelativeDistinguishedNames {
  const country = opts.country ?? 'CN'
  if (!/^[A-Z]{2}$/.test(country))
    throw new CredentialError(`country must be two capital letters, got '${country}'`)
  const atv = (type: string, value: asn1js.BaseBlock): asn1js.Set =>
    new asn1js.Set({
      value: [new pkijs.AttributeTypeAndValue({ type, value: value as never }).toSchema()],
    })
  // One attribute per RDN (pkijs would put them all into one multi-valued SET).
  const rdns = [atv('2.5.4.6', new asn1js.PrintableString({ value: country }))]
  if (opts.organization)
    rdns.push(atv('2.5.4.10', new asn1js.Utf8String({ value: opts.organization })))
  rdns.push(atv('2.5.4.3', new asn1js.Utf8String({ value: opts.commonName })))
  return pkijs.RelativeDistinguishedNames.fromBER(new asn1js.Sequence({ value: rdns }).toBER(false))
}

/** Creates a self-issued RSA-2048 / SHA-256 signing certificate for an assessor. */
export async function createSelfIssued(opts: SelfIssuedOptions): Promise<SigningCredential> {
  const cn = opts.commonName.trim()
  if (!cn) throw new CredentialError('commonName (CN) must not be empty')
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const cert = new pkijs.Certificate()
  cert.version = 2
  const serial = webcrypto.getRandomValues(new Uint8Array(16))
  serial[0] = (serial[0]! & 0x7f) | 0x40 // positive, 16 bytes
  cert.serialNumber = new asn1js.Integer({ valueHex: serial })
  const name = nameOf({ ...opts, commonName: cn })
  cert.subject = name
  cert.issuer = nameOf({ ...opts, commonName: cn })
  const from = opts.now ?? new Date()
  const to = new Date(from)
  to.setUTCFullYear(to.getUTCFullYear() + (opts.years ?? 3))
  cert.notBefore.value = new Date(Math.floor(from.getTime() / 1000) * 1000)
  cert.notAfter.value = new Date(Math.floor(to.getTime() / 1000) * 1000)
  cert.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(
    publicKey.export({ format: 'der', type: 'spki' }),
  )
  const keyId = createHash('sha1')
    .update(cert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView)
    .digest()
  // keyUsage: digitalSignature (bit 0) + nonRepudiation (bit 1) → 0b11000000, 6 unused bits
  const keyUsage = new asn1js.BitString({
    valueHex: new Uint8Array([0xc0]),
    unusedBits: 6,
  } as never)
  cert.extensions = [
    new pkijs.Extension({
      extnID: '2.5.29.19',
      critical: true,
      extnValue: new pkijs.BasicConstraints({ cA: false }).toSchema().toBER(false),
    }),
    new pkijs.Extension({ extnID: '2.5.29.15', critical: true, extnValue: keyUsage.toBER(false) }),
    new pkijs.Extension({
      extnID: '2.5.29.14',
      critical: false,
      extnValue: new asn1js.OctetString({ valueHex: keyId }).toBER(false),
    }),
    new pkijs.Extension({
      extnID: '2.5.29.37',
      critical: false,
      // emailProtection + id-kp-documentSigning (RFC 9336)
      extnValue: new pkijs.ExtKeyUsage({ keyPurposes: ['1.3.6.1.5.5.7.3.4', '1.3.6.1.5.5.7.3.36'] })
        .toSchema()
        .toBER(false),
    }),
  ]
  // Signed by hand rather than with cert.sign(): pkijs omits the NULL parameters of
  // sha256WithRSAEncryption, which RFC 4055 says writers should include.
  const alg = (): pkijs.AlgorithmIdentifier =>
    new pkijs.AlgorithmIdentifier({
      algorithmId: '1.2.840.113549.1.1.11',
      algorithmParams: new asn1js.Null(),
    })
  cert.signature = alg()
  cert.signatureAlgorithm = alg()
  const tbs = cert.encodeTBS().toBER(false)
  cert.signatureValue = new asn1js.BitString({
    valueHex: sign('sha256', new Uint8Array(tbs), privateKey),
  })
  const der = new Uint8Array(cert.toSchema(true).toBER(false))
  return { certificate: der, chain: [], privateKey }
}

/** Human-readable facts about the signer certificate (UI and CLI). */
export function describeCertificate(der: Uint8Array): CertificateSummary {
  const x = new X509Certificate(der)
  return {
    subject: x.subject.split('\n').join(', '),
    issuer: x.issuer.split('\n').join(', '),
    serialNumber: x.serialNumber,
    validFrom: new Date(x.validFrom).toISOString(),
    validTo: new Date(x.validTo).toISOString(),
    fingerprint256: x.fingerprint256,
    selfIssued: x.subject === x.issuer,
    keyType: x.publicKey.asymmetricKeyType ?? 'unknown',
  }
}

/** True when the certificate's public key verifies a signature made with the private key. */
export function keyMatchesCertificate(credential: SigningCredential): boolean {
  const probe = Buffer.from('dl-assessor key check')
  const sig = sign('sha256', probe, credential.privateKey)
  return verify('sha256', probe, new X509Certificate(credential.certificate).publicKey, sig)
}
