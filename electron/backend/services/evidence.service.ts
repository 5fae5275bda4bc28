import type { Input, Output } from '../../../shared/contract/api'
import { fail } from '../../../shared/contract/errors'
import { findQuestion, findScene } from '../../../shared/domain/catalogue'
import { audit } from '../audit/audit'
import { getAssessment } from '../db/repos/assessments.repo'
import {
  deleteEvidence,
  getEvidence,
  insertEvidence,
  listEvidence,
} from '../db/repos/evidence.repo'
import { storedFileNamed } from '../db/repos/stored-files.repo'
import { withTransaction } from '../db/tx'
import { sniffMime } from '../evidence/sniff'
import type { ServiceContext } from './context'
import { assertDraft, requireAssessment, requireDraft, toEvidenceMeta } from './assessments.service'

export const DEFAULT_EVIDENCE_MAX_BYTES = 20 * 1024 * 1024

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MiB`
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KiB`
  return `${n} 字节`
}

/** Decoded size of a base64 string without decoding it. */
function base64Size(s: string): number {
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0
  return Math.floor((s.length * 3) / 4) - pad
}

/** What a user sees of a file name: no directories, no control characters, bounded. */
export function displayName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? ''
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim()
  return (clean || '未命名文件').slice(0, 200)
}

export function evidenceServices(ctx: ServiceContext) {
  return {
    'evidence.add': async (input: Input<'evidence.add'>): Promise<Output<'evidence.add'>> => {
      const name = displayName(input.fileName)
      const limit = ctx.evidenceMaxBytes
      const approx = base64Size(input.contentBase64)
      if (approx > limit)
        throw fail.tooLarge(
          `文件「${name}」大小 ${formatBytes(approx)}，超过上限 ${formatBytes(limit)}`,
          'contentBase64',
        )
      // Checks before any file is written (reads only, no transaction held).
      const pre = await requireAssessment(ctx.db, input.assessmentId, 'assessmentId')
      assertDraft(pre)
      if (input.itemId !== 'survey') {
        const cat = ctx.registry().catalogue(pre.catalogueId)?.catalogue
        const known =
          cat && (findQuestion(cat, input.itemId) ?? findScene(cat, input.itemId)) !== undefined
        if (!known) throw fail.validation(`未知的条目编号：${input.itemId}`, 'itemId')
      }
      const bytes = Buffer.from(input.contentBase64, 'base64')
      if (bytes.byteLength > limit)
        throw fail.tooLarge(
          `文件「${name}」大小 ${formatBytes(bytes.byteLength)}，超过上限 ${formatBytes(limit)}`,
          'contentBase64',
        )
      if (bytes.byteLength === 0) throw fail.validation(`文件「${name}」是空文件`, 'contentBase64')
      const mimeType = sniffMime(bytes)
      // File first (temp + fsync + rename), then the row, as one unit against other adds of the
      // same bytes; a failed transaction removes the file only if this add wrote it and no
      // committed row of any table names it (EvidenceStore.add).
      const row = await ctx.evidence.add(
        bytes,
        (blob) =>
          withTransaction(ctx.db, async (trx, tx) => {
            const a = await requireDraft(trx, input.assessmentId)
            const r = {
              id: ctx.newId(),
              assessmentId: a.id,
              itemId: input.itemId,
              sha256: blob.sha256,
              size: blob.size,
              mimeType,
              originalName: name,
              createdAt: ctx.nowIso(),
            }
            await insertEvidence(trx, r)
            await audit(trx, ctx, 'evidence.add', 'assessment', a.id, {
              evidenceId: r.id,
              itemId: r.itemId,
              sha256: r.sha256,
              size: r.size,
              mimeType,
              originalName: name,
            })
            tx.onCommit(() =>
              ctx.emit('evidence.changed', { assessmentId: a.id, itemId: input.itemId }),
            )
            return r
          }),
        (sha256) => storedFileNamed(ctx.db, sha256),
      )
      return toEvidenceMeta(row)
    },

    'evidence.list': async (input: Input<'evidence.list'>) => {
      if (!(await getAssessment(ctx.db, input.assessmentId)))
        throw fail.notFound(`评测不存在（id：${input.assessmentId}）`, 'assessmentId')
      const rows = await listEvidence(ctx.db, input.assessmentId, input.itemId)
      return { items: rows.map(toEvidenceMeta) }
    },

    'evidence.remove': async (input: Input<'evidence.remove'>) =>
      withTransaction(ctx.db, async (trx, tx) => {
        const e = await getEvidence(trx, input.id)
        if (!e) throw fail.notFound(`佐证材料不存在（id：${input.id}）`, 'id')
        await requireDraft(trx, e.assessmentId)
        await deleteEvidence(trx, e.id)
        // The file stays: other rows (or signed versions) may share it by hash; one no row names
        // any more is removed by the start-up sweep (evidence/unnamed-sweep.ts).
        await audit(trx, ctx, 'evidence.remove', 'assessment', e.assessmentId, {
          evidenceId: e.id,
          itemId: e.itemId,
          sha256: e.sha256,
          originalName: e.originalName,
        })
        tx.onCommit(() =>
          ctx.emit('evidence.changed', { assessmentId: e.assessmentId, itemId: e.itemId }),
        )
        return { removed: true as const }
      }),

    'evidence.content': async (input: Input<'evidence.content'>) => {
      const e = await getEvidence(ctx.db, input.id)
      if (!e) throw fail.notFound(`佐证材料不存在（id：${input.id}）`, 'id')
      let bytes: Buffer
      try {
        bytes = await ctx.evidence.read(e.sha256)
      } catch (err) {
        const missing = (err as NodeJS.ErrnoException).code === 'ENOENT'
        throw fail.internal(
          missing
            ? `佐证文件缺失：${e.originalName}（SHA-256 ${e.sha256.slice(0, 12)}…）`
            : `佐证文件已损坏：${e.originalName}（SHA-256 校验不符）`,
        )
      }
      return {
        id: e.id,
        sha256: e.sha256,
        mimeType: e.mimeType,
        originalName: e.originalName,
        size: e.size,
        contentBase64: bytes.toString('base64'),
      }
    },
  }
}
