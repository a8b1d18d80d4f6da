import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed operations from the schema the gateway serves (schema.graphql is kept equal to it by
// test/e2e/console-schema.test.ts). Run `npm run codegen -w @sms-gateway/console` after changing a document.
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*'],
  ignoreNoDocuments: true,
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { enumsAsTypes: true, useTypeImports: true, scalars: { JSONObject: 'Record<string, unknown>' } },
    },
  },
};
export default config;
