/**
 * Staff passwords: scrypt (RFC 7914) from node:crypto, N = 2^17, r = 8, p = 1, 16-byte salt,
 * 32-byte key. scrypt is memory-hard: each guess needs 128 × N × r = 128 MiB of memory, which
 * makes GPU/ASIC guessing of a stolen hash expensive; these are the OWASP Password Storage Cheat
 * Sheet's minimum scrypt parameters. It ships with Node (no native add-on to build for the
 * server, unlike argon2), and the parameters are stored with each hash so they can be raised later
 * (a stronger hash is written at the next password change).
 */
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto'

export interface ScryptParams {
  N: number
  r: number
  p: number
}

export const STAFF_SCRYPT: ScryptParams = { N: 2 ** 17, r: 8, p: 1 }
const KEY_LEN = 32

function scrypt(password: string, salt: Buffer, p: ScryptParams): Promise<Buffer> {
  const opts: ScryptOptions = { N: p.N, r: p.r, p: p.p, maxmem: 256 * p.N * p.r + 1024 * 1024 }
  return new Promise((resolve, reject) =>
    scryptCb(password.normalize('NFC'), salt, KEY_LEN, opts, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  )
}

/** `scrypt$<log2 N>$<r>$<p>$<salt b64>$<key b64>` */
export async function hashPassword(
  password: string,
  params: ScryptParams = STAFF_SCRYPT,
): Promise<string> {
  const salt = randomBytes(16)
  const key = await scrypt(password, salt, params)
  return `scrypt$${Math.log2(params.N)}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(
    stored,
  )
  if (!m) return false
  const params = { N: 2 ** Number(m[1]), r: Number(m[2]), p: Number(m[3]) }
  const want = Buffer.from(m[5]!, 'base64')
  const got = await scrypt(password, Buffer.from(m[4]!, 'base64'), params)
  return want.length === got.length && timingSafeEqual(want, got)
}

/** A hash of a random password: verified against when the account does not exist, so that an
 * unknown user name takes as long as a wrong password. */
let dummy: Promise<string> | null = null
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString('base64'))
  return dummy
}

/** The rules a new password must meet (CLI and tests). */
export function passwordProblem(password: string, username: string): string | null {
  if (password.length < 12) return '密码至少 12 个字符'
  if (password.length > 256) return '密码不超过 256 个字符'
  if (password.toLowerCase().includes(username.toLowerCase())) return '密码不能包含用户名'
  if (new Set(password).size < 6) return '密码过于简单（不同字符太少）'
  return null
}
