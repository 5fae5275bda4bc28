/**
 * The whole command line as a function: `runCommandLine(argv, io)` → exit code. It never exits
 * the process and writes only to `io`, so tests run the CLI in-process (cli/test-cli.ts
 * `runCli`) and cli.ts (the bundled `assess` entry) is three lines around it.
 * Errors the user can fix are `CliError`s: one line on stderr, exit code 2 (or the error's own),
 * no stack trace; anything else is "internal error: …", exit 1.
 */
import { CliError, type CliIo } from './cli-error'
import { COMMANDS } from './commands'

async function usage(): Promise<string> {
  const lines: string[] = []
  for (const [name, load] of Object.entries(COMMANDS))
    lines.push(`  ${name.padEnd(8)} ${(await load()).summary}`)
  return ['用法 / usage: npm run assess -- <command> [options]', '', ...lines].join('\n')
}

async function dispatchCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write((await usage()) + '\n')
    return name ? 0 : 2
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined
  if (!load)
    throw new CliError(`unknown command '${name}'; known: ${Object.keys(COMMANDS).join(', ')}`)
  return (await load()).run(rest, io)
}

export async function runCommandLine(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await dispatchCommand(argv, io)
  } catch (err) {
    if (err instanceof CliError) {
      io.stderr.write(`error: ${err.message}\n`)
      return err.exitCode
    }
    io.stderr.write(`internal error: ${err instanceof Error ? err.message : String(err)}\n`)
    return 1
  }
}
