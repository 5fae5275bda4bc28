/**
 * verify-report (issue 11 item 7): everything a city reviewer needs to trust a report PDF, from
 * the PDF alone.
 *  1. signature: the last PAdES signature covers the whole file except its own /Contents, the
 *     CMS message digest and signature verify (pkijs), the certificate was valid at signing time;
 *  2. report data: report.json is present, well-formed and canonical; the report hash is its
 *     SHA-256; every file it lists is embedded with that SHA-256 and size, and nothing else;
 *  3. re-score: assessment.json scores to report.json's total and level (catalogue and rule
 *     profile pinned by hash); an acceptance's embedded diagnosis manifest verifies and is the one
 *     cited; a recheck's original manifest is the one cited, and the verdict follows; a
 *     diagnosis's 诊断建议 (report.json advice) names catalogue items, its `after` is the plan
 *     re-scored on assessment.json, and a formal report's advice is complete (issue 13);
 *  4. print: the pages show the number, the report hash, the total, the level and the verdict of
 *     report.json (text extracted with PDF.js), 「草稿」 exactly when it is a draft, and the signer
 *     named as the certificate names it.
 * Every problem is one line naming what failed.
 */
import { X509Certificate, createHash, webcrypto } from 'node:crypto'
import * as asn1js from 'asn1js'
import * as pkijs from 'pkijs'
import { parseAssessmentFile, resolveFile } from '../../../shared/domain/assessment-file'
import { adviceRecordDraftReasons, checkAdviceRecord } from '../../../shared/domain/advice'
import { fromUtf8 } from '../../../shared/domain/bundle/codec'
import { verifySignedManifest } from '../../../shared/domain/bundle/verify'
import { canonicalJson } from '../../../shared/domain/canonical-json'
import type { ReferenceRegistry } from '../../../shared/domain/reference'
import { ruleProfileHash } from '../../../shared/domain/reference/rule-profile-schema'
import {
  ASSESSMENT_ATTACHMENT,
  DIAGNOSIS_MANIFEST_ATTACHMENT,
  DIAGNOSIS_SIGNATURE_ATTACHMENT,
  ORIGINAL_MANIFEST_ATTACHMENT,
  REPORT_DATA_NAME,
  reportDataSchema,
  type ReportData,
} from '../../../shared/domain/report/report-data'
import { formatPoints, toMilli } from '../../../shared/domain/scoring/points'
import { scoreAssessment } from '../../../shared/domain/scoring/score-assessment'
import { nodeBundleCrypto } from '../crypto/node-crypto'
import { loadPdfjs } from './load-pdfjs'

pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as Crypto }))

export interface ReportVerification {
  valid: boolean
  problems: string[]
  number: string | null
  kind: string | null
  formal: boolean | null
  reportSha256: string | null
  total: string | null
  level: number | null
  verdict: string | null
  signed: boolean
  signer: {
    subject: string
    fingerprint256: string
    selfIssued: boolean
    signingTime: string | null
  } | null
  attachments: string[]
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')

interface SignatureCheck {
  problems: string[]
  signer: ReportVerification['signer']
  cn: string | null
}

function toArrayBuffer(u: Uint8Array): ArrayBuffer {
  return u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer
}

async function checkSignature(pdf: Buffer): Promise<SignatureCheck | null> {
  const text = pdf.toString('latin1')
  const all = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)]
  const m = all.at(-1)
  if (!m) return null
  const problems: string[] = []
  const [a, b, c, d] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number]
  if (a !== 0 || c + d !== pdf.length || b >= c || pdf[b] !== 0x3c || pdf[c - 1] !== 0x3e)
    problems.push(
      `signature: the signed byte range [${a} ${b} ${c} ${d}] does not cover the whole file of ${pdf.length} bytes (bytes were added or changed after signing)`,
    )
  const hex = pdf.subarray(b + 1, c - 1).toString('latin1')
  if (!/^[0-9a-fA-F]*$/.test(hex)) {
    problems.push('signature: /Contents is not hex')
    return { problems, signer: null, cn: null }
  }
  let cms = Buffer.from(hex, 'hex')
  if (cms[0] === 0x30 && cms[1] !== undefined && cms[1] & 0x80) {
    const n = cms[1] & 0x7f
    let len = 0
    for (let i = 0; i < n; i++) len = len * 256 + cms[2 + i]!
    cms = cms.subarray(0, 2 + n + len)
  }
  const signed = Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)])
  try {
    const asn = asn1js.fromBER(toArrayBuffer(cms))
    if (asn.offset === -1) throw new Error('CMS is not DER')
    const ci = new pkijs.ContentInfo({ schema: asn.result })
    const sd = new pkijs.SignedData({ schema: ci.content })
    let ok = false
    try {
      ok = await sd.verify({ signer: 0, data: toArrayBuffer(signed), checkChain: false })
    } catch (e) {
      if (!/digest/i.test(e instanceof Error ? e.message : String(e))) throw e
    }
    if (!ok)
      problems.push(
        'signature: the CMS signature does not verify (the file was changed after signing)',
      )
    const certs = (sd.certificates ?? []).filter(
      (x): x is pkijs.Certificate => x instanceof pkijs.Certificate,
    )
    const signerInfo = sd.signerInfos[0]
    const sid = signerInfo?.sid as pkijs.IssuerAndSerialNumber | undefined
    const cert =
      certs.find(
        (x) => sid && x.serialNumber.isEqual(sid.serialNumber) && x.issuer.isEqual(sid.issuer),
      ) ?? certs[0]
    if (!cert) {
      problems.push('certificate: the signature carries no signer certificate')
      return { problems, signer: null, cn: null }
    }
    const der = new Uint8Array(cert.toSchema(true).toBER(false))
    const x = new X509Certificate(der)
    const attr = signerInfo?.signedAttrs?.attributes.find((t) => t.type === '1.2.840.113549.1.9.5')
    const st = attr?.values[0] as asn1js.UTCTime | asn1js.GeneralizedTime | undefined
    const signingTime = st ? st.toDate() : null
    if (signingTime) {
      if (signingTime < new Date(x.validFrom) || signingTime > new Date(x.validTo))
        problems.push(
          `certificate: not valid at the signing time ${signingTime.toISOString()} (valid ${new Date(x.validFrom).toISOString()} – ${new Date(x.validTo).toISOString()})`,
        )
    } else problems.push('signature: no signing time in the signed attributes')
    const cn =
      x.subject
        .split('\n')
        .find((l) => l.startsWith('CN='))
        ?.slice(3) ?? null
    return {
      problems,
      cn,
      signer: {
        subject: x.subject.split('\n').join(', '),
        fingerprint256: x.fingerprint256,
        selfIssued: x.subject === x.issuer,
        signingTime: signingTime?.toISOString() ?? null,
      },
    }
  } catch (e) {
    problems.push(`signature: cannot read the CMS (${e instanceof Error ? e.message : String(e)})`)
    return { problems, signer: null, cn: null }
  }
}

interface PdfContent {
  attachments: Map<string, Uint8Array>
  text: string
}

async function readPdf(pdf: Buffer): Promise<PdfContent> {
  const pdfjs = await loadPdfjs()
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(pdf),
    isEvalSupported: false,
    useSystemFonts: false,
    verbosity: 0,
  }).promise
  try {
    const raw = ((await doc.getAttachments()) ?? {}) as Record<
      string,
      { filename: string; content: Uint8Array }
    >
    const attachments = new Map<string, Uint8Array>()
    for (const a of Object.values(raw)) attachments.set(a.filename, a.content)
    let text = ''
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i)
      const tc = await page.getTextContent()
      for (const item of tc.items) if ('str' in item) text += item.str
      text += '\n'
    }
    return { attachments, text: text.replace(/\s+/g, '') }
  } finally {
    await doc.destroy()
  }
}

const VERDICT_TEXT: Record<string, string> = {
  passed: '达标',
  not_passed: '未达标',
  consistent: '一致',
  inconsistent: '不一致',
}

function rescore(
  data: ReportData,
  files: Map<string, Uint8Array>,
  registry: ReferenceRegistry,
): string[] {
  const problems: string[] = []
  const bytes = files.get(ASSESSMENT_ATTACHMENT)
  if (!bytes) return [`${ASSESSMENT_ATTACHMENT}: missing, cannot re-score`]
  const parsed = parseAssessmentFile(fromUtf8(bytes), registry)
  if (!parsed.ok) return [`${ASSESSMENT_ATTACHMENT}: ${parsed.error}`]
  const file = parsed.value
  let ctx
  try {
    ctx = resolveFile(file, registry)
  } catch (e) {
    return [`${ASSESSMENT_ATTACHMENT}: ${e instanceof Error ? e.message : String(e)}`]
  }
  const { pinned, profile } = ctx
  if (pinned.hash !== data.catalogue.hash || pinned.catalogue.id !== data.catalogue.id)
    problems.push(
      `report.json catalogue: ${data.catalogue.id} ${data.catalogue.hash.slice(0, 12)}… is not the catalogue the assessment names`,
    )
  if (ruleProfileHash(profile) !== data.ruleProfile.sha256 || profile.id !== data.ruleProfile.id)
    problems.push(
      `report.json ruleProfile: ${data.ruleProfile.id} differs from the rule profile the assessment names (${profile.id})`,
    )
  if (file.kind !== data.kind)
    problems.push(`report.json kind: ${data.kind}, but assessment.json is a ${file.kind}`)
  const r = scoreAssessment(pinned, profile, file.answers, file.scenes)
  if (formatPoints(r.total) !== data.total)
    problems.push(
      `re-score: assessment.json scores ${formatPoints(r.total)}, report.json says total ${data.total}`,
    )
  if (r.level !== data.level)
    problems.push(
      `re-score: assessment.json gives ${r.levelName}, report.json says level ${data.level} (${data.levelName})`,
    )
  if (data.formal && r.provisional)
    problems.push('re-score: assessment.json has unanswered items, but report.json says formal')
  if (data.advice) {
    if (data.kind !== 'diagnosis') problems.push(`report.json advice: only a diagnosis carries one`)
    problems.push(...checkAdviceRecord(data.advice, file, pinned, profile, 'report.json advice'))
    if (data.formal)
      for (const reason of adviceRecordDraftReasons(data.advice, pinned, file.scenes))
        problems.push(`report.json advice: ${reason}, but report.json says formal`)
  }
  if (data.kind === 'acceptance' && data.verdict === 'passed' && (r.level < 2 || r.provisional))
    problems.push(`re-score: verdict passed, but assessment.json gives ${r.levelName}`)
  if (data.kind === 'acceptance' && data.diagnosis) {
    const m = files.get(DIAGNOSIS_MANIFEST_ATTACHMENT)
    const s = files.get(DIAGNOSIS_SIGNATURE_ATTACHMENT)
    if (!m || !s)
      problems.push(`${DIAGNOSIS_MANIFEST_ATTACHMENT}: the cited diagnosis is not embedded`)
    else {
      let v
      try {
        v = verifySignedManifest(JSON.parse(fromUtf8(m)), JSON.parse(fromUtf8(s)), {
          crypto: nodeBundleCrypto,
          catalogueHash: (id) => registry.catalogue(id)?.hash,
          registry,
        })
      } catch {
        v = { ok: false as const, problems: ['not JSON'] }
      }
      if (!v.ok) problems.push(`${DIAGNOSIS_MANIFEST_ATTACHMENT}: ${v.problems[0]}`)
      else if (v.manifestSha256 !== data.diagnosis.manifestSha256)
        problems.push(
          `${DIAGNOSIS_MANIFEST_ATTACHMENT}: SHA-256 ${v.manifestSha256.slice(0, 16)}… is not the cited ${data.diagnosis.manifestSha256.slice(0, 16)}…`,
        )
      else {
        const before = v.manifest.assessment as {
          kind?: string
          assessedOn?: string
          enterprise?: { uscc?: string }
        }
        if (before.kind !== 'diagnosis')
          problems.push(`${DIAGNOSIS_MANIFEST_ATTACHMENT}: not a diagnosis`)
        if (before.enterprise?.uscc !== file.enterprise.uscc)
          problems.push(
            `${DIAGNOSIS_MANIFEST_ATTACHMENT}: another enterprise (USCC ${before.enterprise?.uscc ?? '—'})`,
          )
        if (!before.assessedOn || !file.assessedOn || before.assessedOn >= file.assessedOn)
          problems.push(
            `${DIAGNOSIS_MANIFEST_ATTACHMENT}: the diagnosis is not dated before the acceptance`,
          )
      }
    }
  }
  if (data.kind === 'recheck' && data.original) {
    const m = files.get(ORIGINAL_MANIFEST_ATTACHMENT)
    if (!m || sha256(m) !== data.original.manifestSha256)
      problems.push(`${ORIGINAL_MANIFEST_ATTACHMENT}: not the cited signed original`)
    else if (data.verdict) {
      const o = JSON.parse(fromUtf8(m)) as { assessment: unknown }
      const op = parseAssessmentFile(JSON.stringify(o.assessment), registry)
      if (op.ok) {
        const ro = scoreAssessment(pinned, profile, op.value.answers, op.value.scenes)
        const tol = toMilli(profile.recheckTolerance?.maxTotalDeviation ?? 0)
        const dropped = profile.constrainedScenes.some(
          (id) => (file.scenes[id] ?? 0) < (op.value.scenes[id] ?? 0),
        )
        const consistent =
          ro.level === r.level && !dropped && Math.abs(toMilli(r.total) - toMilli(ro.total)) <= tol
        if ((data.verdict === 'consistent') !== consistent)
          problems.push(
            `re-score: the recheck is ${consistent ? '一致' : '不一致'}, report.json says ${data.verdict}`,
          )
      }
    }
  }
  return problems
}

export async function verifyReportPdf(
  pdf: Buffer,
  registry: ReferenceRegistry,
): Promise<ReportVerification> {
  const problems: string[] = []
  const out: ReportVerification = {
    valid: false,
    problems,
    number: null,
    kind: null,
    formal: null,
    reportSha256: null,
    total: null,
    level: null,
    verdict: null,
    signed: false,
    signer: null,
    attachments: [],
  }
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') {
    problems.push('file: not a PDF')
    return out
  }
  const sig = await checkSignature(pdf)
  if (!sig) problems.push('unsigned: the PDF carries no signature')
  else {
    out.signed = true
    out.signer = sig.signer
    problems.push(...sig.problems)
  }
  let content: PdfContent
  try {
    content = await readPdf(pdf)
  } catch (e) {
    problems.push(`file: PDF cannot be read (${e instanceof Error ? e.message : String(e)})`)
    return out
  }
  out.attachments = [...content.attachments.keys()].sort()
  const rj = content.attachments.get(REPORT_DATA_NAME)
  if (!rj) {
    problems.push(
      `${REPORT_DATA_NAME}: not embedded (not a report of this kind, or it was removed)`,
    )
    return out
  }
  let data: ReportData
  try {
    const parsed = reportDataSchema.safeParse(JSON.parse(fromUtf8(rj)))
    if (!parsed.success) {
      const i = parsed.error.issues[0]!
      problems.push(`${REPORT_DATA_NAME} ${i.path.join('.')}: ${i.message}`)
      return out
    }
    data = parsed.data
  } catch {
    problems.push(`${REPORT_DATA_NAME}: not JSON`)
    return out
  }
  const hash = sha256(rj)
  Object.assign(out, {
    number: data.number,
    kind: data.kind,
    formal: data.formal,
    reportSha256: hash,
    total: data.total,
    level: data.level,
    verdict: data.verdict,
  })
  if (canonicalJson(data) !== fromUtf8(rj))
    problems.push(`${REPORT_DATA_NAME}: bytes are not the RFC 8785 canonical form of its data`)
  const listed = new Set([REPORT_DATA_NAME])
  for (const a of data.attachments) {
    listed.add(a.name)
    const f = content.attachments.get(a.name)
    if (!f) problems.push(`${a.name}: listed in report.json but not embedded`)
    else if (f.length !== a.size || sha256(f) !== a.sha256)
      problems.push(
        `${a.name}: embedded file differs from report.json (SHA-256 ${sha256(f).slice(0, 16)}…, report.json says ${a.sha256.slice(0, 16)}…)`,
      )
  }
  for (const name of content.attachments.keys())
    if (!listed.has(name)) problems.push(`${name}: embedded but not listed in report.json`)
  if (!data.formal && out.signed) problems.push('draft: a draft report carries a signature')
  problems.push(...rescore(data, content.attachments, registry))

  // What the pages print.
  const t = content.text
  const printed = (what: string, s: string): void => {
    if (!t.includes(s.replace(/\s+/g, '')))
      problems.push(`print: the pages do not show ${what} ${s} of report.json`)
  }
  printed('the report number', data.number)
  printed('the report hash', hash)
  printed('the total', `${data.total}/100`)
  printed('the level', data.levelName)
  if (data.verdict) printed('the verdict', VERDICT_TEXT[data.verdict]!)
  if (!data.formal && !t.includes('草稿'))
    problems.push('print: a draft without 「草稿」 on its pages')
  if (sig?.cn && !t.includes(`签署人（证书）：${sig.cn}`.replace(/\s+/g, '')))
    problems.push(`print: the signature block does not name the certificate's signer ${sig.cn}`)
  if (!sig && !t.includes('未签名'))
    problems.push('print: an unsigned report that does not say 「未签名」')
  out.valid = problems.length === 0
  return out
}
