import type { SpawnOptions } from 'node:child_process'

export function toolCommand(name: string, platform?: NodeJS.Platform): string
export function toolSpawnOptions<T extends SpawnOptions>(
  options?: T,
  platform?: NodeJS.Platform,
): T & { shell: boolean }
