/**
 * The import boundaries of design.md §2 are enforced by eslint.config.js. These fixtures must
 * fail (and their allowed counterparts pass), so a rule that silently stops matching is caught.
 */
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint()

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message)
}

const violations: [string, string, string][] = [
  [
    'shared importing node:fs',
    'shared/domain/x.ts',
    "import { readFileSync } from 'node:fs'\nexport const a = readFileSync",
  ],
  [
    'shared importing a DB driver',
    'shared/domain/x.ts',
    "import Database from 'better-sqlite3'\nexport const a = Database",
  ],
  [
    'shared importing electron',
    'shared/contract/x.ts',
    "import { app } from 'electron'\nexport const a = app",
  ],
  [
    'shared importing React',
    'shared/domain/x.ts',
    "import { useState } from 'react'\nexport const a = useState",
  ],
  [
    'shared importing the backend',
    'shared/domain/x.ts',
    "import { a } from '../../electron/backend/dispatch'\nexport const b = a",
  ],
  [
    'renderer importing the backend',
    'renderer/src/x.ts',
    "import { a } from '../../electron/backend/dispatch'\nexport const b = a",
  ],
  [
    'renderer importing node:path',
    'renderer/src/x.ts',
    "import { join } from 'node:path'\nexport const b = join",
  ],
  [
    'backend importing electron',
    'electron/backend/x.ts',
    "import { app } from 'electron'\nexport const b = app",
  ],
  [
    'console UI importing central',
    'console/src/pages/x.tsx',
    "import { a } from '../../../central/console/state'\nexport const b = a",
  ],
  [
    'console UI importing node:fs',
    'console/src/x.ts',
    "import { readFileSync } from 'node:fs'\nexport const b = readFileSync",
  ],
  [
    'console UI importing the renderer',
    'console/src/x.ts',
    "import { a } from '../../renderer/src/api'\nexport const b = a",
  ],
  [
    'central importing the console UI',
    'central/console/x.ts',
    "import { a } from '../../console/src/api'\nexport const b = a",
  ],
  [
    'the shared Node helpers importing the desktop backend',
    'node/x.ts',
    "import { a } from '../electron/backend/dispatch'\nexport const b = a",
  ],
  [
    'the shared Node helpers importing central',
    'node/x.ts',
    "import { a } from '../central/app'\nexport const b = a",
  ],
  [
    'central importing the desktop backend',
    'central/x.ts',
    "import { a } from '../electron/backend/dispatch'\nexport const b = a",
  ],
]

describe('import boundaries', () => {
  it.each(violations)('%s is refused', async (_name, filePath, code) => {
    expect(await ruleIds(filePath, code)).toContain('no-restricted-imports')
  })

  it.each([
    [
      'renderer importing the contract',
      'renderer/src/x.ts',
      "import { a } from '../../shared/contract/api'\nexport const b = a",
    ],
    ['shared importing zod', 'shared/contract/x.ts', "import { z } from 'zod'\nexport const a = z"],
    [
      'console UI importing its contract',
      'console/src/x.ts',
      "import { a } from '../../shared/console'\nexport const b = a",
    ],
    [
      'central importing its console modules',
      'central/signals/x.ts',
      "import { a } from '../console/state'\nexport const b = a",
    ],
    [
      'central importing the shared durable-write helper',
      'central/x.ts',
      "import { writeFileDurableSync } from '../node/fs-durable'\nexport const b = writeFileDurableSync",
    ],
    [
      'the desktop backend importing the shared durable-write helper',
      'electron/backend/storage/x.ts',
      "import { writeFileDurableSync } from '../../../node/fs-durable'\nexport const b = writeFileDurableSync",
    ],
    [
      'backend importing shared and node',
      'electron/backend/x.ts',
      "import { a } from '../../shared/contract/api'\nimport { join } from 'node:path'\nexport const b = [a, join]",
    ],
  ])('%s is allowed', async (_name, filePath, code) => {
    expect(await ruleIds(filePath, code)).not.toContain('no-restricted-imports')
  })
})

describe('no raw rename/fsync outside the durable-write helper (Windows-safe I/O)', () => {
  it.each([
    ['renameSync import', "import { renameSync } from 'node:fs'\nexport const a = renameSync"],
    ['fsyncSync import', "import { fsyncSync } from 'fs'\nexport const a = fsyncSync"],
    ['rename from promises', "import { rename } from 'node:fs/promises'\nexport const a = rename"],
    [
      'fs.renameSync',
      "import * as fs from 'node:fs'\nexport const a = () => fs.renameSync('a', 'b')",
    ],
    ['fs.promises.rename', "import * as fs from 'node:fs'\nexport const a = fs.promises.rename"],
    ['fsp.rename', "import * as fsp from 'node:fs/promises'\nexport const a = fsp.rename"],
  ])('%s is refused in electron/, scripts/ and central/', async (_name, code) => {
    expect(await ruleIds('electron/backend/x.ts', code)).toContain('no-restricted-syntax')
    expect(await ruleIds('electron/main/x.ts', code)).toContain('no-restricted-syntax')
    expect(await ruleIds('scripts/x.ts', code)).toContain('no-restricted-syntax')
    expect(await ruleIds('central/x.ts', code)).toContain('no-restricted-syntax')
    expect(await ruleIds('central/exports/x.ts', code)).toContain('no-restricted-syntax')
  })

  it('fires on the raw renames central used to write its CLI exports', async () => {
    // central/main.ts (export-rule-profile) and central/plan-references-cli.ts (export-measures,
    // export-products) before they went through the helper
    const code =
      "import { renameSync, writeFileSync } from 'node:fs'\n" +
      "export function w(tmp: string, out: string) {\n  writeFileSync(tmp, 'x', { flag: 'wx' })\n  renameSync(tmp, out)\n}\n"
    expect(await ruleIds('central/main.ts', code)).toContain('no-restricted-syntax')
    expect(await ruleIds('central/plan-references-cli.ts', code)).toContain('no-restricted-syntax')
  })

  it('is allowed in the helper itself (node/fs-durable.ts)', async () => {
    const code = "import { renameSync } from 'node:fs'\nexport const a = renameSync"
    expect(await ruleIds('node/fs-durable.ts', code)).not.toContain('no-restricted-syntax')
  })
})
