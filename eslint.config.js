// @ts-check
import svelte from 'eslint-plugin-svelte';
import tseslint from 'typescript-eslint';
import svelteConfig from './console/svelte.config.js';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'console/dist/**', 'data/**', '.tmp/**'] },
  ...tseslint.configs.recommendedTypeChecked,
  ...svelte.configs.recommended,
  {
    languageOptions: {
      // Each file is checked with its nearest tsconfig: the root one, or console/tsconfig.json.
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.svelte'],
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Svelte components and rune modules: TypeScript inside, parsed by the Svelte parser.
    files: ['console/**/*.svelte', 'console/**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, svelteConfig } },
  },
  { files: ['eslint.config.js', 'console/svelte.config.js'], ...tseslint.configs.disableTypeChecked },
);
