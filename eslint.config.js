// Lint rules, including the import boundaries of design.md §2 / style.md §8.2:
//  - shared/ imports nothing of ours outside shared/, no node:*, electron, DOM libraries or SQL drivers;
//  - renderer/ reaches the backend only through shared/contract (no electron/, central/, node:*);
//  - electron/backend and electron/host never import 'electron';
//  - central/ never imports electron/ or renderer/, nor the console UI (console/src);
//  - console/ (the city console UI) imports shared/ only (its contract is shared/console);
//  - node/ (Node-only helpers the desktop backend, scripts and central share) imports nothing of
//    ours but shared/;
//  - electron/, scripts/ and central/ never rename or fsync directly: the durable-write helper
//    (node/fs-durable.ts) does it, Windows-safe (issue 15 §2, issue 12 §5).
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'

const nodeBuiltins = {
  group: [
    'node:*',
    'fs',
    'path',
    'crypto',
    'os',
    'child_process',
    'http',
    'https',
    'url',
    'stream',
  ],
  message: 'Node built-ins are not allowed here.',
}
const sqlAndNative = {
  group: ['better-sqlite3', 'kysely', 'pg', 'pdfmake', 'fastify', 'electron'],
  message: 'Drivers, Node-only libraries and electron are not allowed here.',
}

// Raw renames and fsyncs: on Windows they fail while antivirus holds a file (no retry) or on a
// read-only handle (EPERM). Use renameDurable / writeFileDurable / fsyncFile from fs-durable.ts.
const durableHint = 'Use node/fs-durable.ts (durable, Windows-safe rename/fsync).'
const rawRenameFsync = [
  {
    selector:
      'ImportDeclaration[source.value=/^(node:)?fs(\\/promises)?$/] > ImportSpecifier[imported.name=/^(rename|renameSync|fsync|fsyncSync|fdatasync|fdatasyncSync)$/]',
    message: `Raw rename/fsync. ${durableHint}`,
  },
  {
    selector:
      'MemberExpression[property.name=/^(renameSync|fsyncSync|fdatasync|fdatasyncSync|fsync)$/]',
    message: `Raw rename/fsync. ${durableHint}`,
  },
  {
    selector: "MemberExpression[object.name=/^(fs|fsp|promises)$/][property.name='rename']",
    message: `Raw rename. ${durableHint}`,
  },
  {
    selector: "MemberExpression[object.property.name='promises'][property.name='rename']",
    message: `Raw rename. ${durableHint}`,
  },
]

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'out/**',
      'dist/**',
      'release/**',
      'test-results/**',
      'bench-results/**',
      '**/*.data.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            nodeBuiltins,
            sqlAndNative,
            {
              group: ['react', 'react-dom', 'antd', 'zustand', 'echarts'],
              message: 'shared/ has no UI.',
            },
            {
              regex: '^(\\.\\./)+(electron|renderer|central|test)(/|$)',
              message: 'shared/ imports nothing of ours outside shared/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            nodeBuiltins,
            sqlAndNative,
            {
              regex: '^(\\.\\./)+(electron|central)(/|$)',
              message: 'renderer/ reaches the backend only through shared/contract.',
            },
            {
              regex: '^(\\.\\./)+shared/domain/.*\\.data$',
              message: 'renderer/ loads the catalogue through the contract.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/backend/**/*.ts', 'electron/host/**/*.ts', 'central/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'Only electron/main and electron/preload import electron.',
            },
          ],
          patterns: [
            {
              regex: '^(\\.\\./)+renderer(/|$)',
              message: 'The backend never imports the renderer.',
            },
            {
              regex: '^(\\.\\./)+(main|preload)(/|$)',
              message: 'The backend never imports the Electron shell.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['central/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'central/ never imports electron.' }],
          patterns: [
            {
              regex: '^(\\.\\./)+(electron|renderer)(/|$)',
              message: 'central/ never imports electron/ or renderer/.',
            },
            {
              regex: '^(\\.\\./)+console/src(/|$)',
              message: 'central/ serves the built console; it never imports its UI code.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['node/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'node/ is shared by central: no electron.' }],
          patterns: [
            {
              regex: '^(\\.\\./)+(electron|renderer|central|console|scripts|test)(/|$)',
              message: 'node/ imports nothing of ours but shared/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['console/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            nodeBuiltins,
            sqlAndNative,
            {
              regex: '^(\\.\\./)+(electron|renderer|central)(/|$)',
              message: 'console/ reaches central only through shared/console (the contract).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts', 'scripts/**/*.{ts,mjs}', 'central/**/*.ts'],
    ignores: [
      'node/fs-durable.ts',
      '**/*.test.ts',
      // central's own durable algorithms, kept: evidence assembled from streamed upload parts
      // (directory fsync failures surface, unlike the helper's best effort), and the server key
      // created exclusively by hard link (atomic where the helper's `exclusive` is check-then-rename)
      'central/evidence/directory.ts',
      'central/crypto.ts',
    ],
    rules: {
      'no-restricted-syntax': ['error', ...rawRenameFsync],
    },
  },
)
