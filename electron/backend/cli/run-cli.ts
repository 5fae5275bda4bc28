/**
 * The dispatch (commands from cli/commands.ts, each loaded when it runs) and the error policy of `npm run assess -- <command> …`, callable in-process
 * (cli.ts only wires it to the real process; tests call `runCli`).
 *
 * - A `CliError` (input the user can fix) is one line on stderr, `error: …`, its exit code (2).
 * - Anything else is a bug or the machine: one line `internal error: …`, exit 1; the stack only
 *   when DL_DEBUG=1.
 * - Everything written goes through `displayWriter`: a line holding a control, bidi or other
 *   unsafe character (from a file name, a flag value, a file's content) is printed escaped
 *   (shared/domain/text/display.ts), so input cannot forge lines or reorder text in a terminal.
 */
import { escapeForDisplay, hasUnsafeDisplayChars } from '../../../shared/domain/text/display'
import { CliError, type CliIo } from './cli-error'
import { COMMANDS } from './commands'

/** The command list; each command's module is loaded only for its summary (and when it runs). */
export async function usage(): Promise<string> {
  const lines: string[] = []
  for (const [name, load] of Object.entries(COMMANDS))
    lines.push(`  ${name.padEnd(13)} ${(await load()).summary}`)
  return ['用法 / usage: npm run assess -- <command> [options]', '', ...lines].join('\n')
}

/** `s` with every line that holds an unsafe character escaped (line breaks kept). */
export function displayLines(s: string): string {
  if (!hasUnsafeDisplayChars(s.replace(/\n/g, ''))) return s
  return s
    .split('\n')
    .map((line) => (hasUnsafeDisplayChars(line) ? escapeForDisplay(line) : line))
    .join('\n')
}

/** A writer that escapes what it passes on (see `displayLines`). */
export function displayWriter(w: CliIo['stdout']): CliIo['stdout'] {
  return { write: (s: string) => w.write(displayLines(s)) }
}

/** One line: the message with every unsafe character (line breaks included) escaped. */
export function oneLine(message: string): string {
  return escapeForDisplay(message.trim())
}

/** What an error that is not a CliError prints: one line, the stack only with DL_DEBUG=1. */
export function internalErrorText(err: unknown, env: CliIo['env']): string {
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err)
  const line = `internal error: ${oneLine(message)}\n`
  return env.DL_DEBUG === '1' && err instanceof Error && err.stack ? line + err.stack + '\n' : line
}

/** Runs one command line; never throws. Returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const safe: CliIo = { stdout: displayWriter(io.stdout), stderr: io.stderr, env: io.env }
  try {
    const [name, ...rest] = argv
    if (!name || name === '--help' || name === '-h' || name === 'help') {
      safe.stdout.write((await usage()) + '\n')
      return name ? 0 : 2
    }
    const nul = argv.findIndex((a) => a.includes('\0'))
    if (nul >= 0) {
      const flag =
        nul > 0 && argv[nul - 1]!.startsWith('-') ? argv[nul - 1]! : `argument ${nul + 1}`
      throw new CliError(`${flag}: contains a NUL byte`)
    }
    const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined
    if (!load)
      throw new CliError(`unknown command '${name}'; known: ${Object.keys(COMMANDS).join(', ')}`)
    const command = await load()
    // `COMMAND --help` or `-h`, anywhere among its arguments: the usage on stdout, exit 0, and
    // nothing else done — for every command here, none handles it itself
    if (rest.includes('--help') || rest.includes('-h')) {
      safe.stdout.write(command.usage + '\n')
      return 0
    }
    return await command.run(rest, { ...safe, stderr: displayWriter(io.stderr) })
  } catch (err) {
    if (err instanceof CliError) {
      io.stderr.write(`error: ${oneLine(err.message)}\n`)
      return err.exitCode
    }
    io.stderr.write(internalErrorText(err, io.env))
    return 1
  }
}
