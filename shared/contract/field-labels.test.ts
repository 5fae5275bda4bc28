import { describe, expect, it } from 'vitest'
import { api } from './api'
import { FIELD_LABELS, fieldLabels, fieldMessage } from './field-labels'

/** Every object key reachable in a zod (v4) schema. */
function keysOf(schema: unknown, out = new Set<string>(), depth = 0): Set<string> {
  const def = (schema as { _zod?: { def?: Record<string, unknown> } })?._zod?.def
  if (!def || depth > 16) return out
  const inner = (v: unknown) => keysOf(v, out, depth + 1)
  switch (def['type']) {
    case 'object':
      for (const [k, v] of Object.entries(def['shape'] as Record<string, unknown>)) {
        out.add(k)
        inner(v)
      }
      break
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      inner(def['innerType'])
      break
    case 'pipe':
      inner(def['in'])
      inner(def['out'])
      break
    case 'array':
      inner(def['element'])
      break
    case 'union':
      for (const o of def['options'] as unknown[]) inner(o)
      break
    case 'record':
      inner(def['valueType'])
      break
  }
  return out
}

describe('field labels', () => {
  it('name every field of every contract input in Chinese', () => {
    const keys = new Set<string>()
    for (const m of Object.values(api)) keysOf(m.input, keys)
    expect(keys.size).toBeGreaterThan(50)
    const missing = [...keys].filter((k) => FIELD_LABELS[k] === undefined)
    expect(missing).toEqual([])
    for (const [k, v] of Object.entries(FIELD_LABELS))
      if (v !== '') expect(v, k).toMatch(/[\u4e00-\u9fff]/)
  })

  it('say where a nested field is, without repeating what the message names', () => {
    expect(fieldLabels(['experts', 1, 'keyId'])).toEqual(['第 2 位专家', '签名密钥'])
    expect(fieldMessage(['lead', 'name'], '姓名不能为空')).toBe('组长：姓名不能为空')
    expect(fieldMessage(['patch', 'batch'], '试点批次应为 1、2 或 3')).toBe(
      '试点批次应为 1、2 或 3',
    )
    expect(fieldMessage(['experts', 0, 'keyId'], '密钥编号须为 64 位十六进制')).toBe(
      '第 1 位专家 · 签名密钥：密钥编号须为 64 位十六进制',
    )
    expect(fieldMessage(['serverUrl'], '无效输入')).toBe('中心服务地址：无效输入')
  })
})
