/**
 * An in-process lock per key (here: per SHA-256 of stored content). `run(key, fn)` starts `fn`
 * once every earlier `run` with the same key has settled; different keys never wait for each
 * other. Calls for one key run in the order they were made. Nothing is kept once a key is idle.
 */
export class KeyedLock {
  readonly #tails = new Map<string, Promise<void>>()

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const before = this.#tails.get(key) ?? Promise.resolve()
    let release!: () => void
    const mine = new Promise<void>((r) => (release = r))
    const tail = before.then(() => mine)
    this.#tails.set(key, tail)
    await before
    try {
      return await fn()
    } finally {
      release()
      if (this.#tails.get(key) === tail) this.#tails.delete(key)
    }
  }
}
