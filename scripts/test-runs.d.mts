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
