#!/usr/bin/env node
/**
 * A stand-in for an unpacked Electron directory (toolchain.md, "Packing without network"): what
 * electron-builder --dir copies as the app's shell — an executable `electron`, a `version`
 * file (Electron's version from node_modules), empty licence files and empty resources/ and
 * locales/. Enough to pack the app and check what the package carries, not to run it.
 *
 *   node scripts/electron-standin.mjs DIR    → creates DIR, prints its path
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

export function makeElectronStandIn(dir) {
  const d = resolve(dir)
  for (const sub of ['resources', 'locales']) mkdirSync(join(d, sub), { recursive: true })
  const version = JSON.parse(
    readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8'),
  ).version
  writeFileSync(join(d, 'version'), version)
  for (const exe of ['electron', 'electron.exe']) {
    writeFileSync(join(d, exe), '#!/bin/sh\necho "stand-in Electron: cannot run"\nexit 1\n')
    chmodSync(join(d, exe), 0o755)
  }
  for (const f of ['LICENSE', 'LICENSES.chromium.html']) writeFileSync(join(d, f), '')
  return d
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = process.argv[2]
  if (!dir) {
    process.stderr.write('usage: node scripts/electron-standin.mjs DIR\n')
    process.exit(2)
  }
  process.stdout.write(makeElectronStandIn(dir) + '\n')
}
