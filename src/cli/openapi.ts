// `npm run openapi`: writes the OpenAPI document the code describes to clients/typescript/openapi.json
// (the script then generates the client's types from it). No database or Redis needed: Nest's
// preview mode scans the modules and controllers without creating providers or connecting.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '@/app.module.js';
import { ProblemFastifyAdapter } from '@/common/fastify-adapter.js';
import { createOpenApiDocument } from '@/common/openapi/openapi.document.js';
import { loadConfig } from '@/config/app-config.js';

export const DOCUMENT_FILE = 'clients/typescript/openapi.json';

async function main(): Promise<void> {
  const out = resolve(process.argv[2] ?? DOCUMENT_FILE);
  // The worker role: GraphQL's module factory runs even in preview mode and needs a live subscription
  // server, and the REST controllers are the same in every role (the drift test in
  // test/e2e/openapi.test.ts compares this file with what an api process serves).
  const config = loadConfig({ NODE_ENV: 'development', ROLES: 'worker', LOG_LEVEL: 'silent' });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    new ProblemFastifyAdapter({ bodyLimit: 1024 }),
    // abortOnError off: a scan error is thrown here (and printed below) instead of exiting silently.
    { preview: true, logger: ['error'], abortOnError: false },
  );
  const document = createOpenApiDocument(app);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(document, null, 2)}\n`);
  await app.close();
  console.log(`wrote ${out}`);
}

main().catch((error: unknown) => {
  console.error('The OpenAPI document could not be written:', error);
  process.exit(1);
});
