/**
 * 一企一档 (.zip, fflate): everything central holds about one enterprise — every signed bundle
 * (the same signed bytes and evidence, re-packed, so `npm run assess -- verify` still checks
 * it), its signed receipt, the report numbers the bundles carry, and an index (目录.txt,
 * index.json). Never in it: the server key, staff accounts, sessions, the console audit, and any
 * bundle where a value that looks like a password or key was found (secrets.ts) — that bundle is
 * listed as withheld with the field that triggered it.
 */
import { strToU8, zipSync, type Zippable } from 'fflate'
import { consoleFail } from '../../shared/console/errors'
import { packBundle } from '../../shared/domain/bundle/container'
import type { BundleManifest, SignatureEnvelope } from '../../shared/domain/bundle/types'
import { canonicalBytes } from '../../shared/domain/bundle/manifest'
import { beijingTime } from '../../shared/domain/integrity/common'
import { levelName } from '../../shared/domain/levels/rule-profiles'
import { ASSESSMENT_KIND_LABELS } from '../../shared/domain/assessment-file/schema'
import type { CentralContext } from '../ingest'
import { reportsOf } from '../console/enterprises'
import { secretPaths, TEXT_MIMES, looksSecret } from './secrets'
import type { ExportFile } from './types'

interface IndexEntry {
  bundleId: string
  recordId: string
  version: number
  kind: string
  level: number
  total: string
  status: string
  file: string | null
  receipt: string | null
  withheld: string | null
  reports: { number: string; kind: string | null; sha256: string | null }[]
}

function safe(s: string): string {
  return s.replace(/[\\/:*?"<>|\p{Cc}]/gu, '_').slice(0, 60) || '企业'
}

export async function dossierArchive(ctx: CentralContext, key: string): Promise<ExportFile> {
  let q = ctx.db.selectFrom('bundles').selectAll()
  q = key.startsWith('name:')
    ? q.where('enterprise_uscc', 'is', null).where('enterprise_name', '=', key.slice(5))
    : q.where('enterprise_uscc', '=', key)
  const rows = await q.orderBy('kind').orderBy('record_id').orderBy('version').execute()
  if (!rows.length) throw consoleFail.notFound(`没有该企业的评测结果（${key.slice(0, 60)}）`, 'key')
  const files: Zippable = {}
  const index: IndexEntry[] = []
  for (const r of rows) {
    const manifest = JSON.parse(r.manifest_json) as BundleManifest
    const signature = JSON.parse(r.signature_json) as SignatureEnvelope
    const kind = ASSESSMENT_KIND_LABELS[r.kind as keyof typeof ASSESSMENT_KIND_LABELS] ?? r.kind
    const base = `${kind}-v${Number(r.version)}-${r.bundle_id.slice(0, 8)}`
    const entry: IndexEntry = {
      bundleId: r.bundle_id,
      recordId: r.record_id,
      version: Number(r.version),
      kind: r.kind,
      level: Number(r.level),
      total: (Number(r.total_milli) / 1000).toFixed(1),
      status: r.status,
      file: null,
      receipt: null,
      withheld: null,
      reports: reportsOf(manifest as unknown as Record<string, unknown>).map((x) => ({
        number: x.number,
        kind: x.kind,
        sha256: x.sha256,
      })),
    }
    if (r.receipt_json) {
      entry.receipt = `receipts/${base}.receipt.json`
      files[entry.receipt] = strToU8(JSON.stringify(JSON.parse(r.receipt_json), null, 2) + '\n')
    }
    const found = [
      ...secretPaths(manifest.assessment, 'assessment'),
      ...(manifest.dossier ? secretPaths(manifest.dossier, 'dossier') : []),
    ]
    const evidence = new Map<string, Uint8Array>()
    let missing = 0
    for (const e of manifest.evidence) {
      if (!(await ctx.store.stored(e.sha256))) {
        missing++
        continue
      }
      const bytes = new Uint8Array(await ctx.store.readBytes(e.sha256))
      if (
        TEXT_MIMES.has(e.mime) &&
        bytes.length <= 1024 * 1024 &&
        looksSecret(new TextDecoder('utf-8', { fatal: false }).decode(bytes))
      )
        found.push(`evidence「${e.name}」`)
      evidence.set(e.sha256, bytes)
    }
    if (found.length)
      entry.withheld = `疑似含有口令或密钥（${found.slice(0, 3).join('、')}${found.length > 3 ? ' 等' : ''}），该签名结果未放入档案；请评测机构更正后重新提交`
    else if (missing)
      entry.withheld = `中心尚缺 ${missing} 个佐证文件（结果未完成接收），未放入档案`
    else {
      entry.file = `bundles/${base}.dlbundle`
      files[entry.file] = [
        packBundle({ manifestBytes: canonicalBytes(manifest), signature, evidence }),
        { level: 0 },
      ]
    }
    index.push(entry)
  }
  const first = rows[rows.length - 1]!
  const now = ctx.now()
  const reports = index.flatMap((e) => e.reports.map((x) => ({ ...x, bundleId: e.bundleId })))
  files['reports.json'] = strToU8(JSON.stringify({ reports }, null, 2) + '\n')
  files['index.json'] = strToU8(
    JSON.stringify(
      {
        format: 'sme-dl-enterprise-archive/v1',
        enterprise: { key, name: first.enterprise_name, uscc: first.enterprise_uscc },
        generatedAt: now.toISOString(),
        serverKeyId: ctx.serverKey.info.keyId,
        entries: index,
      },
      null,
      2,
    ) + '\n',
  )
  const lines = [
    `一企一档：${first.enterprise_name}`,
    `统一社会信用代码：${first.enterprise_uscc ?? '（未填）'}`,
    `生成时间：${beijingTime(now.toISOString())}（北京时间）；回执签名服务器密钥 ${ctx.serverKey.info.keyId.slice(0, 16)}…`,
    '',
    '签名结果（bundles/*.dlbundle 可用 npm run assess -- verify 校验；receipts/ 为中心签发的接收回执）：',
    ...index.map(
      (e) =>
        `- ${ASSESSMENT_KIND_LABELS[e.kind as keyof typeof ASSESSMENT_KIND_LABELS] ?? e.kind} 第 ${e.version} 版 ${levelName(Math.max(0, Math.min(4, e.level)) as 0 | 1 | 2 | 3 | 4)} ${e.total} 分：${e.file ?? `未放入——${e.withheld}`}${e.receipt ? `；回执 ${e.receipt}` : '；尚无回执'}${e.reports.length ? `；报告 ${e.reports.map((x) => x.number).join('、')}` : ''}`,
    ),
    '',
    '本档案不含任何系统口令、密钥或账号信息。',
  ]
  files['目录.txt'] = strToU8(lines.join('\n') + '\n')
  const withheld = index.filter((e) => e.withheld).map((e) => e.bundleId)
  return {
    fileName: `一企一档-${safe(first.enterprise_name)}-${beijingTime(now.toISOString()).slice(0, 10).replace(/-/g, '')}.zip`,
    contentType: 'application/zip',
    bytes: zipSync(files),
    audit: { bundles: index.length, withheld },
  }
}
