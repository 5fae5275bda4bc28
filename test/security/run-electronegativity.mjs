/*
 * Runs electronegativity (programmatic API, the CLI's runner) strictly offline and prints one JSON
 * line with the findings. electronegativity fetches translations and Electron release data over the
 * network; here `got` is replaced by a function that refuses, and any socket/DNS use throws, so a
 * scan never leaves the machine. Usage: node run-electronegativity.mjs <input dir> <electron version>
 */
import dns from 'node:dns'
import Module, { createRequire } from 'node:module'
import net from 'node:net'

const requireCjs = createRequire(import.meta.url)

const blocked = []
const refuse = async (url) => {
  blocked.push(String(url))
  throw new Error('offline scan: network disabled')
}
refuse.head = refuse
refuse.get = refuse
const moduleLoad = Module._load
Module._load = function (request, parent, isMain) {
  if (request === 'got') return refuse
  return moduleLoad.call(this, request, parent, isMain)
}
const noNet = () => {
  throw new Error('offline scan: network disabled')
}
net.Socket.prototype.connect = noNet
dns.lookup = noNet

const [input, electronVersion] = process.argv.slice(2)
process.env.LANG = 'en-US'
// Progress bars and banners go to stdout; keep stdout for the JSON result only.
const log = console.log
console.log = (...a) => process.stderr.write(a.join(' ') + '\n')

const run = requireCjs('@doyensec/electronegativity')
run({
  input,
  output: undefined,
  isSarif: false,
  customScan: [],
  // This check downloads Electron's release list; we pin the version instead (-e).
  excludeFromScan: ['availablesecurityfixesglobalcheck'],
  severitySet: undefined,
  confidenceSet: undefined,
  isRelative: true,
  isVerbose: true,
  electronUpgrade: undefined,
  electronVersionOverride: electronVersion,
  parserPlugins: [],
})
  .then((r) => {
    const issues = r.issues.map((i) => ({
      id: i.id,
      severity: i.severity.name,
      confidence: i.confidence.name,
      file: i.file,
      line: i.location ? i.location.line : 0,
      sample: i.sample,
      description: i.description,
      manualReview: Boolean(i.manualReview),
    }))
    const errors = r.errors.map((e) => ({
      file: e.file,
      message: String(e.message || e.error || ''),
    }))
    log(JSON.stringify({ blocked, errors, issues, checks: r.atomicChecks + r.globalChecks }))
  })
  .catch((e) => {
    process.stderr.write(String(e && e.stack ? e.stack : e) + '\n')
    process.exit(1)
  })
