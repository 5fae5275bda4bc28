/**
 * PDF.js for Node, loaded without changing the process's built-ins.
 *
 * The legacy build (the one that runs on Node 20) carries core-js, which on import REPLACES
 * native built-ins with JavaScript versions: on Node 20 `Array.prototype.push`, `JSON.parse`,
 * `JSON.stringify` and `Function.prototype.toString` (listed by comparing every built-in before
 * and after the import, 2026-12-07). Every later push and every JSON call of the process then
 * runs through core-js: JSON-heavy work after a verify-report ran several times slower. PDF.js
 * needs none of these replacements (they add JSON.rawJSON and source-text access, which it does
 * not use), so they are put back; what core-js ADDS where Node 20 lacks it (Promise.withResolvers,
 * Uint8Array.prototype.toHex, Map.prototype.getOrInsert…) stays, because PDF.js uses it.
 *
 * The worker module is imported here too: it sets `globalThis.pdfjsWorker`, so PDF.js parses on
 * this thread through it ("fake worker") instead of importing it, with its own copy of core-js,
 * at the first getDocument.
 */
import type * as PdfJsModule from 'pdfjs-dist/legacy/build/pdf.mjs'

type PdfJs = typeof PdfJsModule

let loading: Promise<PdfJs> | undefined

export function loadPdfjs(): Promise<PdfJs> {
  loading ??= (async () => {
    const natives = nativeMethods()
    try {
      const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs')
      await import('pdfjs-dist/legacy/build/pdf.worker.mjs')
      return pdfjs
    } finally {
      restoreReplaced(natives)
    }
  })().catch((e: unknown) => {
    loading = undefined
    throw e
  })
  return loading
}

interface NativeMethod {
  owner: object
  key: string | symbol
  descriptor: PropertyDescriptor
}

/**
 * Every method (a data property holding a function) of the global object's built-in objects
 * and constructors and of their prototypes. Accessors are left out: Node defines some globals
 * as lazy getters that turn into values on first use, which is not a replacement.
 */
export function nativeMethods(): NativeMethod[] {
  const owners = new Set<object>()
  for (const d of Object.values(Object.getOwnPropertyDescriptors(globalThis))) {
    const v: unknown = d.value
    if ((typeof v !== 'function' && typeof v !== 'object') || v === null) continue
    owners.add(v)
    const proto: unknown = (v as { prototype?: unknown }).prototype
    if (typeof proto === 'object' && proto !== null) owners.add(proto)
  }
  // %TypedArray% and its prototype are not globals
  const typedArray = Object.getPrototypeOf(Uint8Array) as object
  owners.add(typedArray)
  owners.add(Object.getPrototypeOf(Uint8Array.prototype) as object)
  const found: NativeMethod[] = []
  for (const owner of owners) {
    for (const key of Reflect.ownKeys(owner)) {
      const descriptor = Object.getOwnPropertyDescriptor(owner, key)
      if (descriptor && typeof descriptor.value === 'function')
        found.push({ owner, key, descriptor })
    }
  }
  return found
}

/** Puts back each method that now holds another function; returns what it put back. */
export function restoreReplaced(natives: NativeMethod[]): string[] {
  const restored: string[] = []
  for (const { owner, key, descriptor } of natives) {
    const now = Object.getOwnPropertyDescriptor(owner, key)
    if (now && Object.is(now.value, descriptor.value)) continue
    // built-in methods are configurable (ECMAScript §18); a frozen one would throw here
    Object.defineProperty(owner, key, descriptor)
    restored.push(String(key))
  }
  return restored
}
