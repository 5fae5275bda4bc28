/**
 * `npm run assess -- plan FILE --target 2|3|4 [--json] [--exclude ITEM,…] [--measures FILE]
 *  [--products FILE] [--rule-profile FILE.json… ] [--server-key PEM]`: the 一企一策 improvement
 * plan of an `sme-dl-assessment/v1` file (issue 13 item 4): the least-effort item changes that
 * reach the target level, re-scored. --measures is a measures library (signed export of the
 * central service or plain JSON; the built-in one by default), --products a product catalogue
 * (the same), --server-key checks the signatures of every signed file given.
 * --json prints exactly one JSON object; without it, a Chinese plan. Bad input: exit 2.
 */
import { resolveFile } from '../../../shared/domain/assessment-file'
import type { PublicKeyInfo } from '../../../shared/domain/bundle/types'
import type { Catalogue } from '../../../shared/domain/catalogue/types'
import {
  MIIT_2024_MEASURES,
  builtInMeasuresFor,
  planImprovement,
  planText,
  productsForStep,
  type ImprovementPlan,
  type MeasureEntry,
  type PinnedMeasures,
  type PlanStep,
  type Product,
  type ProductCatalogue,
  type TargetLevel,
} from '../../../shared/domain/plan'
import { keyIdOf } from '../crypto/node-crypto'
import { documentFromFile } from '../plan/plan-references'
import { CliError, type CliCommand } from './cli-error'
import { MAX_JSON_BYTES, readInputText } from './cli-files'
import { one, parseFlags } from './parse-flags'
import { ruleProfilesOf } from './rule-profile-flags'
import { readAssessmentFile } from './score'
import { readTrustedKey } from './trusted-key'

const USAGE =
  'usage: npm run assess -- plan FILE --target 2|3|4 [--json] [--exclude ITEM,…] [--measures FILE] [--products FILE] [--rule-profile FILE.json…] [--server-key PEM]'

function measureJson(m: MeasureEntry): Record<string, unknown> {
  return {
    ...(m.option !== undefined ? { option: m.option } : { level: m.level }),
    title: m.title,
    actions: m.actions,
    systems: m.systems,
    data: m.data,
    costYuan: m.costYuan,
    weeks: m.weeks,
    effort: m.effort,
  }
}

function productJson(p: Product): Record<string, unknown> {
  return {
    code: p.code,
    name: p.name,
    provider: p.provider,
    priceYuan: p.priceYuan,
    contact: p.contact,
  }
}

function stepJson(s: PlanStep, products: Product[] | null): Record<string, unknown> {
  return {
    item: s.item,
    ...(s.kind === 'question' ? { answer: s.answer } : { level: s.level }),
    kind: s.kind,
    before: s.before,
    ...(s.options ? { options: s.options } : {}),
    gain: s.gain,
    ...(s.constrained !== undefined ? { constrained: s.constrained } : {}),
    effort: s.effort,
    costYuan: s.costYuan,
    weeks: s.weeks,
    measures: s.measures.map(measureJson),
    ...(products ? { products: products.map(productJson) } : {}),
  }
}

/** The --json object: the fields issue 13 names first, then the explanation. */
export function planJson(
  plan: ImprovementPlan,
  extra: { enterprise: string; products: { catalogue: ProductCatalogue; sha256: string } | null },
): Record<string, unknown> {
  const match = (s: PlanStep) =>
    extra.products ? productsForStep(s, extra.products.catalogue) : null
  return {
    target: plan.target,
    reachable: plan.reachable,
    steps: plan.steps.map((s) => stepJson(s, match(s))),
    after: plan.after,
    effort: plan.effort,
    before: plan.before,
    costYuan: plan.costYuan,
    indicative: true,
    obstacles: plan.obstacles,
    excluded: plan.excluded,
    provisional: plan.provisional,
    ruleProfile: plan.ruleProfileId,
    measures: plan.measures,
    products: extra.products
      ? { id: extra.products.catalogue.id, sha256: extra.products.sha256 }
      : null,
    enterprise: extra.enterprise,
  }
}

function readText(path: string, flag: string): string {
  return readInputText(flag, path, MAX_JSON_BYTES)
}

function parseTarget(v: string | undefined): TargetLevel {
  if (v === undefined) throw new CliError(`--target: required (2, 3 or 4); ${USAGE}`)
  if (!/^[1-4]$/.test(v)) throw new CliError(`--target: must be 1, 2, 3 or 4, got '${v}'`)
  return Number(v) as TargetLevel
}

function parseExclude(values: string[], c: Catalogue): string[] {
  const ids = new Set([...c.questions.map((q) => q.id), ...c.scenes.map((s) => s.id)])
  const out: string[] = []
  for (const v of values)
    for (const part of v.split(',')) {
      const id = part.trim().toUpperCase()
      if (!id) continue
      if (!ids.has(id))
        throw new CliError(`--exclude: '${part.trim()}' is not a question or scene id`)
      if (!out.includes(id)) out.push(id)
    }
  return out
}

export const planCommand: CliCommand = {
  usage: USAGE,
  summary:
    '改造方案：plan FILE --target 2|3|4 [--json]  一企一策：达到目标等级工作量最小的改造步骤（重新计分验证）',
  async run(args, io) {
    const p = parseFlags(
      args,
      {
        '--target': 'value',
        '--json': 'bool',
        '--exclude': 'value',
        '--measures': 'value',
        '--products': 'value',
        '--rule-profile': 'value',
        '--server-key': 'value',
      },
      { '-t': '--target' },
      USAGE,
    )
    if (p.positional.length !== 1)
      throw new CliError(
        p.positional.length
          ? `plan: one file at a time; ${USAGE}`
          : `plan: no file given; ${USAGE}`,
      )
    const target = parseTarget(one(p, '--target'))
    const serverKeyPath = one(p, '--server-key')
    const rulePaths = p.flags.get('--rule-profile') ?? []
    const measuresPath = one(p, '--measures')
    const productsPath = one(p, '--products')
    if (serverKeyPath && !rulePaths.length && !measuresPath && !productsPath)
      throw new CliError(`--server-key needs --rule-profile, --measures or --products; ${USAGE}`)
    const registry = ruleProfilesOf(rulePaths, rulePaths.length ? serverKeyPath : undefined, USAGE)
    let serverKey: PublicKeyInfo | undefined
    if (serverKeyPath) {
      const k = readTrustedKey(serverKeyPath, '--server-key')
      serverKey = { ...k, keyId: keyIdOf(k) }
    }
    const file = await readAssessmentFile(p.positional[0]!, registry)
    const { pinned, profile } = resolveFile(file, registry)

    let measures: PinnedMeasures
    if (measuresPath) {
      try {
        measures = documentFromFile(
          'measures',
          measuresPath,
          readText(measuresPath, '--measures'),
          serverKey,
        )
      } catch (e) {
        if (e instanceof CliError) throw e
        throw new CliError(`--measures ${e instanceof Error ? e.message : String(e)}`)
      }
    } else measures = builtInMeasuresFor(pinned.catalogue.id) ?? MIIT_2024_MEASURES
    if (measures.library.catalogueId !== pinned.catalogue.id)
      throw new CliError(
        `--measures: library '${measures.library.id}' is for catalogue ${measures.library.catalogueId}, the file uses ${pinned.catalogue.id}`,
      )
    let products: { catalogue: ProductCatalogue; sha256: string } | null = null
    if (productsPath) {
      try {
        const d = documentFromFile(
          'products',
          productsPath,
          readText(productsPath, '--products'),
          serverKey,
        )
        products = { catalogue: d.products, sha256: d.sha256 }
      } catch (e) {
        if (e instanceof CliError) throw e
        throw new CliError(`--products ${e instanceof Error ? e.message : String(e)}`)
      }
    }
    const exclude = parseExclude(p.flags.get('--exclude') ?? [], pinned.catalogue)
    const plan = planImprovement({
      pinned,
      profile,
      answers: file.answers,
      scenes: file.scenes,
      target,
      library: measures.library,
      exclude,
    })
    const extra = { enterprise: file.enterprise.name, products }
    io.stdout.write(
      p.bools.has('--json')
        ? JSON.stringify(planJson(plan, extra)) + '\n'
        : planText(plan, pinned.catalogue, {
            enterprise: file.enterprise.name,
            ...(products
              ? { products: (s: PlanStep) => productsForStep(s, products.catalogue) }
              : {}),
            note: measures.library.note,
          }),
    )
    return 0
  },
}
