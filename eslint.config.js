// Lint: typescript-eslint's recommended rules over the TypeScript sources and tests.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {ignores: ['dist/', 'node_modules/', 'target/', 'native/', 'bench/results/', 'src/engine/native.d.ts']},
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {globals: {process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly'}},
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_'}],
      'no-restricted-imports': 'off',
    },
  },
  {
    // DESIGN.md invariant 1: commands import only the engine's index and src/cli/.
    files: ['src/commands/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {patterns: [
        {group: ['../../engine/*', '!../../engine/index.js'], message: 'commands import only src/engine/index.js (DESIGN.md invariant 1)'},
        {group: ['*.node', '**/native/**'], message: 'only src/engine/binding.ts loads the addon (invariant 2)'},
      ]}],
    },
  },
  {
    // One copy of oclif's classes at run time: the bundle, through src/cli/oclif.ts.
    files: ['src/**/*.ts'],
    ignores: ['src/cli/oclif.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {paths: [
        {name: '@oclif/core', allowTypeImports: true, message: 'import oclif values from src/cli/oclif.ts (one copy: the bundle)'},
      ]}],
    },
  },
)
