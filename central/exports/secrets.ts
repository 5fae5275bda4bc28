/**
 * Secrets that must never leave in an export (issue 16 §3): an assessor may have typed a system
 * account's password into a note, a form field, the survey, a dossier reason or a text file of
 * evidence ("ERP 管理员 admin，密码：…"). Signed bundles cannot be edited without breaking their
 * signature, so a bundle where such a value is found is left out of the archive, and the index
 * names the field (never the value).
 */

/** A credential word followed by a value: 密码：xxx, 口令=xxx, password: xxx, token xxx … */
const SECRET =
  /(密码|口令|密钥|pass(?:word|wd)?|pwd|secret|token|api[\s_-]?key|private[\s_-]?key)\s*(?:[:：=＝]|是|为)\s*\S{3,}/i
const PEM_PRIVATE = /-----BEGIN (?:[A-Z0-9 ]+ )?PRIVATE KEY-----/

export function looksSecret(text: string): boolean {
  return SECRET.test(text) || PEM_PRIVATE.test(text)
}

/** The paths of string values that look like a secret, e.g. `assessment.notes.Q01`. */
export function secretPaths(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return looksSecret(value) ? [path] : []
  if (Array.isArray(value)) return value.flatMap((v, i) => secretPaths(v, `${path}[${i}]`))
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => secretPaths(v, path ? `${path}.${k}` : k))
  return []
}

export const TEXT_MIMES: ReadonlySet<string> = new Set([
  'text/plain',
  'text/csv',
  'application/json',
])
