/** A small flag parser for the key, bundle, verify and import commands. */
import { CliError } from './cli-error'

export interface ParsedFlags {
  positional: string[]
  flags: Map<string, string[]>
  bools: Set<string>
}

/**
 * `spec` maps each flag (with its aliases) to 'value' (takes the next argument, may repeat) or
 * 'bool'. Unknown flags are a CliError naming them.
 */
export function parseFlags(
  args: string[],
  spec: Record<string, 'value' | 'bool'>,
  aliases: Record<string, string> = {},
  usage = '',
): ParsedFlags {
  const out: ParsedFlags = { positional: [], flags: new Map(), bools: new Set() }
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (!a.startsWith('-') || a === '-') {
      out.positional.push(a)
      continue
    }
    let name = a
    let inline: string | undefined
    const eq = a.indexOf('=')
    if (a.startsWith('--') && eq > 0) {
      name = a.slice(0, eq)
      inline = a.slice(eq + 1)
    }
    name = aliases[name] ?? name
    const kind = spec[name]
    if (!kind) throw new CliError(`unknown option ${name}${usage ? `; ${usage}` : ''}`)
    if (kind === 'bool') {
      out.bools.add(name)
      continue
    }
    const v = inline ?? args[++i]
    if (v === undefined || (inline === undefined && v.startsWith('--')))
      throw new CliError(`${name}: needs a value${usage ? `; ${usage}` : ''}`)
    out.flags.set(name, [...(out.flags.get(name) ?? []), v])
  }
  return out
}

export function one(p: ParsedFlags, name: string): string | undefined {
  const v = p.flags.get(name)
  if (v && v.length > 1) throw new CliError(`${name}: given more than once`)
  return v?.[0]
}

export function required(p: ParsedFlags, name: string, usage: string): string {
  const v = one(p, name)
  if (v === undefined) throw new CliError(`${name}: required; ${usage}`)
  return v
}

/** The passphrase from the environment variable named by --pass-env. */
export function passphraseFrom(
  p: ParsedFlags,
  env: Record<string, string | undefined>,
  usage: string,
): string {
  const name = required(p, '--pass-env', usage)
  const v = env[name]
  if (v === undefined || v === '')
    throw new CliError(`--pass-env: environment variable ${name} is not set`)
  return v
}
