/**
 * The catalogues this build knows, pinned with their content hash (design.md §4).
 * `catalogueHash(c)` = hex SHA-256 of the RFC 8785 canonical JSON of the catalogue.
 */
import { canonicalJson } from '../canonical-json'
import { sha256Hex } from '../hash'
import { MIIT_2024_DATA } from './miit-2024.data'
import type { Catalogue, CatalogueQuestion, CatalogueScene, PinnedCatalogue } from './types'

export type * from './types'

export function catalogueHash(c: Catalogue): string {
  return sha256Hex(canonicalJson(c))
}

export function pinCatalogue(c: Catalogue): PinnedCatalogue {
  return { catalogue: c, hash: catalogueHash(c) }
}

/** 中小企业数字化水平评测指标（2024年版）: Q01–Q15, SC01–SC16. */
export const MIIT_2024: PinnedCatalogue = pinCatalogue(MIIT_2024_DATA)

/** Every catalogue by id. */
export const CATALOGUES: readonly PinnedCatalogue[] = [MIIT_2024]

export function getCatalogue(id: string): PinnedCatalogue | undefined {
  return CATALOGUES.find((p) => p.catalogue.id === id)
}

export function findQuestion(c: Catalogue, id: string): CatalogueQuestion | undefined {
  return c.questions.find((q) => q.id === id)
}

export function findScene(c: Catalogue, id: string): CatalogueScene | undefined {
  return c.scenes.find((s) => s.id === id)
}
