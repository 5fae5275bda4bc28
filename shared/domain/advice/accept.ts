/**
 * Accepting a computed plan: the planner's steps become the assessor's editable plan, each
 * library measure a suggested measure (its actions joined as the editable text, its indicative
 * cost and duration kept, no investment estimate yet) and the matching products of the city's
 * catalogue (at most `maxProducts` per step, cheapest first) suggested products. Pure.
 */
import { entryKey } from '../plan/measures-schema'
import { productsForStep, type ProductCatalogue } from '../plan/products'
import type { ImprovementPlan } from '../plan/types'
import type { AcceptedPlan } from './types'

export function acceptPlan(
  plan: ImprovementPlan,
  opts: {
    products: { catalogue: ProductCatalogue; sha256: string } | null
    acceptedAt: string
    newId: () => string
    maxProducts?: number
  },
): AcceptedPlan {
  const max = opts.maxProducts ?? 3
  return {
    target: plan.target,
    measures: plan.measures,
    products: opts.products
      ? { id: opts.products.catalogue.id, sha256: opts.products.sha256 }
      : null,
    acceptedAt: opts.acceptedAt,
    steps: plan.steps.map((s) => ({
      item: s.item,
      kind: s.kind,
      ...(s.answer !== undefined ? { answer: s.answer } : {}),
      ...(s.level !== undefined ? { level: s.level } : {}),
      before: s.before,
      gain: s.gain,
      ...(s.constrained !== undefined ? { constrained: s.constrained } : {}),
      measures: s.measures.map((m) => ({
        id: opts.newId(),
        source: 'suggested' as const,
        entryKey: entryKey(m.item, m.option ?? m.level ?? ''),
        title: m.title,
        text: m.actions.join('；'),
        costYuan: { ...m.costYuan },
        weeks: { ...m.weeks },
        investmentFen: null,
      })),
      products: opts.products
        ? productsForStep(s, opts.products.catalogue)
            .slice(0, max)
            .map((p) => ({
              source: 'suggested' as const,
              code: p.code,
              name: p.name,
              provider: p.provider,
              priceYuan: { ...p.priceYuan },
            }))
        : [],
    })),
  }
}
