/**
 * The workspace's keyboard shortcuts, listed once: the 快捷键 help shows this list and
 * useWorkspaceKeys implements it. Moving never uses a letter or a digit — those always mean an
 * option (A–O: Q04 has options J and K) or a scene level (0–4).
 */
export interface Shortcut {
  keys: string[]
  does: string
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: ['↓', '↑'], does: '下一项 / 上一项' },
  {
    keys: ['Alt + ↓', 'Alt + ↑'],
    does: '下一部分 / 上一部分（调研 → 基础 → 管理 → 成效 → 各场景组）',
  },
  { keys: ['PageDown', 'PageUp'], does: '题目区向下 / 向上翻页' },
  { keys: ['A – O'], does: '题目：选中（单选）或勾选 / 取消（多选）该字母的选项' },
  { keys: ['1 – 4'], does: '场景：评定为 一级 – 四级' },
  { keys: ['0'], does: '场景：未达一级' },
  { keys: ['Ctrl + V'], does: '把剪贴板中的截图作为当前条目的佐证材料' },
  { keys: ['?'], does: '打开 / 关闭本帮助' },
]

export const SHORTCUT_NOTE =
  '按键只作用于题目区正在显示的条目；在输入框中打字时、或有对话框打开时不起作用。已完成的评测只能浏览。'
