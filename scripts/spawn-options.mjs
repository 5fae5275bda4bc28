/**
 * Spawning npm's tools from our scripts on every OS (issue 15 §2). On Windows `npx`/`npm` are
 * batch files (npx.cmd): since the fix for CVE-2024-27980 Node refuses to spawn a .cmd/.bat
 * without a shell (EINVAL), so they go through the shell there — and only there. The arguments
 * we pass are plain words (no spaces or quotes), so the shell changes nothing else.
 */

/** `npx` → `npx.cmd` on Windows. */
export function toolCommand(name, platform = process.platform) {
  return platform === 'win32' ? `${name}.cmd` : name
}

/** spawn/spawnSync options for a tool from toolCommand(): a shell on Windows only. */
export function toolSpawnOptions(options = {}, platform = process.platform) {
  return { ...options, shell: platform === 'win32' }
}
