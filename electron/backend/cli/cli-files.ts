/**
 * Files named on the command line, read and written with one-line CliErrors that name the flag
 * (issue 12 item 1): a missing file, a directory, a FIFO or device (which would block), a file
 * larger than the command reads, a path with a NUL byte, an output that exists or cannot be
 * written. Sizes are checked with stat before anything is read.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync, type Stats } from 'node:fs'
import { CliError } from './cli-error'

const MiB = 1024 * 1024
/** Assessment files, rule profiles, measures and product catalogues. */
export const MAX_JSON_BYTES = 64 * MiB
/** Key files, PEMs, .p12 files. */
export const MAX_KEY_BYTES = 1 * MiB
/** .dlbundle files: what one read can hold (2 GiB − 1, Node's limit for one buffer). */
export const MAX_BUNDLE_FILE_BYTES = 2 * 1024 * MiB - 1

function prefix(flag: string): string {
  return flag ? `${flag}: ` : ''
}

function checkPath(flag: string, path: string): void {
  if (path === '') throw new CliError(`${prefix(flag)}empty path`)
  if (path.includes('\0')) throw new CliError(`${prefix(flag)}the path contains a NUL byte`)
}

function errnoReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'file not found'
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'ENAMETOOLONG':
      return 'file name too long'
    case 'ELOOP':
      return 'too many symbolic links'
    case 'EISDIR':
      return 'is a directory'
    case 'EEXIST':
      return 'already exists'
    case 'ENOSPC':
      return 'disk full'
    case 'EROFS':
      return 'read-only file system'
    default:
      return `cannot access (${code ?? (e instanceof Error ? e.message.split('\n')[0] : String(e))})`
  }
}

/** stat of an input file: a regular file, at most `max` bytes. */
export function inputStat(flag: string, path: string, max: number): Stats {
  checkPath(flag, path)
  let st: Stats
  try {
    st = statSync(path)
  } catch (e) {
    throw new CliError(`${prefix(flag)}${errnoReason(e)}: ${path}`)
  }
  if (st.isDirectory()) throw new CliError(`${prefix(flag)}${path} is a directory, not a file`)
  if (!st.isFile())
    throw new CliError(`${prefix(flag)}${path} is not a regular file (device, FIFO or socket)`)
  if (st.size > max)
    throw new CliError(
      `${prefix(flag)}${path} is ${st.size} bytes; this command reads at most ${max}`,
    )
  return st
}

/** The bytes of an input file (see `inputStat`). `flag` '' for a positional file. */
export function readInputBytes(flag: string, path: string, max: number): Buffer {
  inputStat(flag, path, max)
  try {
    return readFileSync(path)
  } catch (e) {
    throw new CliError(`${prefix(flag)}cannot read ${path}: ${errnoReason(e)}`)
  }
}

/** An input text file as UTF-8 (a BOM is dropped). */
export function readInputText(flag: string, path: string, max = MAX_JSON_BYTES): string {
  return readInputBytes(flag, path, max)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
}

/** Writes an output file; `exclusive`: an existing file is an error, never overwritten. */
export function writeOutput(
  flag: string,
  path: string,
  data: string | Uint8Array,
  opts: { exclusive?: boolean; mode?: number } = {},
): void {
  checkPath(flag, path)
  try {
    writeFileSync(path, data, {
      flag: opts.exclusive ? 'wx' : 'w',
      ...(opts.mode !== undefined ? { mode: opts.mode } : {}),
    })
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST')
      throw new CliError(`${prefix(flag)}${path} already exists; not overwritten`)
    throw new CliError(`${prefix(flag)}cannot write ${path}: ${errnoReason(e)}`)
  }
}

/** Makes a directory (and its parents) for output; a file in the way is an error. */
export function ensureDir(flag: string, path: string): void {
  checkPath(flag, path)
  try {
    mkdirSync(path, { recursive: true })
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new CliError(
      `${prefix(flag)}cannot make the directory ${path}: ${code === 'EEXIST' || code === 'ENOTDIR' ? 'a file is in the way' : errnoReason(e)}`,
    )
  }
  let st: Stats
  try {
    st = statSync(path)
  } catch (e) {
    throw new CliError(`${prefix(flag)}${errnoReason(e)}: ${path}`)
  }
  if (!st.isDirectory()) throw new CliError(`${prefix(flag)}${path} is not a directory`)
}
