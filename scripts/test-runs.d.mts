export const NODE_RUN_PROJECTS: string[]
export const BROWSER_RUN_PROJECTS: string[]

export interface TestRun {
  name: string
  projects: string[]
  prefix: string
  args: string[]
}

export function workersFromEnv(value: string | undefined): number | null
export function testRuns(options: {
  parallel: boolean
  cores: number
  workers?: number | null
  extra?: string[]
}): TestRun[]

export function tmpfsBase(options: {
  env: NodeJS.ProcessEnv
  platform: NodeJS.Platform
  statfs: (path: string) => {
    type: number | bigint
    bavail: number | bigint
    bsize: number | bigint
  }
}): string | null
