/**
 * The 诊断建议 step as a section of the workspace navigator (after the scenes), diagnoses only.
 */
import type { ItemGroup } from '../assessment/items'

export const ADVICE_ITEM = 'advice'

export const ADVICE_GROUP: ItemGroup = {
  id: 'ADVICE',
  title: '诊断建议',
  items: [{ id: ADVICE_ITEM, label: '诊断发现与改造方案', kind: 'step' }],
}

export const adviceGroups = (kind: string | undefined): readonly ItemGroup[] =>
  kind === 'diagnosis' ? [ADVICE_GROUP] : []
