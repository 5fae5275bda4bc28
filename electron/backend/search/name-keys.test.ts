import { describe, expect, it } from 'vitest'
import { nameKeys, pinyinQuery } from './name-keys'

describe('name keys', () => {
  it('toneless syllables and initials; a run of Latin letters and digits is one word, punctuation dropped', () => {
    expect(nameKeys('淇滨电气有限公司')).toEqual({
      namePinyin: 'qi bin dian qi you xian gong si',
      nameInitials: 'qbdqyxgs',
    })
    expect(nameKeys('鹤壁ABC（2号）厂')).toEqual({
      namePinyin: 'he bi abc0000000002 hao chang',
      nameInitials: 'hbahc',
    })
    // the reading of a polyphonic character follows its word; ü is written v
    expect(nameKeys('长城银行').namePinyin).toBe('chang cheng yin hang')
    expect(nameKeys('绿色食品').namePinyin).toBe('lv se shi pin')
    expect(nameKeys('')).toEqual({ namePinyin: '', nameInitials: '' })
  })

  it('sorts syllable by syllable, as a dictionary does', () => {
    const names = ['鹤壁前进电子', '淇滨电气', '安阳钢铁', '鹤壁新材料', '淇县食品']
    const sorted = [...names].sort((a, b) =>
      nameKeys(a).namePinyin < nameKeys(b).namePinyin ? -1 : 1,
    )
    expect(sorted).toEqual(['安阳钢铁', '鹤壁前进电子', '鹤壁新材料', '淇滨电气', '淇县食品'])
    // numbers in natural order
    const key = (s: string) => nameKeys(s).namePinyin
    expect(key('鹤壁2号厂') < key('鹤壁10号厂')).toBe(true)
    // 'qi bin' before 'qian' (a space sorts before every letter)
    expect(nameKeys('淇滨').namePinyin < nameKeys('前').namePinyin).toBe(true)
  })

  it('a search is read as pinyin only when it is letters', () => {
    expect(pinyinQuery(' QBDQ ')).toBe('qbdq')
    expect(pinyinQuery('qi bin')).toBe('qibin')
    expect(pinyinQuery('9141')).toBeNull()
    expect(pinyinQuery('淇滨')).toBeNull()
  })
})
