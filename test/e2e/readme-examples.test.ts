import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docPages, fencedBlocks } from '../support/docs.js';
import { ADMIN_PASSWORD, TestGateway } from '../support/gateway.js';

const run = promisify(execFile);

interface Example {
  name: string;
  /** The page it is on, as `docs/api.md`. */
  page: string;
  /** Its line there (of the opening fence). */
  line: number;
  language: string;
  script: string;
}

/**
 * The examples marked `<!-- tested: NAME -->` on the line before their code block, shell or
 * TypeScript, in the README and in every docs/*.md: the README first, then the docs pages in the
 * order the README links to them (test/support/docs.ts), each page top to bottom. They are written
 * for the gateway `npm start` runs; here they run against a test gateway, one after the other in
 * one scratch folder (a later example may use what an earlier one made, as a reader's would).
 */
function markedExamples(): Example[] {
  return docPages().flatMap((page) =>
    fencedBlocks(page.markdown).flatMap((block) =>
      block.tested === undefined
        ? []
        : [{ name: block.tested, page: page.path, line: block.line, language: block.language, script: block.code }],
    ),
  );
}

/** Every JSON value a script printed (curl prints one answer per call; jq may pretty-print). */
function jsonValues(output: string): unknown[] {
  const values: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < output.length; i++) {
    const c = output[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"' && depth > 0) inString = true;
    else if (c === '{' || c === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if ((c === '}' || c === ']') && depth > 0) {
      depth--;
      if (depth === 0) {
        // Tools print bracketed text too ("[732.9ms]"): what is not JSON is not an answer.
        try {
          values.push(JSON.parse(output.slice(start, i + 1)));
        } catch {
          // text
        }
      }
    }
  }
  return values;
}

/** The examples of the README and docs/ run as a reader would run them (bash, curl, jq), with no errors. */
describe('README examples', () => {
  let gw: TestGateway;
  const examples = markedExamples();
  // A reader's own folder: `npm install` there must not touch this repository's package.json.
  const folder = mkdtempSync(join(tmpdir(), 'readme-examples-'));
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ private: true, type: 'module' }));

  beforeAll(async () => {
    // The examples' webhook and carrier URLs (https://example.com/…) are pointed at the gateway
    // itself: this machine may have no DNS, and a loopback address needs the allow-list.
    gw = await TestGateway.start({ WEBHOOK_ALLOW_HOSTS: '127.0.0.1' });
    // A dead letter in the examples' account, so the GraphQL dead-letters example re-drives one
    // instead of skipping its retryMessage call: a phone whose SIM fails every send, then gone.
    const token = await gw.login();
    const refuser = await gw.pairAgent(token, { name: 'failing-sim', failRate: 1, failCode: 'GENERIC_FAILURE' });
    const sent = await gw.request('POST', '/v1/messages', {
      token,
      json: { to: '+4915123456789', body: 'failing SIM' },
    });
    await gw.waitForStatus(token, sent.body.id, ['failed'], 20_000);
    await refuser.stop();
  });
  afterAll(async () => {
    await gw?.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('finds the marked examples (so the checks below cannot pass vacuously)', () => {
    expect(examples.map((e) => e.name)).toEqual(
      expect.arrayContaining(['graphql-auth', 'openapi-client', 'openapi-typescript-example']),
    );
    expect(new Set(examples.map((e) => e.name)).size).toBe(examples.length);
    // A mark on a block this test cannot run would be a promise it does not keep.
    expect(
      examples.filter((e) => e.language !== 'sh' && e.language !== 'ts').map((e) => `${e.page}:${e.line}`),
    ).toEqual([]);
    // The docs pages' examples too, not only the README's.
    expect(examples.some((e) => e.page.startsWith('docs/'))).toBe(true);
  });

  it('reads every JSON value out of what a script printed', () => {
    expect(jsonValues('{"a":"}{"}\n# text [1.2ms]\n{"b":[1,{"c":2}]}')).toEqual([{ a: '}{' }, { b: [1, { c: 2 }] }]);
  });

  for (const example of examples) {
    it(`runs "${example.name}" (${example.page}) without an error in any answer`, async () => {
      const script = example.script
        .replaceAll('http://127.0.0.1:3000', gw.url)
        .replaceAll('https://example.com', gw.url)
        .replaceAll('ws://127.0.0.1:3000', gw.url.replace(/^http/, 'ws'))
        .replaceAll('PASSWORD-FROM-NPM-START', ADMIN_PASSWORD)
        .replaceAll('admin@localhost', 'admin@example.test');
      const env = { ...process.env, TOKEN: await gw.login(), GATEWAY_PASSWORD: ADMIN_PASSWORD };
      // Asynchronous: the gateway answering the script runs in this process. TypeScript runs as
      // Node 24 runs it, types stripped (this is the Node of `npm test`).
      const { stdout } =
        example.language === 'sh'
          ? await run('bash', ['-euo', 'pipefail', '-c', script], { cwd: folder, env, timeout: 100_000 })
          : await run(process.execPath, [writeExample(folder, example.name, script)], {
              cwd: folder,
              env,
              timeout: 30_000,
            });
      const answers = jsonValues(stdout);
      // Every example that talks to the gateway shows what it answered.
      if (/curl|console\.log/.test(script)) expect(answers.length).toBeGreaterThan(0);
      for (const answer of answers) {
        expect(answer).not.toHaveProperty('errors');
        // A problem+json answer (REST's errors) has all four.
        expect(answer).not.toMatchObject({
          type: expect.any(String),
          status: expect.any(Number),
          code: expect.any(String),
        });
      }
    }, 120_000);
  }
});

function writeExample(folder: string, name: string, source: string): string {
  const file = join(folder, `${name}.mts`);
  writeFileSync(file, source);
  return file;
}
