/**
 * Detached CMS SignedData for PDF signatures, built with pkijs + asn1js (not node-forge: forge
 * re-encodes the issuer name in the SignerInfo and double-encodes UTF8String, forge#847, so
 * pdfsig rejects signatures of certificates with Chinese subjects).
 *
 * The signer identifier (issuer + serial) is copied from the certificate's original DER, so
 * any name encoding survives byte-exact. Signed attributes: contentType (id-data),
 * signingTime, messageDigest (SHA-256 of the signed byte ranges) and signingCertificateV2
 * (ESS, SHA-256 of the signer certificate), which PAdES/CAdES verifiers expect.
 * RSA keys sign with PKCS#1 v1.5 (sha256WithRSAEncryption), EC keys with ECDSA-SHA256.
 */
import { createHash, sign } from 'node:crypto'
import * as asn1js from 'asn1js'
import * as pkijs from 'pkijs'
import { Signer } from '@signpdf/utils'
import type { SigningCredential } from './certificates'

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
} as const

function toArrayBuffer(u: Uint8Array): ArrayBuffer {
  return u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer
}

/** Builds the DER of a detached CMS ContentInfo(SignedData) over `content`. */
export function buildDetachedCms(
  content: Uint8Array,
  credential: SigningCredential,
  signingTime = new Date(),
): Buffer {
  const certAsn1 = asn1js.fromBER(toArrayBuffer(credential.certificate))
  if (certAsn1.offset === -1) throw new Error('signer certificate is not valid DER')
  const cert = new pkijs.Certificate({ schema: certAsn1.result })
  const chain = credential.chain.map(
    (der) => new pkijs.Certificate({ schema: asn1js.fromBER(toArrayBuffer(der)).result }),
  )

  const digest = createHash('sha256').update(content).digest()
  const certHash = createHash('sha256').update(credential.certificate).digest()
  const sha256Alg = new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 })

  // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }
  // ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT sha256 (omitted), certHash OCTET STRING,
  //                            issuerSerial IssuerSerial }
  const issuerSerial = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [
          new asn1js.Constructed({
            idBlock: { tagClass: 3, tagNumber: 4 },
            value: [cert.issuer.toSchema()],
          }),
        ],
      }),
      cert.serialNumber,
    ],
  })
  const signingCertificateV2 = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [
          new asn1js.Sequence({
            value: [new asn1js.OctetString({ valueHex: certHash }), issuerSerial],
          }),
        ],
      }),
    ],
  })

  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 0,
    attributes: [
      new pkijs.Attribute({
        type: OID.contentType,
        values: [new asn1js.ObjectIdentifier({ value: OID.data })],
      }),
      new pkijs.Attribute({
        type: OID.signingTime,
        values: [new asn1js.UTCTime({ valueDate: signingTime })],
      }),
      new pkijs.Attribute({
        type: OID.messageDigest,
        values: [new asn1js.OctetString({ valueHex: digest })],
      }),
      new pkijs.Attribute({ type: OID.signingCertificateV2, values: [signingCertificateV2] }),
    ],
  })

  // The signature covers the DER of the attributes as a SET OF (tag 0x31), not as [0].
  const attrsDer = new Uint8Array(signedAttrs.toSchema().toBER(false))
  attrsDer[0] = 0x31
  const keyType = credential.privateKey.asymmetricKeyType
  let signatureAlg: pkijs.AlgorithmIdentifier
  let signature: Buffer
  if (keyType === 'rsa') {
    signatureAlg = new pkijs.AlgorithmIdentifier({
      algorithmId: OID.sha256WithRSA,
      algorithmParams: new asn1js.Null(),
    })
    signature = sign('sha256', attrsDer, credential.privateKey)
  } else if (keyType === 'ec') {
    signatureAlg = new pkijs.AlgorithmIdentifier({ algorithmId: OID.ecdsaWithSHA256 })
    signature = sign('sha256', attrsDer, { key: credential.privateKey, dsaEncoding: 'der' })
  } else {
    throw new Error(`unsupported signing key type '${keyType ?? 'unknown'}' (RSA or EC expected)`)
  }

  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
    digestAlgorithm: sha256Alg,
    signedAttrs,
    signatureAlgorithm: signatureAlg,
    signature: new asn1js.OctetString({ valueHex: signature }),
  })
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [sha256Alg],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates: [cert, ...chain],
    signerInfos: [signerInfo],
  })
  const contentInfo = new pkijs.ContentInfo({
    contentType: OID.signedData,
    content: signedData.toSchema(true),
  })
  return Buffer.from(contentInfo.toSchema().toBER(false))
}

/** A @signpdf Signer that produces the CMS above. */
export class PkijsCmsSigner extends Signer {
  constructor(private readonly credential: SigningCredential) {
    super()
  }

  override async sign(pdfBuffer: Buffer, signingTime?: Date): Promise<Buffer> {
    return buildDetachedCms(pdfBuffer, this.credential, signingTime ?? new Date())
  }
}
