import type { ThemeConfig } from 'antd'

export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1f5fbf',
    borderRadius: 6,
    fontFamily:
      "-apple-system, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', sans-serif",
    fontSize: 14,
  },
  components: {
    Table: { headerBg: '#f6f8fb' },
  },
}

/**
 * The system's "reduce motion" setting (Windows: 设置 → 辅助功能 → 视觉效果 → 动画效果 off)
 * turns antd's animations off: dialogs, drawers and messages appear and go at once. The e2e
 * suites run Chromium with it (test/e2e/harness.ts), so no click lands on a dialog still
 * zooming in.
 */
export function prefersReducedMotion(): boolean {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function'
    ? window.matchMedia('(prefers-reduced-motion: reduce)').matches
    : false
}

/** `theme` with antd's motion off when the system asks for reduced motion. */
export function themeFor(reducedMotion: boolean): ThemeConfig {
  return reducedMotion ? { ...theme, token: { ...theme.token, motion: false } } : theme
}
