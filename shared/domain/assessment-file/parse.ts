/**
 * parseAssessmentFile(text): the one entry for `sme-dl-assessment/v1` files. Every error is ONE
 * line that names the field, e.g. `answers.Q02: a single-choice question takes one option key,
 * not a list` or `scenes.SC03: level must be an integer 0–4, got 5`.
 */
import type { z } from 'zod'
import { isCatalogueHash } from '../catalogue'
import type { PinnedCatalogue } from '../catalogue/types'
import { validateUscc } from '../enterprise/uscc'
import { DEFAULT_RULE_PROFILE_ID } from '../levels/rule-profiles'
import { BUILT_IN, type ReferenceRegistry } from '../reference/registry'
import { scoreAssessment } from '../scoring/score-assessment'
import type {
  Answers,
  AssessmentResult,
  RuleProfile,
  SceneJudgements,
  SceneLevel,
} from '../scoring/types'
import { validateAnswer } from '../scoring/validate-answer'
import {
  ASSESSMENT_FORMAT_V1,
  type AssessmentKind,
  type AssessorInfo,
  type EnterpriseInfo,
  type SiteSurvey,
  assessmentFileShape,
} from './schema'

export interface AssessmentFileV1 {
  format: typeof ASSESSMENT_FORMAT_V1
  catalogue: string
  catalogueHash?: string
  /** Defaults to MIIT-2024-default when the file has none. */
  ruleProfile: string
  kind: AssessmentKind
  enterprise: EnterpriseInfo
  assessor?: AssessorInfo
  assessedOn?: string
  answers: Answers
  scenes: SceneJudgements
  /** Per item id (Q01…, SC01…). */
  notes?: Record<string, string>
  /** Form-field values per question id, then per field id (f1…). */
  fields?: Record<string, Record<string, number | string>>
  survey?: SiteSurvey
}

export type ParseResult = { ok: true; value: AssessmentFileV1 } | { ok: false; error: string }

/** Errors stay ONE bounded line whatever the file holds (newlines in keys/values are escaped). */
const MAX_ERROR_CHARS = 1000
function oneLine(s: string): string {
  const escaped = s.replace(/[\r\n\u2028\u2029]/g, (c) =>
    c === '\n' ? '\\n' : c === '\r' ? '\\r' : `\\u${c.charCodeAt(0).toString(16)}`,
  )
  return escaped.length > MAX_ERROR_CHARS ? `${escaped.slice(0, MAX_ERROR_CHARS - 1)}…` : escaped
}

const fail = (error: string): ParseResult => ({ ok: false, error: oneLine(error) })

/** A value as shown in an error: bounded, and safe for any JSON (deep nesting included). */
function show(v: unknown): string {
  if (v === undefined) return 'nothing'
  let s: string
  if (typeof v === 'string') s = `'${v}'`
  else {
    try {
      s = JSON.stringify(v)
    } catch {
      s = Array.isArray(v) ? 'a list' : typeof v
    }
  }
  return s.length > 80 ? `${s.slice(0, 79)}…` : s
}

function firstLine(s: string): string {
  return s.split(/\r?\n/)[0] ?? s
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join('.') || 'file'
}

/** One zod issue as one line, `path: problem`. */
export function formatIssue(issue: z.core.$ZodIssue): string {
  const path = pathOf(issue.path)
  if (issue.code === 'unrecognized_keys')
    return `${path}: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message))
    return `${path}: missing (required, ${issue.expected})`
  if (issue.code === 'invalid_value')
    return `${path}: must be one of ${issue.values.map((v) => show(v)).join(', ')}`
  return `${path}: ${firstLine(issue.message).replace(/^Invalid input: /, '')}`
}

export function parseAssessmentFile(
  text: string,
  registry: ReferenceRegistry = BUILT_IN,
): ParseResult {
  let raw: unknown
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (e) {
    return fail(`file is not valid JSON: ${firstLine(e instanceof Error ? e.message : String(e))}`)
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return fail(`file: expected a JSON object, got ${Array.isArray(raw) ? 'a list' : show(raw)}`)
  const obj = raw as Record<string, unknown>

  if (obj.format !== ASSESSMENT_FORMAT_V1)
    return fail(
      obj.format === undefined
        ? `format: missing; expected '${ASSESSMENT_FORMAT_V1}'`
        : `format: expected '${ASSESSMENT_FORMAT_V1}', got ${show(obj.format)}`,
    )
  const known = registry
    .catalogues()
    .map((c) => c.catalogue.id)
    .join(', ')
  if (typeof obj.catalogue !== 'string')
    return fail(`catalogue: missing or not a string (known: ${known})`)
  const pinned = registry.catalogue(obj.catalogue)
  if (!pinned) return fail(`catalogue: unknown catalogue '${obj.catalogue}' (known: ${known})`)
  if (
    obj.catalogueHash !== undefined &&
    (typeof obj.catalogueHash !== 'string' || !isCatalogueHash(pinned, obj.catalogueHash))
  )
    return fail(
      `catalogueHash: does not match catalogue ${pinned.catalogue.id} of this version (expected ${pinned.hash}, got ${show(obj.catalogueHash)})`,
    )
  const profileId = obj.ruleProfile ?? DEFAULT_RULE_PROFILE_ID
  const profile = typeof profileId === 'string' ? registry.ruleProfile(profileId) : undefined
  if (!profile || profile.catalogueId !== pinned.catalogue.id) {
    const ids = registry
      .ruleProfiles()
      .filter((p) => p.catalogueId === pinned.catalogue.id)
      .map((p) => p.id)
    return fail(
      `ruleProfile: unknown rule profile ${show(profileId)} for ${pinned.catalogue.id} (known: ${ids.join(', ')})`,
    )
  }

  const shaped = assessmentFileShape.safeParse(obj)
  if (!shaped.success) {
    const issue = shaped.error.issues[0]
    return fail(issue ? formatIssue(issue) : 'file: invalid')
  }
  const f = shaped.data
  const proto = protoKeyPath(obj)
  if (proto) return fail(`${proto}: unknown id '__proto__'`)

  const semantic = checkAgainstCatalogue(pinned, f)
  if (typeof semantic === 'string') return fail(semantic)

  if (f.enterprise.uscc !== undefined) {
    const u = validateUscc(f.enterprise.uscc)
    if (!u.ok) return fail(`enterprise.uscc: ${u.message}`)
  }

  const value: AssessmentFileV1 = {
    format: ASSESSMENT_FORMAT_V1,
    catalogue: f.catalogue,
    ruleProfile: profile.id,
    kind: f.kind,
    enterprise: f.enterprise,
    answers: semantic.answers,
    scenes: semantic.scenes,
  }
  if (f.catalogueHash !== undefined) value.catalogueHash = f.catalogueHash
  if (f.assessor !== undefined) value.assessor = f.assessor
  if (f.assessedOn !== undefined) value.assessedOn = f.assessedOn
  if (f.notes !== undefined) value.notes = f.notes
  if (semantic.fields !== undefined) value.fields = semantic.fields
  if (f.survey !== undefined) value.survey = f.survey
  return { ok: true, value }
}

/** zod records drop an own `__proto__` key (JSON.parse keeps it) silently: find it to name it. */
function protoKeyPath(obj: Record<string, unknown>): string | null {
  const hasProto = (o: unknown): boolean =>
    o !== null && typeof o === 'object' && Object.prototype.hasOwnProperty.call(o, '__proto__')
  for (const key of ['answers', 'scenes', 'notes', 'fields'] as const) {
    const rec = obj[key]
    if (hasProto(rec)) return `${key}.__proto__`
    if (key === 'fields' && rec !== null && typeof rec === 'object')
      for (const [qid, values] of Object.entries(rec))
        if (hasProto(values)) return `fields.${qid}.__proto__`
  }
  return null
}

function checkAgainstCatalogue(
  pinned: PinnedCatalogue,
  f: z.infer<typeof assessmentFileShape>,
):
  | string
  | {
      answers: Answers
      scenes: SceneJudgements
      fields?: Record<string, Record<string, number | string>>
    } {
  const c = pinned.catalogue
  const answers: Answers = {}
  for (const [id, value] of Object.entries(f.answers)) {
    const q = c.questions.find((x) => x.id === id)
    if (!q) return `answers.${id}: unknown question id`
    const err = validateAnswer(q, value)
    if (err) return `answers.${err}`
    answers[id] = value as string | string[]
  }
  const scenes: SceneJudgements = {}
  for (const [id, level] of Object.entries(f.scenes)) {
    if (!c.scenes.some((s) => s.id === id)) return `scenes.${id}: unknown scene id`
    if (typeof level !== 'number' || !Number.isInteger(level) || level < 0 || level > 4)
      return `scenes.${id}: level must be an integer 0–4, got ${show(level)}`
    scenes[id] = level as SceneLevel
  }
  for (const id of Object.keys(f.notes ?? {}))
    if (!c.questions.some((q) => q.id === id) && !c.scenes.some((s) => s.id === id))
      return `notes.${id}: unknown item id (expected a question or scene id)`
  let fields: Record<string, Record<string, number | string>> | undefined
  if (f.fields) {
    fields = {}
    for (const [qid, values] of Object.entries(f.fields)) {
      const q = c.questions.find((x) => x.id === qid)
      if (!q) return `fields.${qid}: unknown question id`
      const out: Record<string, number | string> = {}
      for (const [fid, v] of Object.entries(values)) {
        const field = q.formFields.find((x) => x.id === fid)
        if (!field) {
          const ids = q.formFields.map((x) => x.id)
          return `fields.${qid}.${fid}: unknown field id (${ids.length ? `known: ${ids.join(', ')}` : `${qid} has no data-entry fields`})`
        }
        if (field.kind === 'number') {
          if (typeof v !== 'number' || !Number.isFinite(v))
            return `fields.${qid}.${fid}: 「${field.label}」 takes a number, got ${show(v)}`
          if (v < 0) return `fields.${qid}.${fid}: 「${field.label}」 cannot be negative, got ${v}`
        } else if (typeof v !== 'string')
          return `fields.${qid}.${fid}: 「${field.label}」 takes text, got ${show(v)}`
        out[fid] = v as number | string
      }
      fields[qid] = out
    }
  }
  const result: {
    answers: Answers
    scenes: SceneJudgements
    fields?: Record<string, Record<string, number | string>>
  } = { answers, scenes }
  if (fields) result.fields = fields
  return result
}

/** The pinned catalogue and rule profile a parsed file names. */
export function resolveFile(
  file: AssessmentFileV1,
  registry: ReferenceRegistry = BUILT_IN,
): {
  pinned: PinnedCatalogue
  profile: RuleProfile
} {
  const pinned = registry.catalogue(file.catalogue)
  const profile = registry.ruleProfile(file.ruleProfile)
  if (!pinned) throw new Error(`catalogue: unknown catalogue '${file.catalogue}'`)
  if (!profile) throw new Error(`ruleProfile: unknown rule profile '${file.ruleProfile}'`)
  return { pinned, profile }
}

/** Scores a parsed file with the catalogue and rule profile it names. */
export function scoreAssessmentFile(
  file: AssessmentFileV1,
  registry: ReferenceRegistry = BUILT_IN,
): AssessmentResult {
  const { pinned, profile } = resolveFile(file, registry)
  return scoreAssessment(pinned, profile, file.answers, file.scenes)
}
