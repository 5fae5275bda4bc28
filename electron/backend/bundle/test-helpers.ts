/** Test fixtures for bundles: a real example assessment, real keys, real evidence bytes. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createKeyFile, unlockKeyFile, type KeyFile, type Signer } from '../crypto/keys'
import type { EvidenceFile } from './build'

export const EXAMPLES_DIR = join(import.meta.dirname, '..', '..', '..', 'examples')

export function exampleAssessment(
  name = 'diagnosis-level2-qibin-dianqi.json',
): Record<string, unknown> {
  return JSON.parse(readFileSync(join(EXAMPLES_DIR, name), 'utf8')) as Record<string, unknown>
}

export function testKey(algorithm: 'Ed25519' | 'SM2-SM3' = 'Ed25519'): {
  file: KeyFile
  signer: Signer
} {
  const file = createKeyFile({
    algorithm,
    passphrase: 'test passphrase',
    now: new Date('2026-11-27T00:00:00Z'),
    scrypt: { N: 2 ** 14, r: 8, p: 1 },
  })
  return { file, signer: unlockKeyFile(file, 'test passphrase') }
}

export function evidenceFiles(n: number, seed = 'e', size = 64): EvidenceFile[] {
  return Array.from({ length: n }, (_, i) => {
    const bytes = Buffer.alloc(size + i)
    for (let j = 0; j < bytes.length; j++) bytes[j] = (j * 31 + i * 7 + seed.charCodeAt(0)) & 255
    bytes.write(`${seed}-${i}`, 0)
    return {
      bytes,
      name: `Q0${(i % 9) + 1}-现场照片-${i}.jpg`,
      itemId: `Q0${(i % 9) + 1}`,
      mime: 'image/jpeg',
    }
  })
}
