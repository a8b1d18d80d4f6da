import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestGateway } from '../support/gateway.js';

const SCHEMA_FILE = new URL('../../console/schema.graphql', import.meta.url);

/**
 * The console's typed operations are generated from console/schema.graphql. This keeps that file
 * equal to the schema the gateway serves, and the generated types equal to what codegen makes of it
 * (`UPDATE_CONSOLE_SCHEMA=1` rewrites the file; then `npm run codegen -w @sms-gateway/console`).
 */
describe('the console is typed against the live GraphQL schema', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await TestGateway.start();
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('has a checked-in schema equal to the one the gateway serves', () => {
    const live = printSchema(lexicographicSortSchema(gw.running.app.get(GraphQLSchemaHost).schema)) + '\n';
    if (process.env.UPDATE_CONSOLE_SCHEMA === '1') writeFileSync(SCHEMA_FILE, live);
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(live);
  });

  it('has generated operation types that codegen would make again unchanged', () => {
    // --check exits non-zero when a generated file would change (a document or the schema moved).
    expect(() =>
      execFileSync('npx', ['graphql-codegen', '--config', 'codegen.ts', '--check'], {
        cwd: new URL('../../console/', import.meta.url),
        stdio: 'pipe',
      }),
    ).not.toThrow();
  });
});
