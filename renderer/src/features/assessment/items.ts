/**
 * The workspace's items in navigator order: the site-survey record, the scored questions by
 * dimension (基础, 管理, 成效), then the scenes of 数字化经营 by scene group, then any further
 * sections a workflow adds (e.g. a 诊断建议 step: kind 'step'). Pure functions of the catalogue.
 */
import type { Catalogue } from '../../../../shared/domain/catalogue/types'

export interface ItemGroup {
  id: string
  title: string
  items: { id: string; label: string; kind: ItemKind }[]
}
/** 'step': an item of a later workflow section (not a catalogue item); its pane comes with it. */
export type ItemKind = 'survey' | 'question' | 'scene' | 'step'

export function itemGroups(c: Catalogue, extra: readonly ItemGroup[] = []): ItemGroup[] {
  const groups: ItemGroup[] = [
    {
      id: 'S',
      title: '评测信息与现场调研',
      items: [{ id: 'survey', label: '现场调研记录', kind: 'survey' }],
    },
  ]
  for (const d of c.dimensions) {
    if (d.mode !== 'scored') continue
    groups.push({
      id: d.id,
      title: `${d.name}（${d.maxScore ?? ''}分）`,
      items: c.questions
        .filter((q) => q.dimension === d.id)
        .map((q) => ({ id: q.id, label: q.tertiary.name, kind: 'question' as const })),
    })
  }
  for (const g of c.sceneGroups) {
    groups.push({
      id: g.id,
      title: `数字化经营 · ${g.name}`,
      items: c.scenes
        .filter((s) => s.group === g.id)
        .map((s) => ({ id: s.id, label: s.name, kind: 'scene' as const })),
    })
  }
  return [...groups, ...extra]
}

export function itemOrder(groups: readonly ItemGroup[]): string[] {
  return groups.flatMap((g) => g.items.map((i) => i.id))
}

/** The item `step` places away from `current` (clamped at both ends). */
export function stepItem(order: string[], current: string, step: number): string {
  const i = order.indexOf(current)
  const next = Math.min(order.length - 1, Math.max(0, (i < 0 ? 0 : i) + step))
  return order[next] ?? current
}

/** The first item of the section `step` sections away from the one holding `current` (clamped). */
export function stepSection(groups: readonly ItemGroup[], current: string, step: number): string {
  const withItems = groups.filter((g) => g.items.length > 0)
  const at = withItems.findIndex((g) => g.items.some((i) => i.id === current))
  const next = Math.min(withItems.length - 1, Math.max(0, (at < 0 ? 0 : at) + step))
  return withItems[next]?.items[0]?.id ?? current
}
