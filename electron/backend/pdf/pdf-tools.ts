/**
 * Thin wrappers around the outside PDF verifiers (poppler-utils, qpdf, openssl) used by the
 * tests and the bench. They never throw on a tool's "invalid" verdict: they return its output.
 */
import { spawnSync } from 'node:child_process'

export interface ToolRun {
  code: number
  stdout: string
  stderr: string
}

export function runTool(cmd: string, args: string[], input?: Uint8Array): ToolRun {
  const r = spawnSync(cmd, args, { input, encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 })
  if (r.error) throw new Error(`${cmd} could not run: ${r.error.message}`)
  return {
    code: r.status ?? -1,
    stdout: r.stdout.toString('utf8'),
    stderr: r.stderr.toString('utf8'),
  }
}

/** The signature region of the last signature: ByteRange and the CMS bytes (padding removed). */
export function extractSignature(pdf: Uint8Array): {
  byteRange: [number, number, number, number]
  cms: Buffer
  signedContent: Buffer
} {
  const buf = Buffer.from(pdf)
  const text = buf.toString('latin1')
  const matches = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)]
  const m = matches[matches.length - 1]
  if (!m) throw new Error('no /ByteRange in the PDF')
  const [a, b, c, d] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number]
  const hex = text.slice(a + b + 1, c - 1)
  let cms = Buffer.from(hex, 'hex')
  // DER length of the outer SEQUENCE tells where the padding starts.
  if (cms[0] === 0x30 && cms[1] !== undefined && cms[1] & 0x80) {
    const n = cms[1] & 0x7f
    let len = 0
    for (let i = 0; i < n; i++) len = len * 256 + cms[2 + i]!
    cms = cms.subarray(0, 2 + n + len)
  }
  return {
    byteRange: [a, b, c, d],
    cms,
    signedContent: Buffer.concat([buf.subarray(a, a + b), buf.subarray(c, c + d)]),
  }
}
