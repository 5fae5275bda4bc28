/**
 * Integrity signal computation (issue 16 §2) for 10,000 seeded assessments, with 1,000 as the
 * baseline of the same run (ratio). The assessments are written straight into a central SQLite
 * database as accepted bundles (realistic manifests: 15 answers, 16 scenes, notes, survey,
 * 2 evidence entries, a 33-event timeline; 20 assessors, 2 % planted duplicates/copies), not
 * signed one by one — ingest has its own bench. Figures: full run (load manifests + facts + EXIF
 * cache lookups + detectors + upserts), the detectors alone on the loaded records, a skipped
 * second run, and the signals found.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { canonicalJson } from '../../shared/domain/canonical-json'
import { getCatalogue, MIIT_2024 } from '../../shared/domain/catalogue'
import { detectSignals } from '../../shared/domain/integrity/detect'
import { HEBI_2024_INTEGRITY } from '../../shared/domain/integrity/thresholds'
import { openCentral } from '../../central/service'
import { loadSignalRecords } from '../../central/signals/load'
import { computeSignals } from '../../central/signals/run'
import { answersBetween, judgingTimeline, seeded, uscc } from '../../central/testing/pilot-fixtures'
import { totalMilli } from '../../central/testing/pilot-fixtures'

const PHRASES = [
  '设备联网率较低',
  '仓库纸质出入库',
  'ERP 覆盖采购销售',
  '质量数据按批次追溯',
  '能耗人工抄表',
  '安全巡检移动打卡',
  '财务业务人工对账',
  '研发图纸文件夹管理',
  '点检表纸质记录',
  '订单电商接入',
  '电子表格排程',
  '冷库温湿度在线监测',
  '线束段 MES 报工',
  '原料检验人工记录',
  'CRM 闭环投诉',
]

async function seed(n: number): Promise<{
  dir: string
  close: () => Promise<void>
  ctx: Awaited<ReturnType<typeof openCentral>>['ctx']
}> {
  const dir = mkdtempSync(join(tmpdir(), 'dl-bench-signals-'))
  const h = await openCentral({ dataDir: dir })
  const rnd = seeded(n)
  const pool = answersBetween(20, 95, 200, 3)
  const pinned = getCatalogue('MIIT-2024')!
  const keys = Array.from({ length: 20 }, (_, i) => ({
    key_id: (i + 1).toString(16).padStart(64, '0'),
    algorithm: 'Ed25519',
    public_key_pem: '-----BEGIN PUBLIC KEY-----\nbench\n-----END PUBLIC KEY-----\n',
    assessor_name: `评测员${i + 1}`,
    agency: `服务商${(i % 6) + 1}`,
    status: 'approved',
    registered_at: '2025-01-01T00:00:00.000Z',
    approved_at: '2025-01-01T00:00:00.000Z',
  }))
  await h.ctx.db.insertInto('assessor_keys').values(keys).execute()
  const rows = []
  for (let i = 0; i < n; i++) {
    const answers = pool[Math.floor(rnd() * pool.length)]!
    const day = new Date(Date.UTC(2025, 0, 1) + Math.floor(i / 20) * 86_400_000)
      .toISOString()
      .slice(0, 10)
    const k = keys[i % 20]!
    const pick = (): string => PHRASES[Math.floor(rnd() * PHRASES.length)]!
    const copied = i % 50 === 0 // 2 %: the same text and photo as the previous planted one
    const notes = copied
      ? {
          Q01: '企业已上线 ERP 与 MES，注塑段设备未联网，能耗与安全以纸质台账为主，质量数据未闭环。',
        }
      : { Q01: `${pick()}；${pick()}；第 ${i} 号`, SC06: `${pick()}，抽查 ${i % 9} 台` }
    const sha = (j: number): string =>
      copied && j === 0 ? 'c'.repeat(64) : (i * 2 + j + 1).toString(16).padStart(64, 'a')
    const assessment = {
      format: 'sme-dl-assessment/v1',
      catalogue: 'MIIT-2024',
      ruleProfile: 'MIIT-2024-default',
      kind: 'diagnosis',
      enterprise: {
        name: `企业${i}`,
        uscc: uscc(100_000 + i),
        county: ['淇滨区', '山城区', '浚县'][i % 3],
        industry: '新材料制品制造',
        batch: (i % 3) + 1,
        zjtx: 'none',
      },
      assessor: { name: k.assessor_name, agency: k.agency },
      assessedOn: day,
      answers,
      scenes: Object.fromEntries(MIIT_2024.catalogue.scenes.map((s) => [s.id, 2])),
      notes,
      survey: {
        date: day,
        people: [{ name: k.assessor_name, agency: k.agency, role: '组长' }],
        observations: `${pick()}；${pick()}。`,
      },
    }
    const manifest = {
      format: 'sme-dl-bundle/v1',
      bundleId: `bench-${i}`,
      recordId: `rec-${i}`,
      version: 1,
      supersedes: null,
      createdAt: `${day}T08:00:00.000Z`,
      catalogue: { id: pinned.catalogue.id, hash: pinned.hash },
      assessorKey: { keyId: k.key_id, algorithm: 'Ed25519', publicKeyPem: k.public_key_pem },
      assessment,
      evidence: [0, 1].map((j) => ({
        sha256: sha(j),
        size: 50_000,
        name: `SC0${j + 1}.jpg`,
        itemId: `SC0${j + 1}`,
        mime: 'image/jpeg',
      })),
      timeline: judgingTimeline(`${day}T0${1 + (i % 20 < 10 ? 0 : 4)}:00:00Z`, 45, 1 + i * 40),
    }
    rows.push({
      bundle_id: manifest.bundleId,
      record_id: manifest.recordId,
      version: 1,
      supersedes_bundle_id: null,
      supersede_reason: null,
      manifest_sha256: i.toString(16).padStart(64, '0'),
      manifest_json: canonicalJson(manifest),
      signature_json: '{}',
      assessor_key_id: k.key_id,
      pushed_by_key_id: k.key_id,
      status: 'accepted',
      received_at: `${day}T09:00:00.000Z`,
      accepted_at: `${day}T09:00:00.000Z`,
      receipt_json: null,
      kind: 'diagnosis',
      enterprise_name: assessment.enterprise.name,
      enterprise_uscc: assessment.enterprise.uscc,
      county: assessment.enterprise.county,
      industry: assessment.enterprise.industry,
      batch: assessment.enterprise.batch,
      level: 2,
      total_milli: totalMilli(answers),
      dossier_eligible_fen: null,
      dossier_complete: null,
    })
  }
  for (let i = 0; i < rows.length; i += 200)
    await h.ctx.db
      .insertInto('bundles')
      .values(rows.slice(i, i + 200))
      .execute()
  return {
    dir,
    ctx: h.ctx,
    close: async () => {
      await h.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

async function measure(n: number): Promise<Record<string, number>> {
  const s = await seed(n)
  try {
    let t = performance.now()
    const first = await computeSignals(s.ctx)
    const fullMs = performance.now() - t
    t = performance.now()
    const second = await computeSignals(s.ctx)
    const skippedMs = performance.now() - t
    const records = await loadSignalRecords(s.ctx)
    t = performance.now()
    const found = detectSignals(records, HEBI_2024_INTEGRITY)
    const detectMs = performance.now() - t
    if (!second.skipped || found.length !== first.signals) throw new Error('inconsistent runs')
    return {
      assessments: n,
      fullRunMs: Math.round(fullMs),
      detectorsOnlyMs: Math.round(detectMs),
      skippedRunMs: Math.round(skippedMs),
      signals: first.signals,
      heapUsedMiB: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
    }
  } finally {
    await s.close()
  }
}

export async function run(): Promise<Record<string, unknown>> {
  const baseline = await measure(1_000)
  const big = await measure(10_000)
  return {
    sqlite: {
      baseline,
      big,
      fullRunRatio: Math.round((big.fullRunMs! / baseline.fullRunMs!) * 10) / 10,
    },
  }
}
