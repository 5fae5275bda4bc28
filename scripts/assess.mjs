#!/usr/bin/env node
/**
 * `npm run assess -- <command> …` and the package `bin` (dl-assess): runs the one-file CLI
 * bundle (out/cli/assess.cjs) in this same process, building it first when it is missing or
 * older than its sources (scripts/build-cli.mjs; the check is a few hundred stat calls).
 * `node out/cli/assess.cjs …` runs the same bundle.
 */
import { createRequire } from 'node:module'
import { CLI_BUNDLE, ensureCliBuilt } from './build-cli.mjs'

const why = await ensureCliBuilt()
if (why) process.stderr.write(`(CLI rebuilt: ${why})\n`)

// Loaded as the CommonJS module it is. (A V8 code cache through node:vm was tried and gave no
// measurable gain; a script compiled from that cache also lost its dynamic-import callback, so
// verify-report — PDF.js loads modules with import() — failed from the second run on.)
createRequire(import.meta.url)(CLI_BUNDLE)
