import swc from 'unplugin-swc';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// SWC instead of esbuild: Nest's dependency injection needs emitDecoratorMetadata.
export default defineConfig({
  plugins: [
    swc.vite({
      module: { type: 'es6' },
      jsc: {
        target: 'es2023',
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      },
    }),
  ],
  resolve: {
    alias: [
      { find: '@', replacement: fileURLToPath(new URL('./src', import.meta.url)) },
      // Vite would give our code graphql's ESM build while Mercurius and Nest (loaded by Node) use
      // its CommonJS one: two realms, and a schema of one cannot be validated by the other. Node
      // itself resolves 'graphql' to the CommonJS build, as here.
      { find: /^graphql$/, replacement: fileURLToPath(new URL('./node_modules/graphql/index.js', import.meta.url)) },
    ],
    // The agent package's "source" export condition points at its TypeScript, so tests need no build.
    conditions: ['source'],
  },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: [
      'src/**/*.test.ts',
      'test/**/*.test.ts',
      'android-agent/src/**/*.test.ts',
      'android-agent/plugins/**/*.test.ts',
      'android-agent/modules/**/*.test.ts',
      'android-agent/test/**/*.test.ts',
    ],
    globalSetup: ['test/support/services.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
