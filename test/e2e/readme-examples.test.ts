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

/**
 * What an example needs that a reader brings along: their own ids and files (made here in their
 * place), or an account of its own when what it does (a country allow-list, a routing rule, a STOP)
 * would change what the examples after it see. Made just before the example runs.
 */
interface Fixture {
  /** Variables the reader sets by hand, such as `DEVICE_ID` (TOKEN is the examples' account's, unless `token`). */
  env?: Record<string, string>;
  /** The token of the account the example runs in, instead of the examples' account. */
  token?: string;
  /** Text of the example that stands for a reader's own value, and what stands for it here. */
  replace?: [string, string][];
  /** Problem codes the example shows on purpose: each is answered, and no other problem. */
  problems?: string[];
}

type Fixtures = Record<string, (gw: TestGateway, folder: string) => Fixture | Promise<Fixture>>;

/** An account of the example's own: its owner's token. */
async function ownAccount(gw: TestGateway, name: string): Promise<string> {
  return (await gw.createAccount(`examples ${name}`)).token;
}

/** POST, expecting 201 (or `status`): the answer's body. */
async function created<T>(gw: TestGateway, path: string, token: string, json: unknown, status = 201): Promise<T> {
  const res = await gw.request<T>('POST', path, { token, json });
  if (res.status !== status) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const FIXTURES: Fixtures = {
  // README: bad input gets a problem, on purpose.
  'bad-input': () => ({ problems: ['INVALID_PHONE_NUMBER'] }),
  // The second page of a list: the reader's cursor is the nextCursor of their first page.
  'message-list': async (gw) => {
    const token = await gw.login();
    // Two messages at least (the dead letter of beforeAll and this), so a page of one has a next.
    await created(gw, '/v1/messages', token, { to: '+4915123456789', body: 'a second page' }, 202);
    const page = await gw.request<{ nextCursor: string | null }>('GET', '/v1/messages?limit=1', { token });
    if (!page.body.nextCursor) throw new Error('no second page of messages');
    return { replace: [['eyJ0Ijoi…', page.body.nextCursor]] };
  },
  // The reader's opt-out list as CSV (numbers no other example sends to, and one that is no number).
  suppressions: (_gw, folder) => {
    writeFileSync(join(folder, 'opt-outs.csv'), 'phoneNumber\n+4915111111111\n+4915122222222\n+1234\n');
    return {};
  },
  // A phone's control port, in an account of its own: the STOP it simulates opts the number out there.
  'simulate-inbound': async (gw) => {
    const token = await ownAccount(gw, 'inbound');
    const phone = await gw.pairAgent(token, { name: 'inbound-phone', controlPort: 0 });
    return { token, env: { PORT: String(phone.controlPort) } };
  },
  // The reader's own phone.
  'device-limits': async (gw) => {
    const { device } = await created<{ device: { id: string } }>(gw, '/v1/devices', await gw.login(), {
      name: 'limits phone',
    });
    return { env: { DEVICE_ID: device.id } };
  },
  // A German route through the reader's carrier: in an account of its own, as it would take the
  // examples' German numbers away from their phones.
  'routes-create': async (gw) => {
    const token = await ownAccount(gw, 'routes');
    const carrier = await created<{ id: string }>(gw, '/v1/carriers', token, {
      name: 'their carrier',
      kind: 'http',
      http: { url: `${gw.url}/sms?to={to}&text={body}` },
    });
    return { token, replace: [['01a2…', carrier.id]] };
  },
  // The carriers' hosts need DNS, which this machine may not have: the gateway itself stands for them
  // (an SMPP link to 127.0.0.1:2775 only retries in the background).
  'carriers-create': async (gw) => ({
    token: await ownAccount(gw, 'carriers'),
    replace: [
      ['smpp.example.net', '127.0.0.1'],
      ['https://api.example.com', gw.url],
    ],
  }),
  // An allow-list of three countries would refuse the later examples' numbers: an account of its own.
  'allowed-countries': async (gw) => ({ token: await ownAccount(gw, 'countries') }),
  // The reader's client id and secret, from a client made here (the example's first call makes another).
  'oauth-clients': async (gw) => {
    const backend = { name: 'examples backend', scopes: ['messages:send'] };
    const client = await created<{ clientId: string; clientSecret: string }>(
      gw,
      '/v1/oauth-clients',
      await gw.login(),
      backend,
    );
    return { env: { CLIENT_ID: client.clientId, CLIENT_SECRET: client.clientSecret } };
  },
  // The reader's user id: the examples' admin.
  'audit-events-by-user': async (gw) => {
    const me = await gw.request<{ subjectId: string }>('GET', '/v1/me', { token: await gw.login() });
    return { env: { USER_ID: me.body.subjectId } };
  },
};

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
    // A fixture for an example that is gone would be a promise about nothing.
    expect(Object.keys(FIXTURES).filter((name) => !examples.some((e) => e.name === name))).toEqual([]);
  });

  it('reads every JSON value out of what a script printed', () => {
    expect(jsonValues('{"a":"}{"}\n# text [1.2ms]\n{"b":[1,{"c":2}]}')).toEqual([{ a: '}{' }, { b: [1, { c: 2 }] }]);
  });

  for (const example of examples) {
    it(`runs "${example.name}" (${example.page}) without an error in any answer`, async () => {
      const fixture = (await FIXTURES[example.name]?.(gw, folder)) ?? {};
      let script = example.script;
      for (const [text, value] of fixture.replace ?? []) {
        expect(script, `${example.name} shows ${text}`).toContain(text);
        script = script.replaceAll(text, value);
      }
      script = script
        .replaceAll('http://127.0.0.1:3000', gw.url)
        .replaceAll('https://example.com', gw.url)
        .replaceAll('ws://127.0.0.1:3000', gw.url.replace(/^http/, 'ws'))
        .replaceAll('PASSWORD-FROM-NPM-START', ADMIN_PASSWORD)
        .replaceAll('admin@localhost', 'admin@example.test');
      for (const [name, value] of Object.entries(fixture.env ?? {}))
        expect(value, `${example.name}: ${name}`).toBeTruthy();
      const env = {
        ...process.env,
        TOKEN: fixture.token ?? (await gw.login()),
        GATEWAY_PASSWORD: ADMIN_PASSWORD,
        ...fixture.env,
      };
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
      const problems: string[] = [];
      for (const answer of answers) {
        expect(answer).not.toHaveProperty('errors');
        // A problem+json answer (REST's errors) has all four.
        if (isProblem(answer)) problems.push(answer.code);
      }
      // None, unless the example shows that problem on purpose.
      expect(problems.sort()).toEqual([...(fixture.problems ?? [])].sort());
    }, 120_000);
  }
});

function isProblem(answer: unknown): answer is { type: string; status: number; code: string } {
  const { type, status, code } = (answer ?? {}) as Record<string, unknown>;
  return typeof type === 'string' && typeof status === 'number' && typeof code === 'string';
}

function writeExample(folder: string, name: string, source: string): string {
  const file = join(folder, `${name}.mts`);
  writeFileSync(file, source);
  return file;
}
