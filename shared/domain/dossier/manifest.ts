/**
 * The dossier manifest (`sme-dl-dossier/v1`, issue 8 item 4): what the signed bundle carries so
 * that the central system can check the dossier offline — the template it follows, the checklist
 * entries with their evidence hashes, the ledger rows, the totals and the list of every evidence
 * hash referenced (the files travel in the bundle under evidence/<sha256>).
 * `verifyDossierManifest` parses an untrusted manifest and recomputes status, totals and the
 * evidence list, naming what does not match.
 */
import { z } from 'zod'
import { canonicalJson } from '../canonical-json'
import { checklistStatus } from './checklist'
import { ledgerTotals } from './ledger'
import type { ChecklistEntry, DossierTemplate, LedgerCategory, LedgerRow } from './types'
import { LEDGER_CATEGORIES } from './types'

export const DOSSIER_MANIFEST_FORMAT_V1 = 'sme-dl-dossier/v1'

const Sha = z.string().regex(/^[0-9a-f]{64}$/, '须为 64 位小写十六进制 SHA-256')
const Fen = z.number().int().nonnegative()

const CategoryEnum = z.enum(LEDGER_CATEGORIES as [LedgerCategory, ...LedgerCategory[]])

export const DossierManifestSchema = z.object({
  format: z.literal(DOSSIER_MANIFEST_FORMAT_V1),
  template: z.object({ id: z.string().min(1), version: z.string().min(1) }),
  checklist: z.object({
    entries: z.array(
      z.object({
        itemId: z.string().min(1),
        state: z.enum(['attached', 'missing', 'waived']),
        evidenceSha256: z.array(Sha).optional(),
        reason: z.string().optional(),
      }),
    ),
    missingMandatory: z.array(z.string()),
    complete: z.boolean(),
  }),
  ledger: z.array(
    z.object({
      invoiceNo: z.string(),
      date: z.string(),
      supplier: z.string(),
      amountFen: z.number(),
      category: CategoryEnum,
      invoiceEvidence: Sha.optional(),
      paymentEvidence: Sha.optional(),
      note: z.string().optional(),
    }),
  ),
  totals: z.object({
    eligibleFen: Fen,
    ineligibleFen: Fen,
    totalFen: Fen,
    byCategory: z.record(CategoryEnum, z.object({ count: Fen, amountFen: Fen })),
  }),
  evidence: z.array(Sha),
})

export type DossierManifest = z.infer<typeof DossierManifestSchema>

/** Every evidence hash the entries and the ledger reference, sorted, without repeats. */
export function dossierEvidence(
  entries: readonly ChecklistEntry[],
  ledger: readonly LedgerRow[],
): string[] {
  const all = new Set<string>()
  for (const e of entries) for (const h of e.evidenceSha256 ?? []) all.add(h)
  for (const r of ledger) {
    if (r.invoiceEvidence) all.add(r.invoiceEvidence)
    if (r.paymentEvidence) all.add(r.paymentEvidence)
  }
  return [...all].sort()
}

/**
 * Builds the manifest. Throws (VALIDATION, naming the entry or the ledger row and field) when the
 * checklist entries or the ledger are invalid: a manifest is only made from valid data.
 */
export function dossierManifest(
  template: DossierTemplate,
  entries: readonly ChecklistEntry[],
  ledger: readonly LedgerRow[],
): DossierManifest {
  const status = checklistStatus(template, entries)
  const totals = ledgerTotals(ledger, template)
  const byCategory = {} as Record<LedgerCategory, { count: number; amountFen: number }>
  for (const id of LEDGER_CATEGORIES)
    byCategory[id] = {
      count: totals.byCategory[id].count,
      amountFen: totals.byCategory[id].amountFen,
    }
  return {
    format: DOSSIER_MANIFEST_FORMAT_V1,
    template: { id: template.id, version: template.version },
    checklist: {
      entries: entries.map((e) => {
        const out: ChecklistEntry = { itemId: e.itemId, state: e.state }
        if (e.evidenceSha256 !== undefined) out.evidenceSha256 = [...e.evidenceSha256]
        const reason = e.reason?.trim()
        if (reason) out.reason = reason
        return out
      }),
      missingMandatory: status.missingMandatory,
      complete: status.complete,
    },
    ledger: ledger.map((r) => ({ ...r })),
    totals: {
      eligibleFen: totals.eligibleFen,
      ineligibleFen: totals.ineligibleFen,
      totalFen: totals.totalFen,
      byCategory,
    },
    evidence: dossierEvidence(entries, ledger),
  }
}

/**
 * Checks an untrusted manifest against the template it names (looked up by the caller). Returns
 * the problems in Chinese, each naming the field; [] when the manifest is consistent.
 */
export function verifyDossierManifest(value: unknown, template: DossierTemplate): string[] {
  const parsed = DossierManifestSchema.safeParse(value)
  if (!parsed.success)
    return parsed.error.issues.map(
      (i) => `档案清单字段 ${i.path.map(String).join('.') || '(根)'} 无效：${i.message}`,
    )
  const m = parsed.data
  if (m.template.id !== template.id || m.template.version !== template.version)
    return [
      `档案清单按模板 ${m.template.id} ${m.template.version} 编制，与 ${template.id} ${template.version} 不符`,
    ]
  let again: DossierManifest
  try {
    again = dossierManifest(template, m.checklist.entries, m.ledger)
  } catch (e) {
    return [`档案清单内容无效：${e instanceof Error ? e.message : String(e)}`]
  }
  const problems: string[] = []
  const parts: [string, unknown, unknown][] = [
    [
      'checklist.missingMandatory（缺失的必备材料）',
      m.checklist.missingMandatory,
      again.checklist.missingMandatory,
    ],
    ['checklist.complete（材料是否齐全）', m.checklist.complete, again.checklist.complete],
    ['totals（投入合计）', m.totals, again.totals],
    ['evidence（附件清单）', m.evidence, again.evidence],
  ]
  for (const [label, have, want] of parts)
    if (canonicalJson(have) !== canonicalJson(want))
      problems.push(`档案清单字段 ${label} 与按材料和投入清单重新计算的结果不符`)
  return problems
}
