import { describe, expect, it } from 'vitest'
import { coalesce } from './coalesce'

describe('coalesce', () => {
  it('folds the calls made while a run is in progress into one more run', async () => {
    let runs = 0
    let release: () => void = () => undefined
    const reload = coalesce(
      () =>
        new Promise<void>((r) => {
          runs++
          release = r
        }),
    )
    reload()
    for (let i = 0; i < 600; i++) reload()
    expect(runs).toBe(1)
    release()
    await new Promise((r) => setTimeout(r, 0))
    expect(runs).toBe(2) // the 600 calls became one run
    release()
    await new Promise((r) => setTimeout(r, 0))
    expect(runs).toBe(2)
    reload() // idle again: runs at once
    expect(runs).toBe(3)
    release()
  })

  it('a failed run does not stop later ones', async () => {
    let runs = 0
    const reload = coalesce(async () => {
      runs++
      throw new Error('offline')
    })
    reload()
    await new Promise((r) => setTimeout(r, 0))
    reload()
    await new Promise((r) => setTimeout(r, 0))
    expect(runs).toBe(2)
  })
})
