export interface Sink {
  stdout: { write(s: string): unknown }
  stderr: { write(s: string): unknown }
}

export interface Job {
  name: string
  /** an npm tool (npx, npm; npx.cmd through the shell on Windows) or `node` */
  tool: string
  args: string[]
  cwd: string
  /** stream the output live with this line prefix */
  prefix?: string
  /** hold the output back and print it in one piece after every job has ended */
  hold?: boolean
  label: string
  sink?: Sink
  /** start only when this settles (side by side: the others run meanwhile) */
  startAfter?: Promise<unknown>
  /** told the exit code when the job has ended */
  onEnd?: (code: number) => void
}

export function prefixed(
  out: Sink['stdout'],
  prefix: string,
): { write(chunk: Buffer | string): void; end(): void }
export function forwardSignals(): void
export function wasInterrupted(): boolean
export function runJob(job: Job): Promise<{ code: number; status: string; held: string }>
export function runJobs(
  jobs: Job[],
  options: { parallel: boolean; stopOnFailure?: boolean },
): Promise<number>
export function countdown(count: number): { opened: Promise<void>; tick(): void }
