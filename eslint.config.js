import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['build/**', 'data/**', 'data-*/**', 'app/generated/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
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
          paths: [
            {
              name: '@conform-to/react',
              importNames: ['useForm'],
              message: "Use useForm from '~/components/use-form' (see why there).",
            },
          ],
        },
      ],
    },
  },
  { files: ['app/components/use-form.ts'], rules: { 'no-restricted-imports': 'off' } },
  // Routes are thin: they parse, call a module and return; the database belongs to modules.
  {
    files: ['app/routes/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@conform-to/react', importNames: ['useForm'], message: "Use useForm from '~/components/use-form' (see why there)." },
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
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
)
