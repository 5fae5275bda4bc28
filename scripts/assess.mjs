#!/usr/bin/env node
/**
 * `npm run assess -- <command> …` and the package `bin` (dl-assess): runs the one-file CLI
 * bundle (out/cli/assess.cjs) in this same process, building it first when it is missing or
 * older than its sources (scripts/build-cli.mjs; the check is a few hundred stat calls).
 *
 * Start-up: compiling the 1.4 MB bundle is most of a cold start on Node 20 (which has no
 * module compile cache), so the bundle is run through vm.Script with V8's code cache in
 * out/cli/assess.cjs.<node version>.v8cache (made after the first run; V8 rejects a cache that
 * does not match the source or the Node build, and then the bundle is simply compiled).
 * `node out/cli/assess.cjs …` runs the same bundle without the cache.
 */
// a cache file, not user data: a plain rename is enough (a torn cache is rejected by V8)
// eslint-disable-next-line no-restricted-syntax
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire, Module } from 'node:module'
import { dirname } from 'node:path'
import vm from 'node:vm'
import { CLI_BUNDLE, ensureCliBuilt } from './build-cli.mjs'

const why = await ensureCliBuilt()
if (why) process.stderr.write(`(CLI rebuilt: ${why})\n`)

const cacheFile = `${CLI_BUNDLE}.${process.version}.v8cache`
const source = readFileSync(CLI_BUNDLE, 'utf8').replace(/^#!.*/, '')
const cachedData = !why && existsSync(cacheFile) ? readFileSync(cacheFile) : undefined
const script = new vm.Script(Module.wrap(source), {
  filename: CLI_BUNDLE,
  ...(cachedData ? { cachedData } : {}),
  importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
})
const mod = { exports: {}, filename: CLI_BUNDLE, id: CLI_BUNDLE }
script
  .runInThisContext()
  .call(mod.exports, mod.exports, createRequire(CLI_BUNDLE), mod, CLI_BUNDLE, dirname(CLI_BUNDLE))

if (!cachedData || script.cachedDataRejected) {
  // after the command ran: the cache then also holds the functions it compiled lazily
  process.once('beforeExit', () => {
    try {
      const tmp = `${cacheFile}.${process.pid}.tmp`
      writeFileSync(tmp, script.createCachedData())
      renameSync(tmp, cacheFile)
    } catch {
      rmSync(`${cacheFile}.${process.pid}.tmp`, { force: true })
    }
  })
}
