import fs from 'node:fs'
import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

// The layers of app/modules (docs/architecture.md): each folder may import only the folders
// listed for it (type-only imports aside), so the modules form no cycle and nothing points up.
// A new folder must be given its place here before the linter accepts it.
const CORE = ['runtime', 'text', 'i18n', 'db', 'audit', 'outbox', 'money', 'lifecycle']
const MODULE_IMPORTS = {
  // core, bottom up
  runtime: [],
  text: [],
  i18n: ['runtime'],
  db: ['runtime'],
  audit: ['runtime', 'db'],
  outbox: ['runtime', 'db', 'audit'],
  money: ['runtime', 'db'],
  lifecycle: ['runtime', 'db', 'audit'],
  // lower domains
  email: CORE,
  taxonomy: CORE,
  import: CORE,
  // domains
  accounts: [...CORE, 'email'],
  moderation: [...CORE, 'email', 'accounts'],
  notifications: [...CORE, 'email', 'accounts'],
  listings: [...CORE, 'email', 'accounts', 'moderation', 'import', 'taxonomy'],
  search: [...CORE, 'accounts', 'listings', 'import', 'taxonomy'],
  matching: [...CORE, 'accounts', 'listings', 'search', 'taxonomy'],
  proposals: [...CORE, 'email', 'accounts', 'moderation', 'listings', 'import', 'notifications'],
  'saved-searches': [...CORE, 'email', 'accounts', 'listings', 'search', 'taxonomy'],
  payments: [...CORE, 'email', 'accounts', 'listings', 'proposals', 'notifications'],
  dashboard: [...CORE, 'accounts', 'listings', 'matching', 'proposals', 'payments'],
  // the composition root wires everything
  composition: null,
}
const moduleFolders = fs.readdirSync(new URL('./app/modules', import.meta.url), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)
const unplaced = moduleFolders.filter((folder) => !(folder in MODULE_IMPORTS))
if (unplaced.length) throw new Error(`eslint.config.js: give app/modules/${unplaced.join(', app/modules/')} a layer in MODULE_IMPORTS`)

const USE_FORM_RULE = { name: '@conform-to/react', importNames: ['useForm'], message: "Use useForm from '~/components/use-form' (see why there)." }

const layerConfigs = Object.entries(MODULE_IMPORTS)
  .filter(([, allowed]) => allowed !== null)
  .map(([folder, allowed]) => {
    const forbidden = moduleFolders.filter((other) => other !== folder && !allowed.includes(other))
    return {
      files: [`app/modules/${folder}/**`],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            paths: [USE_FORM_RULE],
            patterns: forbidden.length
              ? [
                  {
                    group: forbidden.map((other) => `~/modules/${other}/*`),
                    allowTypeImports: true,
                    message: `app/modules/${folder} may import only ${allowed.length ? allowed.join(', ') : 'nothing of app/modules'} (eslint.config.js, docs/architecture.md).`,
                  },
                  { group: ['../*'], message: 'Import another module folder as ~/modules/<folder>/…' },
                ]
              : [],
          },
        ],
      },
    }
  })

export default tseslint.config(
  { ignores: ['build/**', 'docs/**', 'data/**', 'data-*/**', 'app/generated/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
      'no-restricted-imports': [
        'error',
        {
          paths: [USE_FORM_RULE],
        },
      ],
    },
  },
  ...layerConfigs,
  { files: ['app/components/use-form.ts'], rules: { 'no-restricted-imports': 'off' } },
  // Routes are thin: they parse, call a module and return; the database belongs to modules.
  {
    files: ['app/routes/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            USE_FORM_RULE,
            { name: '~/modules/db/db.server', message: 'No Prisma in routes: call (or add) a function of a module in app/modules.' },
          ],
          patterns: [
            {
              group: ['~/generated/prisma/client', '~/generated/prisma/client.ts'],
              allowTypeImports: true,
              message: 'No Prisma in routes: call (or add) a function of a module in app/modules.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
)
