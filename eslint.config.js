// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'coverage/**',
      'src/database/migrations/*-*.ts',
      'android-agent/.expo/**',
      'android-agent/android/**',
      'android-agent/ios/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      curly: ['error', 'multi-line'],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Nest modules are classes with decorators and no members.
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-unsafe-function-type': 'off',
      // Misreads values used only inside decorators (e.g. a pipe passed to @Param); tsc checks unused code.
      'no-useless-assignment': 'off',
    },
  },
  {
    // The agent's build tsconfig leaves its tests out; they are type-checked by tsconfig.test.json.
    files: ['android-agent/src/**/__tests__/**/*.ts'],
    languageOptions: {
      parserOptions: {
        projectService: false,
        project: './android-agent/tsconfig.test.json',
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    // The Expo app and the native module's TypeScript: checked with Expo's settings (JSX, bundler resolution).
    files: ['android-agent/index.ts', 'android-agent/app/**/*.{ts,tsx}', 'android-agent/modules/*/src/**/*.ts'],
    languageOptions: {
      parserOptions: {
        projectService: false,
        project: './android-agent/tsconfig.app.json',
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    // CommonJS config files read by tools (Metro, React Native's CLI).
    files: ['**/*.cjs', 'android-agent/**/react-native.config.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/__tests__/**', 'test/**'],
    rules: {
      // Tests read response bodies as untyped JSON (`any`) and assert on their shape.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  prettier,
);
