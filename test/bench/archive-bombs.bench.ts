/**
 * Bounded archives (issue 12 item 2): peak RSS and time, each case in its own child process
 * (archive-bombs.child.ts) so the peak is its own.
 *  - crafted ~3 MB bombs, each refused: a .dlbundle whose manifest.json inflates to 3 GiB, a
 *    format-1 .dlbackup whose evidence entry does, an .xlsx whose sheet does, and an .xlsx of
 *    1,000,000 honest rows (over the 20,000-row limit); baselines: a valid bundle verified, a
 *    valid 50-row .xlsx read;
 *  - backup create + restore of a 1 GiB and a 256 MiB evidence set (format 2, streamed): the
 *    peak should not grow with the data.
 * Figures only; nothing is asserted.
 */
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { unzipSync, zipSync } from 'fflate'
import { buildBundle } from '../../electron/backend/bundle/build'
import {
  evidenceFiles,
  exampleAssessment,
  testKey,
} from '../../electron/backend/bundle/test-helpers'
import { craftZip, deflateBomb } from '../../electron/backend/test-bombs'

const ROOT = join(import.meta.dirname, '..', '..')
const GiB = 1024 ** 3

interface Figure {
  ms: number
  maxRssMiB: number
  ok: boolean
  reason: string
}

function child(args: string[]): Figure {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'test/bench/archive-bombs.child.ts'), ...args],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  )
  if (r.status !== 0) throw new Error(`${args[0]} failed: ${r.stderr}`)
  const line = r.stdout.trim().split('\n').at(-1) ?? '{}'
  const f = JSON.parse(line) as Figure
  return { ...f, reason: (f.reason ?? '').slice(0, 160) }
}

export async function run(): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'dl-bench-bombs-'))
  try {
    const out: Record<string, unknown> = {}
    const bomb = await deflateBomb(3 * GiB)
    out['bombBytes'] = bomb.length
    out['bombInflatesTo'] = 3 * GiB

    // .dlbundle
    const valid = buildBundle({
      assessment: exampleAssessment(),
      evidence: evidenceFiles(3),
      signer: testKey('Ed25519').signer,
      now: new Date('2026-11-27T03:00:00Z'),
    })
    const parts = unzipSync(valid.bytes)
    const bundleBomb = craftZip([
      { name: 'manifest.json', data: bomb, method: 8, declaredSize: 2000 },
      {
        name: 'signature.json',
        data: parts['signature.json']!,
        method: 0,
        declaredSize: parts['signature.json']!.length,
      },
    ])
    writeFileSync(join(dir, 'valid.dlbundle'), valid.bytes)
    writeFileSync(join(dir, 'bomb.dlbundle'), bundleBomb)
    out['bundleValidBaseline'] = child(['bundle', join(dir, 'valid.dlbundle')])
    out['bundleBomb'] = {
      fileBytes: bundleBomb.length,
      ...child(['bundle', join(dir, 'bomb.dlbundle')]),
    }

    // .xlsx
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('名单')
    ws.addRow(['统一社会信用代码', '企业名称'])
    for (let i = 0; i < 50; i++) ws.addRow([`9141${i}`, `企业${i}`])
    const book = new Uint8Array(await wb.xlsx.writeBuffer())
    const xparts = unzipSync(book)
    writeFileSync(join(dir, 'valid.xlsx'), book)
    const xlsxBomb = craftZip(
      Object.entries(xparts).map(([name, data]) =>
        name === 'xl/worksheets/sheet1.xml'
          ? { name, data: bomb, method: 8 as const, declaredSize: 4096 }
          : { name, data, method: 0 as const, declaredSize: data.length },
      ),
    )
    writeFileSync(join(dir, 'bomb.xlsx'), xlsxBomb)
    const rows: string[] = []
    for (let r = 1; r <= 1_000_000; r++)
      rows.push(`<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>${r}</t></is></c></row>`)
    const sheet = new TextEncoder().encode(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
        rows.join('') +
        '</sheetData></worksheet>',
    )
    const manyRows = zipSync({ ...xparts, 'xl/worksheets/sheet1.xml': sheet }, { level: 9 })
    writeFileSync(join(dir, 'rows.xlsx'), manyRows)
    out['xlsxValidBaseline'] = child(['xlsx', join(dir, 'valid.xlsx')])
    out['xlsxBomb'] = { fileBytes: xlsxBomb.length, ...child(['xlsx', join(dir, 'bomb.xlsx')]) }
    out['xlsxMillionRows'] = {
      fileBytes: manyRows.length,
      sheetXmlBytes: sheet.length,
      ...child(['xlsx', join(dir, 'rows.xlsx')]),
    }

    // .dlbackup format 1 (the format before issue 12) with a compressed evidence entry
    const sha = 'ab'.repeat(32)
    const manifest = Buffer.from(
      JSON.stringify({
        format: 'dl-assessor-backup/1',
        createdAt: '2026-11-27T00:00:00.000Z',
        schemaVersion: '0006-panel-tables',
        counts: { enterprises: 0, assessments: 0 },
        entries: [
          { path: 'db/assessor.sqlite', size: 4, sha256: 'cd'.repeat(32) },
          { path: `evidence/ab/${sha}`, size: 3 * GiB, sha256: sha },
        ],
      }),
    )
    const zip = craftZip([
      { name: 'manifest.json', data: manifest, method: 0, declaredSize: manifest.length },
      { name: 'db/assessor.sqlite', data: Buffer.from('SQLi'), method: 0, declaredSize: 4 },
      { name: `evidence/ab/${sha}`, data: bomb, method: 8, declaredSize: 3 * GiB - 1 },
    ])
    const hb = Buffer.from(
      JSON.stringify({
        format: 'dl-assessor-backup/1',
        createdAt: '2026-11-27T00:00:00.000Z',
        cipher: 'none',
        keyCheck: '',
        keySource: 'none',
      }),
    )
    const len = Buffer.alloc(4)
    len.writeUInt32BE(hb.length)
    const backupBomb = Buffer.concat([Buffer.from('DLBACKUP'), len, hb, zip])
    writeFileSync(join(dir, 'bomb.dlbackup'), backupBomb)
    out['backupBomb'] = {
      fileBytes: backupBomb.length,
      ...child(['backup-restore', join(dir, 'plain-data'), 'none', join(dir, 'bomb.dlbackup')]),
    }

    // 256 MiB and 1 GiB evidence sets: format-2 backup create + restore (streamed)
    for (const mib of [256, 1024]) {
      const key = randomBytes(32).toString('hex')
      const data = join(dir, `data-${mib}`)
      const file = join(dir, `set-${mib}.dlbackup`)
      child(['seed', data, key, String(mib)])
      const create = child(['backup-create', data, key, file])
      const restore = child(['backup-restore', join(dir, `restored-${mib}`), key, file])
      out[`backup${mib}MiB`] = { fileBytes: statSync(file).size, create, restore }
      rmSync(data, { recursive: true, force: true })
      rmSync(join(dir, `restored-${mib}`), { recursive: true, force: true })
      rmSync(file, { force: true })
    }
    return out
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
