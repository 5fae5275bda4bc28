/**
 * `npm run assess -- <command> …`: the command-line client of the backend. The commands and the
 * error policy are in cli/run-cli.ts (callable in-process): user errors are one line on stderr
 * with exit code 2, internal errors one line with exit code 1 (the stack only with DL_DEBUG=1).
 */
import { internalErrorText, runCli } from './cli/run-cli'

// An error outside the command's promise (an event emitter's 'error', a timer) ends the run
// with the same one line instead of Node's stack trace.
const onStray = (err: unknown): void => {
  process.stderr.write(internalErrorText(err, process.env))
  process.exit(1)
}
process.on('uncaughtException', onStray)
process.on('unhandledRejection', onStray)

void runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
}).then((code) => {
  process.exitCode = code
})
