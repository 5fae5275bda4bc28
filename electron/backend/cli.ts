/**
 * `assess` (npm run assess -- <command> …, the package's `bin`): the command-line client of the
 * backend. Built to one file by scripts/build-cli.mjs (out/cli/assess.cjs); the commands are in
 * cli/commands.ts, the dispatch and error handling in cli/run.ts.
 */
import { runCommandLine } from './cli/run'

void runCommandLine(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
}).then((code) => {
  process.exitCode = code
})
