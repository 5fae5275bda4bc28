/**
 * `npm run assess -- <command> …`: the command-line client of the backend.
 * Each command lives in cli/<command>.ts and exports a `CliCommand`. Errors the user can fix
 * (bad input, missing file) are `CliError`s: one line on stderr, exit code 2, no stack trace.
 */
import { CliError, type CliCommand } from './cli/cli-error'
import { scoreCommand } from './cli/score'
import { keysCommand } from './cli/keys'
import { bundleCommand } from './cli/bundle'
import { verifyCommand } from './cli/verify'
import { importCommand } from './cli/import'
import { syncCommand } from './cli/sync'
import { reportCommand } from './cli/report'
import { verifyReportCommand } from './cli/verify-report'
import { auditCommand } from './cli/audit'
import { backupCommand } from './cli/backup'
import { planCommand } from './cli/plan'

const commands: Record<string, CliCommand> = {
  score: scoreCommand,
  keys: keysCommand,
  bundle: bundleCommand,
  verify: verifyCommand,
  import: importCommand,
  sync: syncCommand,
  report: reportCommand,
  'verify-report': verifyReportCommand,
  audit: auditCommand,
  backup: backupCommand,
  plan: planCommand,
}

function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(13)} ${c.summary}`)
  return ['用法 / usage: npm run assess -- <command> [options]', '', ...lines].join('\n')
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n')
    return name ? 0 : 2
  }
  const command = commands[name]
  if (!command)
    throw new CliError(`unknown command '${name}'; known: ${Object.keys(commands).join(', ')}`)
  return command.run(rest, { stdout: process.stdout, stderr: process.stderr, env: process.env })
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (err: unknown) => {
    if (err instanceof CliError) {
      process.stderr.write(`error: ${err.message}\n`)
      process.exitCode = err.exitCode
    } else {
      process.stderr.write(`internal error: ${err instanceof Error ? err.message : String(err)}\n`)
      process.exitCode = 1
    }
  },
)
