/**
 * Spawning npm's tools on Windows (issue 15 §2): `npx` is npx.cmd there and goes through the
 * shell (current Node refuses to spawn a .cmd without one: EINVAL); elsewhere nothing changes.
 * The platform is injected; scripts/start.mjs uses exactly these two functions. Running it on
 * Windows can only be reviewed here.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { toolCommand, toolSpawnOptions } from '../../scripts/spawn-options.mjs'

describe('tool spawn options', () => {
  it('win32: npx.cmd through the shell', () => {
    expect(toolCommand('npx', 'win32')).toBe('npx.cmd')
    expect(toolSpawnOptions({ cwd: 'C:\\app', stdio: 'inherit' }, 'win32')).toEqual({
      cwd: 'C:\\app',
      stdio: 'inherit',
      shell: true,
    })
  })

  it('linux and macOS: npx without a shell', () => {
    for (const p of ['linux', 'darwin'] as const) {
      expect(toolCommand('npx', p)).toBe('npx')
      expect(toolSpawnOptions({ cwd: '/app' }, p)).toEqual({ cwd: '/app', shell: false })
    }
  })

  it('start.mjs spawns every npx through these options', () => {
    const src = readFileSync(join(import.meta.dirname, '..', '..', 'scripts', 'start.mjs'), 'utf8')
    expect(src).toContain("const npx = toolCommand('npx')")
    expect(src).not.toMatch(/'npx\.cmd'/)
    // the one helper that runs npx passes toolSpawnOptions
    expect(src).toMatch(
      /function run\(cmd, args, extraEnv = \{\}\) \{\n\s+const r = spawnSync\(\n\s+cmd,\n\s+args,\n\s+toolSpawnOptions\(/,
    )
  })
})
