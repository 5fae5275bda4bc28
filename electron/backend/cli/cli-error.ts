/** An error the user can fix: printed as one line, exit code 2 by default. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message)
    this.name = 'CliError'
  }
}

export interface CliIo {
  stdout: { write(s: string): unknown }
  stderr: { write(s: string): unknown }
  env: Record<string, string | undefined>
}

export interface CliCommand {
  summary: string
  /** The command's usage line: `COMMAND --help` prints it to stdout and exits 0. */
  usage: string
  /** Returns the exit code; throws CliError for user errors. */
  run(args: string[], io: CliIo): Promise<number>
}
