/**
 * Generates shared/domain/catalogue/miit-2024.data.ts from the research reference
 * ../shared/reference/indicators-2024.json (or the path given as the first argument).
 *
 *   npx tsx scripts/generate-catalogue.ts [path/to/indicators-2024.json]
 *
 * Texts are copied verbatim; only the shape changes (see shared/domain/catalogue/types.ts).
 * The reference's editorial notes (source comparisons, open questions: `note`, `conflict`,
 * `text_variant`, `levels_order_conflict`) are NOT copied: they stay in the reference documents
 * and never reach a screen or a report (issue 14; docs/adr/0003-catalogue-without-editorial-notes.md).
 * The output is deterministic: running it twice gives the same bytes and the same catalogue hash.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type {
  Catalogue,
  CatalogueDimension,
  CatalogueFormField,
  CatalogueQuestion,
  CatalogueScene,
  CatalogueSceneGroup,
  DimensionId,
  ScoredDimensionId,
} from '../shared/domain/catalogue/types'

interface RefOption {
  key: string
  text: string
  score: number
  exclusive?: boolean
  note?: string
  conflict?: string
}
interface RefItem {
  id: string
  text: string
  text_variant?: string
  answer_type: 'single' | 'multi'
  max_score: number
  options: RefOption[]
  form_fields: string[]
  definition?: string
  note?: string
  evidence_suggestions?: { items: string[] }
}
interface RefTertiary {
  id: string
  name: string
  items: RefItem[]
}
interface RefSecondary {
  id: string
  name: string
  name_en: string
  max_score: number
  tertiary: RefTertiary[]
}
interface RefScene {
  id: string
  name: string
  name_en: string
  levels: { level: number; text: string }[]
  constraint_flags: { platform_sceneType_1: boolean }
  levels_order_conflict?: string
}
interface RefGroup {
  id: string
  name: string
  name_en: string
  scenes: RefScene[]
}
interface RefDimension {
  id: DimensionId
  name: string
  name_en: string
  evaluation_mode: 'scored' | 'scenario_level'
  max_score: number | null
  secondary?: RefSecondary[]
  groups?: RefGroup[]
}
interface Reference {
  documents: { indicators: { name: string; issued_with: string; date: string } }
  dimensions: RefDimension[]
}

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..')

/** 「其中生产设备数量为（台）」 → number field with unit 台; a label without a unit is free text. */
export function formField(label: string, index: number): CatalogueFormField {
  const m = /（([^（）]+)）$/.exec(label)
  const field: CatalogueFormField = { id: `f${index + 1}`, label, kind: m ? 'number' : 'text' }
  if (m?.[1]) field.unit = m[1]
  return field
}

export function buildCatalogue(ref: Reference): Catalogue {
  const dimensions: CatalogueDimension[] = []
  const sceneGroups: CatalogueSceneGroup[] = []
  const questions: CatalogueQuestion[] = []
  const scenes: CatalogueScene[] = []
  for (const d of ref.dimensions) {
    const scored = d.evaluation_mode === 'scored'
    dimensions.push({
      id: d.id,
      name: d.name,
      nameEn: d.name_en,
      mode: scored ? 'scored' : 'scene_level',
      maxScore: scored ? d.max_score : null,
      secondaries: (d.secondary ?? []).map((s) => ({
        id: s.id,
        name: s.name,
        nameEn: s.name_en,
        maxScore: s.max_score,
      })),
    })
    for (const s of d.secondary ?? []) {
      for (const t of s.tertiary) {
        for (const it of t.items) {
          const q: CatalogueQuestion = {
            id: it.id,
            dimension: d.id as ScoredDimensionId,
            secondary: s.id,
            tertiary: { id: t.id, name: t.name },
            text: it.text,
            type: it.answer_type,
            maxScore: it.max_score,
            options: it.options.map((o) => {
              const opt: Catalogue['questions'][number]['options'][number] = {
                key: o.key,
                text: o.text,
                score: o.score,
              }
              if (o.exclusive) opt.exclusive = true
              return opt
            }),
            formFields: it.form_fields.map(formField),
            evidenceSuggestions: it.evidence_suggestions?.items ?? [],
          }
          if (it.definition) q.definition = it.definition
          questions.push(q)
        }
      }
    }
    for (const g of d.groups ?? []) {
      sceneGroups.push({ id: g.id, name: g.name, nameEn: g.name_en })
      for (const sc of g.scenes) {
        const byLevel = [1, 2, 3, 4].map((n) => {
          const l = sc.levels.find((x) => x.level === n)
          if (!l) throw new Error(`${sc.id}: level ${n} text missing`)
          return l.text
        })
        const scene: CatalogueScene = {
          id: sc.id,
          name: sc.name,
          nameEn: sc.name_en,
          group: g.id,
          levels: byLevel as [string, string, string, string],
          platformConstrained: sc.constraint_flags.platform_sceneType_1,
        }
        scenes.push(scene)
      }
    }
  }
  questions.sort((a, b) => a.id.localeCompare(b.id))
  scenes.sort((a, b) => a.id.localeCompare(b.id))
  return {
    id: 'MIIT-2024',
    title: ref.documents.indicators.name,
    issuedWith: ref.documents.indicators.issued_with,
    version: ref.documents.indicators.date,
    dimensions,
    sceneGroups,
    questions,
    scenes,
  }
}

function main(): void {
  const src = resolve(
    process.argv[2] ?? join(root, '..', 'shared', 'reference', 'indicators-2024.json'),
  )
  const ref = JSON.parse(readFileSync(src, 'utf8')) as Reference
  const catalogue = buildCatalogue(ref)
  const out = join(root, 'shared', 'domain', 'catalogue', 'miit-2024.data.ts')
  const header = [
    '// GENERATED FILE: do not edit by hand.',
    '// Generated by `npx tsx scripts/generate-catalogue.ts` from the research reference',
    `// ${relative(root, src).replace(/\\/g, '/')} (texts verbatim; see scripts/generate-catalogue.ts).`,
    '// The catalogue is identified by catalogueHash() = SHA-256 of its RFC 8785 canonical JSON.',
    "import type { Catalogue } from './types'",
    '',
    `export const MIIT_2024_DATA: Catalogue = ${JSON.stringify(catalogue, null, 2)}`,
    '',
  ].join('\n')
  writeFileSync(out, header)
  process.stdout.write(
    `wrote ${relative(root, out)}: ${catalogue.questions.length} questions, ${catalogue.scenes.length} scenes\n`,
  )
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main()
