import { describe, expect, it } from 'vitest'
import { KeyedLock } from './content-lock'

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}

describe('KeyedLock', () => {
  it('runs calls for one key one after another, in call order; other keys do not wait; a failure releases', async () => {
    const lock = new KeyedLock()
    const log: string[] = []
    const gate = deferred()
    const first = lock.run('a', async () => {
      log.push('a1 start')
      await gate.promise
      log.push('a1 end')
      throw new Error('a1 failed')
    })
    const second = lock.run('a', async () => {
      log.push('a2')
      return 2
    })
    const third = lock.run('a', async () => {
      log.push('a3')
      return 3
    })
    await lock.run('b', async () => void log.push('b'))
    expect(log).toEqual(['a1 start', 'b'])
    gate.resolve()
    await expect(first).rejects.toThrow('a1 failed')
    expect(await second).toBe(2)
    expect(await third).toBe(3)
    expect(log).toEqual(['a1 start', 'b', 'a1 end', 'a2', 'a3'])
  })
})
