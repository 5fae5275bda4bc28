/**
 * The measures libraries this build knows (issue 13 item 2). The built-in one goes through the
 * same check as a library published by a city (checkMeasuresLibrary), once, at load.
 */
import { getCatalogue } from '../catalogue'
import { MIIT_2024_MEASURES_DATA } from './miit-2024-measures.data'
import { checkMeasuresLibrary } from './measures-schema'
import type { PinnedMeasures } from './types'

function builtIn(raw: unknown): PinnedMeasures {
  const c = checkMeasuresLibrary(raw, getCatalogue)
  if (!c.ok) throw new Error(`built-in measures library: ${c.field}: ${c.message}`)
  return { library: c.library, hash: c.hash }
}

/** 数字化改造措施库（评测指标2024年版通用版） */
export const MIIT_2024_MEASURES: PinnedMeasures = builtIn(MIIT_2024_MEASURES_DATA)

export const BUILT_IN_MEASURES: readonly PinnedMeasures[] = [MIIT_2024_MEASURES]

/** The built-in library for a catalogue. */
export function builtInMeasuresFor(catalogueId: string): PinnedMeasures | undefined {
  return BUILT_IN_MEASURES.find((m) => m.library.catalogueId === catalogueId)
}

export function getBuiltInMeasures(id: string): PinnedMeasures | undefined {
  return BUILT_IN_MEASURES.find((m) => m.library.id === id)
}
