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

/**
 * The MIIT-2024 edition as first shipped: the same texts, options, scores, levels and flags,
 * with the reference's editorial notes inside the data (removed in issue 14, they showed inside
 * the official texts). Assessments, files and bundles that pinned it stay valid
 * (docs/adr/0003-catalogue-without-editorial-notes.md; catalogue.test.ts rebuilds it and checks
 * this hash).
 */
export const MIIT_2024_FIRST_EDITION_HASH =
  '87805e4dc134330840da615379399656da0966122880183b35275ff5b19802d8'

/** 中小企业数字化水平评测指标（2024年版）: Q01–Q15, SC01–SC16. */
export const MIIT_2024: PinnedCatalogue = {
  ...pinCatalogue(MIIT_2024_DATA),
  formerHashes: [MIIT_2024_FIRST_EDITION_HASH],
}

/** True when `hash` identifies this catalogue: its hash or one of its former editions'. */
export function isCatalogueHash(p: PinnedCatalogue, hash: string): boolean {
  return hash === p.hash || (p.formerHashes ?? []).includes(hash)
}

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
