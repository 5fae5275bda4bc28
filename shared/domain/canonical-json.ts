/**
 * Canonical JSON (RFC 8785, JSON Canonicalization Scheme): sorted keys, no whitespace, ECMAScript
 * number serialisation. The bytes that hashes and signatures are computed over.
 */
import canonicalize from 'canonicalize'

/** RFC 8785 canonical JSON text of `value`. Throws for values JSON cannot hold (undefined, NaN, ∞). */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value)
  if (text === undefined) throw new Error('canonicalJson: value has no JSON representation')
  return text
}
