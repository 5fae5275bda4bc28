/**
 * A small seeded pilot for the console, signal and export tests and the console e2e: three
 * counties, three industries, three batches, three service providers; diagnoses, acceptances with
 * dossiers (investment ledgers), one correction — and one planted case of every integrity signal
 * next to clean records that must stay silent. Everything is signed and imported through the same
 * verification as a push. Deterministic (fixed seeds, fixed dates).
 */
import type { ClientSigner } from '../../shared/domain/bundle/client'
import type { BundleManifest, ReportRef } from '../../shared/domain/bundle/types'
import { dossierManifest, HEBI_2024_DOSSIER_TEMPLATE } from '../../shared/domain/dossier'
import { sha256Hex } from '../crypto'
import type { CentralContext } from '../ingest'
import { jpegWithCaptureTime } from './exif-jpeg'
import {
  answersBetween,
  approvedAssessor,
  assessment,
  importSigned,
  judgingTimeline,
  seeded,
  seededReport,
  signedBundle,
  uscc,
  type EnterpriseSpec,
  type EvidenceSpec,
} from './pilot-fixtures'

const COUNTIES = ['淇滨区', '山城区', '浚县'] as const
const INDUSTRIES = ['智能电器电子信息制造', '新材料制品制造', '绿色食品加工制造'] as const
const PHRASES = [
  '注塑车间设备已联网并接入数据采集网关',
  '仓库仍以纸质单据出入库',
  'ERP 已覆盖采购与销售环节',
  '质量检验数据录入 QMS 并按批次追溯',
  '能耗按月人工抄表',
  '安全巡检使用移动端打卡',
  '财务与业务系统之间人工对账',
  '研发图纸以文件夹方式管理',
  '设备点检表为纸质记录',
  '销售订单通过电商平台接入',
  '生产计划用电子表格排程',
  '冷库温湿度在线监测并告警',
  '线束装配段已上线 MES 报工',
  '原料检验依赖人工记录',
  '客户投诉在 CRM 中闭环处理',
  '物流配送委托第三方并在线跟踪',
  '办公网与生产网已做隔离',
  '关键工序参数自动采集',
  '成品库采用条码管理',
  '管理层通过驾驶舱查看日报',
]

export const SECRET_NOTE = 'ERP 管理员账号 admin，密码：Hebi@2025!xyz'

/** A distinct findings text per enterprise, from the phrases above (seeded). */
function findings(n: number): { notes: Record<string, string>; observations: string } {
  const rnd = seeded(1000 + n)
  const pick = (): string => PHRASES[Math.floor(rnd() * PHRASES.length)]!
  return {
    notes: {
      Q01: `${pick()}；${pick()}。（第 ${n} 号企业）`,
      SC06: `${pick()}，现场抽查 ${(n % 7) + 2} 台设备。`,
    },
    observations: `第 ${n} 号企业现场：${pick()}；${pick()}；访谈 ${(n % 4) + 2} 人。`,
  }
}

function day(i: number): string {
  return new Date(Date.UTC(2025, 2, 3) + i * 86_400_000).toISOString().slice(0, 10)
}

function photo(date: string, tag: string, itemId = 'SC06'): EvidenceSpec {
  return {
    bytes: jpegWithCaptureTime(`${date.replace(/-/g, ':')} 10:15:00`, tag),
    name: `${itemId}-现场照片-${tag}.jpg`,
    itemId,
    mime: 'image/jpeg',
  }
}

function dossierFor(
  amountYuan: number,
  tag: string,
): { dossier: Record<string, unknown>; files: EvidenceSpec[] } {
  const invoice = new TextEncoder().encode(`%PDF-1.4 发票 ${tag} ${'x'.repeat(1200)}`)
  const row = {
    invoiceNo: `4100${tag.replace(/\D/g, '').padStart(4, '0')}`,
    date: '2025-07-01',
    supplier: '鹤壁某软件有限公司',
    amountFen: amountYuan * 100,
    category: 'software' as const,
    invoiceEvidence: sha256Hex(invoice),
  }
  const d = dossierManifest(HEBI_2024_DOSSIER_TEMPLATE, [], [row])
  return {
    dossier: JSON.parse(JSON.stringify(d)) as Record<string, unknown>,
    files: [
      { bytes: invoice, name: `发票-${tag}.pdf`, itemId: 'dossier', mime: 'application/pdf' },
    ],
  }
}

export interface PilotSeed {
  assessors: { wang: ClientSigner; li: ClientSigner; zhao: ClientSigner }
  /** enterprise key (USCC) per planted case */
  cases: {
    duplicateEvidence: [string, string]
    similarText: [string, string]
    rapidJudging: string
    noSiteRecord: string
    overlappingVisits: [string, string]
    photoOutsideVisit: string
    secretNote: string
    corrected: string
  }
  /** an enterprise with a diagnosis and an acceptance and nothing suspicious */
  clean: string
  /** the reports its two bundles carry (manifest.reports), answered by GET /v1/reports */
  cleanReports: { diagnosis: ReportRef; acceptance: ReportRef }
  /** enterprise name by key */
  names: Map<string, string>
  bundles: number
}

export async function seedPilot(ctx: CentralContext): Promise<PilotSeed> {
  const wangA = { name: '王敏', agency: '鹤壁数智服务有限公司' }
  const liA = { name: '李强', agency: '中原工业互联网服务商' }
  const zhaoA = { name: '赵六', agency: '豫北智造咨询公司' }
  const wang = await approvedAssessor(ctx, wangA.name, wangA.agency)
  const li = await approvedAssessor(ctx, liA.name, liA.agency)
  const zhao = await approvedAssessor(ctx, zhaoA.name, zhaoA.agency)
  const names = new Map<string, string>()
  let bundles = 0
  const mid = answersBetween(45, 58, 40, 11) // 二级, not near a threshold
  const high = answersBetween(83, 95, 10, 12) // 四级 with scenes at 4
  const l3 = answersBetween(64, 78, 10, 13) // 三级
  const nearTh = [...answersBetween(40, 41.5, 4, 14), ...answersBetween(60, 61.5, 4, 15)]
  let a = 0
  const ent = (n: number, over: Partial<EnterpriseSpec> = {}): EnterpriseSpec => {
    const e: EnterpriseSpec = {
      n,
      name: `鹤壁${['瑞鹤', '淇水', '山城', '黎阳', '朝歌', '云梦'][n % 6]}${['电器', '新材料', '食品'][n % 3]}有限公司${n}号`,
      county: COUNTIES[n % 3],
      industry: INDUSTRIES[n % 3],
      batch: ((n % 3) + 1) as 1 | 2 | 3,
      zjtx: n % 5 === 0 ? 'provincial' : n % 7 === 0 ? 'little_giant' : 'none',
      ...over,
    }
    names.set(uscc(n), e.name)
    return e
  }
  const put = async (
    signer: ClientSigner,
    o: Parameters<typeof assessment>[0],
    extra: {
      evidence?: EvidenceSpec[]
      timelineStart?: string | null
      stepSeconds?: number
      dossier?: Record<string, unknown>
      supersedes?: { manifest: BundleManifest; reason: string }
      diagnosis?: BundleManifest
      reports?: ReportRef[]
    } = {},
  ): Promise<BundleManifest> => {
    const start =
      extra.timelineStart === undefined ? `${o.assessedOn}T01:00:00Z` : extra.timelineStart
    const b = signedBundle({
      signer,
      assessment: assessment(o),
      evidence: extra.evidence ?? [],
      ...(start ? { timeline: judgingTimeline(start, extra.stepSeconds ?? 45, 100 + a * 50) } : {}),
      ...(extra.dossier ? { dossier: extra.dossier } : {}),
      ...(extra.supersedes ? { supersedes: extra.supersedes } : {}),
      ...(extra.diagnosis ? { diagnosis: extra.diagnosis } : {}),
      ...(extra.reports ? { reports: extra.reports } : {}),
    })
    await importSigned(ctx, b)
    bundles++
    a++
    return b.manifest
  }
  /** a clean diagnosis (+ acceptance when `accept`), each on its own day */
  const clean = async (
    n: number,
    who: ClientSigner,
    whoA: { name: string; agency: string },
    accept: 'l2' | 'l3' | 'l4' | null,
  ): Promise<void> => {
    const e = ent(n)
    const f = findings(n)
    const d = day(2 * n)
    const diagnosis = await put(
      who,
      {
        enterprise: e,
        assessor: whoA,
        assessedOn: d,
        answers: mid[n % mid.length]!,
        sceneLevel: 1,
        notes: f.notes,
        survey: { date: d, observations: f.observations },
      },
      { evidence: [photo(d, `d${n}`)], reports: [seededReport('diagnosis', d, `d${n}`)] },
    )
    if (!accept) return
    const d2 = day(2 * n + 120)
    const g = findings(n + 500)
    const { dossier, files } = dossierFor(400_000 + n * 10_000, `a${n}`)
    await put(
      who,
      {
        enterprise: e,
        kind: 'acceptance',
        assessor: whoA,
        assessedOn: d2,
        answers:
          accept === 'l4'
            ? high[n % high.length]!
            : accept === 'l3'
              ? l3[n % l3.length]!
              : mid[(n + 7) % mid.length]!,
        sceneLevel: accept === 'l4' ? 4 : accept === 'l3' ? 3 : 2,
        notes: g.notes,
        survey: { date: d2, observations: g.observations },
      },
      {
        evidence: [photo(d2, `a${n}`, 'SC07'), ...files],
        dossier,
        diagnosis,
        reports: [seededReport('acceptance', d2, `a${n}`)],
      },
    )
  }

  // clean enterprises: 1–14 (王敏 and 李强), several accepted
  for (let n = 1; n <= 14; n++)
    await clean(
      n,
      n % 2 ? wang : li,
      n % 2 ? wangA : liA,
      n % 4 === 0 ? 'l4' : n % 3 === 0 ? 'l3' : n % 2 ? 'l2' : null,
    )

  // 赵六: eight diagnoses just above 40 / 60 points (threshold clustering)
  for (let i = 0; i < 8; i++) {
    const n = 40 + i
    const f = findings(n)
    const d = day(2 * n)
    await put(
      zhao,
      {
        enterprise: ent(n),
        assessor: zhaoA,
        assessedOn: d,
        answers: nearTh[i]!,
        sceneLevel: i < 4 ? 2 : 3,
        notes: f.notes,
        survey: { date: d, observations: f.observations },
      },
      { evidence: [photo(d, `z${n}`)] },
    )
  }

  // planted cases, 60…
  // the same photo file in two enterprises' records (same day, different hours)
  const shared = photo(day(200), 'shared')
  for (const n of [60, 61]) {
    const f = findings(n)
    const d = day(200)
    await put(
      li,
      {
        enterprise: ent(n),
        assessor: liA,
        assessedOn: d,
        answers: mid[n % mid.length]!,
        sceneLevel: 2,
        notes: f.notes,
        survey: { date: d, observations: f.observations },
      },
      { evidence: [shared], timelineStart: `${d}T0${n === 60 ? 1 : 6}:00:00Z` },
    )
  }
  const copied =
    '企业已上线 ERP 与 MES 系统，注塑段设备尚未联网，能耗与安全生产仍以纸质台账为主，质量数据未形成闭环管理，建议优先建设设备数据采集与能耗在线监测。'
  for (const n of [62, 63]) {
    const d = day(202 + (n - 62) * 2)
    await put(
      wang,
      {
        enterprise: ent(n),
        assessor: wangA,
        assessedOn: d,
        answers: mid[n % mid.length]!,
        sceneLevel: 2,
        notes: { Q01: copied },
        survey: { date: d, observations: '' },
      },
      { evidence: [photo(d, `c${n}`)] },
    )
  }
  {
    const n = 64
    const f = findings(n)
    const d = day(206)
    await put(
      li,
      {
        enterprise: ent(n),
        assessor: liA,
        assessedOn: d,
        answers: mid[n % mid.length]!,
        sceneLevel: 2,
        notes: f.notes,
        survey: { date: d, observations: f.observations },
      },
      { evidence: [photo(d, `r${n}`)], stepSeconds: 1 },
    )
  }
  {
    const n = 65
    const f = findings(n)
    await put(
      li,
      {
        enterprise: ent(n),
        assessor: liA,
        assessedOn: day(208),
        answers: mid[n % mid.length]!,
        sceneLevel: 2,
        notes: f.notes,
        survey: null,
      },
      { evidence: [] },
    )
  }
  for (const n of [66, 67]) {
    const f = findings(n)
    const d = day(210)
    await put(
      wang,
      {
        enterprise: ent(n),
        assessor: wangA,
        assessedOn: d,
        answers: mid[n % mid.length]!,
        sceneLevel: 2,
        notes: f.notes,
        survey: { date: d, observations: f.observations },
      },
      {
        evidence: [photo(d, `o${n}`)],
        timelineStart: n === 66 ? `${d}T01:00:00Z` : `${d}T01:10:00Z`,
      },
    )
  }
  {
    const n = 68
    const f = findings(n)
    const d = day(212)
    await put(
      li,
      {
        enterprise: ent(n),
        assessor: liA,
        assessedOn: d,
        answers: mid[n % mid.length]!,
        sceneLevel: 2,
        notes: f.notes,
        survey: { date: d, observations: f.observations },
      },
      {
        evidence: [
          { ...photo(d, `p${n}`), bytes: jpegWithCaptureTime('2024:11:02 15:20:11', `old${n}`) },
        ],
      },
    )
  }
  {
    const n = 69
    const f = findings(n)
    const d = day(214)
    await put(
      wang,
      {
        enterprise: ent(n),
        assessor: wangA,
        assessedOn: d,
        answers: mid[n % mid.length]!,
        sceneLevel: 2,
        notes: { ...f.notes, Q05: SECRET_NOTE },
        survey: { date: d, observations: f.observations },
      },
      { evidence: [photo(d, `s${n}`)] },
    )
  }
  {
    // a correction: v2 replaces v1 with a reason
    const n = 70
    const f = findings(n)
    const d = day(216)
    const o = {
      enterprise: ent(n),
      assessor: liA,
      assessedOn: d,
      answers: mid[n % mid.length]!,
      sceneLevel: 1,
      notes: f.notes,
      survey: { date: d, observations: f.observations },
    }
    const v1 = await put(li, o, { evidence: [photo(d, `v${n}`)] })
    await put(
      li,
      { ...o, sceneLevel: 2 },
      {
        evidence: [photo(d, `v${n}`)],
        supersedes: { manifest: v1, reason: '场景 SC06 等级录入有误，更正为二级' },
        timelineStart: `${d}T03:00:00Z`,
      },
    )
  }
  return {
    assessors: { wang, li, zhao },
    cases: {
      duplicateEvidence: [uscc(60), uscc(61)],
      similarText: [uscc(62), uscc(63)],
      rapidJudging: uscc(64),
      noSiteRecord: uscc(65),
      overlappingVisits: [uscc(66), uscc(67)],
      photoOutsideVisit: uscc(68),
      secretNote: uscc(69),
      corrected: uscc(70),
    },
    clean: uscc(8),
    cleanReports: {
      diagnosis: seededReport('diagnosis', day(16), 'd8'),
      acceptance: seededReport('acceptance', day(136), 'a8'),
    },
    names,
    bundles,
  }
}
