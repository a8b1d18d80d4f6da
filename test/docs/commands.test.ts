import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { docPages, fencedBlocks, ROOT, SHELL_LANGUAGES, type DocPage, type FencedBlock } from '../support/docs.js';
import {
  checkCommand,
  CLIS,
  CONFIG_SETTINGS,
  knownFlag,
  PACKAGES,
  scriptEntry,
  TRACING_SETTINGS,
  type CommandVerdict,
} from './command-check.js';
import { shellCommands } from './shell.js';

interface ShellBlock {
  page: string;
  block: FencedBlock;
}

function shellBlocks(pages: DocPage[]): ShellBlock[] {
  return pages.flatMap((page) =>
    fencedBlocks(page.markdown)
      .filter((block) => SHELL_LANGUAGES.includes(block.language))
      .map((block) => ({ page: page.path, block })),
  );
}

/** `page:line` of every shell block that is neither run by a test (`tested`) nor checked here (`checked`). */
function unmarked(pages: DocPage[]): string[] {
  return shellBlocks(pages)
    .filter(({ block }) => block.tested === undefined && block.checked === undefined)
    .map(
      ({ page, block }) =>
        `${page}:${block.line}: a shell block marked neither <!-- tested: NAME --> nor <!-- checked: REASON -->`,
    );
}

/** bash's own verdict on the block's syntax: '' when it parses. */
function bashSyntax(code: string): string {
  try {
    execFileSync('bash', ['-n'], { input: code, stdio: ['pipe', 'pipe', 'pipe'] });
    return '';
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? error).trim();
  }
}

/** Every problem of the block's commands, each with its page and line; `strict` counts what cannot be verified too. */
function blockProblems({ page, block }: ShellBlock, strict: boolean): string[] {
  const problems: string[] = [];
  const syntax = bashSyntax(block.code);
  if (syntax) problems.push(`${page}:${block.line}: bash -n: ${syntax}`);
  const commands = shellCommands(block.code);
  if (strict && commands.length === 0) problems.push(`${page}:${block.line}: no command`);
  for (const command of commands) {
    const verdict = checkCommand(command);
    const where = `${page}:${block.line + command.line}`;
    for (const problem of [...verdict.problems, ...(strict ? verdict.unverified : [])]) {
      problems.push(`${where}: ${problem}`);
    }
  }
  return problems;
}

/**
 * What is wrong with what a `checked` block's reason claims: a test it names must exist and start
 * what the block's npm scripts end in (`node dist/src/cli/start.js`: the file).
 */
function reasonProblems({ page, block }: ShellBlock): string[] {
  const entries = shellCommands(block.code)
    .flatMap((command) => checkCommand(command).scripts)
    .flatMap((key) => {
      const [folder, script] = key.split(':');
      return scriptEntry(PACKAGES.get(folder)?.scripts?.[script] ?? '') ?? [];
    });
  const problems: string[] = [];
  for (const [test] of (block.checked ?? '').matchAll(/test\/[\w/.-]+\.test\.ts/g)) {
    if (!existsSync(join(ROOT, test))) problems.push(`${page}:${block.line}: ${test} does not exist`);
    else if (!entries.some((file) => readFileSync(join(ROOT, test), 'utf8').includes(file))) {
      problems.push(`${page}:${block.line}: ${test} starts none of ${entries.join(', ') || 'no script entry'}`);
    }
  }
  return problems;
}

/** The verdicts of a line's commands, together. */
const verdictOf = (line: string): CommandVerdict => {
  const verdicts = shellCommands(line).map(checkCommand);
  expect(verdicts.length).toBeGreaterThan(0);
  return {
    problems: verdicts.flatMap((v) => v.problems),
    unverified: verdicts.flatMap((v) => v.unverified),
    scripts: verdicts.flatMap((v) => v.scripts),
  };
};

/**
 * "Every command shown in the docs is run by a test or a docs check": each shell block of the README
 * and docs/*.md is marked `<!-- tested: NAME -->` (test/e2e/readme-examples.test.ts runs it) or
 * `<!-- checked: REASON -->` (no test can run it: this file verifies each of its commands against the
 * code). Every block, tested or not, must parse (`bash -n`) and pass the same static checks.
 */
describe('documentation commands', () => {
  const pages = docPages();
  const blocks = shellBlocks(pages);

  it('reads commands as bash does (so the checks below cannot pass vacuously)', () => {
    const commands = shellCommands(
      [
        "TOKEN=$(curl -s http://127.0.0.1:3000/v1/auth/login -H 'content-type: application/json' \\",
        '  -d \'{"email":"a@b.c"}\' | jq -r .accessToken)',
        'gql() { curl -s "$URL/graphql" -d @-; }',
        'for i in 1 2; do',
        '  OTEL_SERVICE_NAME=x npm run agent -- --help   # --sims, --fail-rate',
        'done > /dev/null',
        'echo "$(date -u +%F) # not a comment" \'$HOME\'',
      ].join('\n'),
    );
    expect(
      commands.map((c) => ({ line: c.line, env: c.env, argv: c.argv.map((w) => w.text), comment: c.comment })),
    ).toEqual([
      {
        line: 1,
        env: [],
        argv: [
          'curl',
          '-s',
          'http://127.0.0.1:3000/v1/auth/login',
          '-H',
          'content-type: application/json',
          '-d',
          '{"email":"a@b.c"}',
        ],
        comment: undefined,
      },
      // TOKEN=$(…) sets a shell variable: no command of its own.
      { line: 2, env: [], argv: ['jq', '-r', '.accessToken'], comment: undefined },
      { line: 3, env: [], argv: ['gql'], comment: undefined },
      { line: 3, env: [], argv: ['curl', '-s', '$URL/graphql', '-d', '@-'], comment: undefined },
      { line: 4, env: [], argv: ['for', 'i', 'in', '1', '2'], comment: undefined },
      {
        line: 5,
        env: [{ name: 'OTEL_SERVICE_NAME', value: { text: 'x', dynamic: false } }],
        argv: ['npm', 'run', 'agent', '--', '--help'],
        comment: '--sims, --fail-rate',
      },
      { line: 7, env: [], argv: ['echo', '$(date -u +%F) # not a comment', '$HOME'], comment: undefined },
    ]);
    const echo = commands.at(-1)!.argv;
    expect(echo.map((w) => w.dynamic)).toEqual([false, true, false]);
    expect(bashSyntax('curl -s "http://127.0.0.1:3000/v1/messages')).toMatch(/unexpected EOF/);
  });

  it('finds a wrong script, flag, route, parameter, body or setting', () => {
    const problems = (line: string) => verdictOf(line).problems;
    expect(problems('npm install && npm start')).toEqual([]);
    expect(problems('npm run agent -- --server http://127.0.0.1:3000 --code ABCD-EFGH-JKMN')).toEqual([]);
    expect(problems('npm run agent -- --server http://127.0.0.1:3000 --cod ABCD-EFGH-JKMN')).toEqual([
      expect.stringMatching(/parseAgentArgs refuses it: error UNKNOWN_FLAG: --cod is not a known flag/),
    ]);
    expect(problems('npm run agent -- --help   # --delivery-ms, --fail-rat')).toEqual([
      '--fail-rat: not a flag of npm run agent (parseAgentArgs)',
    ]);
    expect(problems('npm run bench -- --quick --durations 5')).toEqual([
      expect.stringMatching(/parseBenchArgs refuses it: .*--durations/),
    ]);
    expect(problems('npm run no-such-script')).toEqual([
      'npm run no-such-script: package.json has no script "no-such-script"',
    ]);
    expect(problems('npm run codegen -w @sms-gateway/console')).toEqual([]);
    expect(problems('npm run codegen -w nowhere')).toEqual(['npm -w nowhere: no such workspace in package.json']);
    expect(problems('npm start -- --port 4000')).toEqual([
      'npm run start -- --port 4000: no CLI whose options this check knows',
    ]);
    expect(problems('NO_SUCH_SETTING=1 npm start')).toEqual([
      'NO_SUCH_SETTING: not a setting of the gateway (src/config/app-config.ts, src/tracing.ts)',
    ]);
    expect(problems('PORT=eighty npm start')).toEqual([expect.stringMatching(/^PORT=eighty: /)]);
    expect(problems('OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 PORT=3001 npm start')).toEqual([]);

    const token = '-H "authorization: Bearer $TOKEN"';
    const json = "-H 'content-type: application/json'";
    expect(
      problems(
        `curl -s -X PATCH http://127.0.0.1:3000/v1/devices/$DEVICE_ID ${token} ${json} -d '{"simPolicy":"first"}'`,
      ),
    ).toEqual([]);
    expect(problems(`curl -s -X PUT http://127.0.0.1:3000/v1/devices/$DEVICE_ID ${token}`)).toEqual([
      'curl PUT /v1/devices/x: no such operation in the OpenAPI document',
    ]);
    expect(problems(`curl -s http://127.0.0.1:3000/v1/nowhere ${token}`)).toEqual([
      'curl GET /v1/nowhere: no such operation in the OpenAPI document',
    ]);
    expect(
      problems(
        `curl -s -X PATCH http://127.0.0.1:3000/v1/devices/$DEVICE_ID ${token} ${json} -d '{"simPolcy":"first"}'`,
      ),
    ).toEqual([
      expect.stringMatching(/PATCH \/v1\/devices\/\{id\}: the operation's request schema refuses the body: .*simPolcy/),
    ]);
    expect(
      problems(`curl -s http://127.0.0.1:3000/v1/messages ${token} ${json} -d '{"to":"+4915123456789",}'`),
    ).toEqual([expect.stringMatching(/the body is not JSON/)]);
    // "01a2…" stands for the reader's own id; another value must be one.
    const route = (id: string) =>
      `curl -s http://127.0.0.1:3000/v1/routes ${token} ${json} -d '{"name":"r","match":{"prefixes":["+49"]},` +
      `"strategy":"failover","targets":[{"kind":"carrier","carrierId":"${id}"}]}'`;
    expect(problems(route('01a2…'))).toEqual([]);
    expect(problems(route('01a2'))).toEqual([
      expect.stringMatching(/\/targets\/0\/carrierId must match format "uuid"/),
    ]);
    expect(problems(`curl -s -G http://127.0.0.1:3000/v1/messages ${token} --data-urlencode 'state=queued'`)).toEqual([
      'curl GET /v1/messages: no query parameter "state"',
    ]);
    expect(problems(`curl -s http://127.0.0.1:3000/v1/suppressions/import ${token} --data-binary @list.csv`)).toEqual([
      'curl POST /v1/suppressions/import: sends application/x-www-form-urlencoded, the operation takes text/csv',
    ]);
    expect(
      problems('curl -s http://127.0.0.1:3000/v1/oauth/token -u "$ID:$SECRET" -d grant_type=client_credentials'),
    ).toEqual([]);
    expect(
      problems('curl -s http://127.0.0.1:3000/v1/oauth/token -u "$ID:$SECRET" -d grant_typ=client_credentials'),
    ).toEqual([expect.stringMatching(/request schema refuses the body/)]);
    expect(problems(`curl -s -X POST http://127.0.0.1:3000/v1/messages ${token}`)).toEqual([
      'curl POST /v1/messages: the operation needs a body',
    ]);
    // What the check cannot verify: not a fault, but no `checked` block may rely on it.
    expect(verdictOf('curl -s http://127.0.0.1:$PORT/inbound -d x').unverified).toEqual([
      expect.stringMatching(/not the gateway/),
    ]);
    expect(verdictOf('jq -n {}').unverified).toEqual(['jq: not a command this check verifies']);
  });

  it('names the page and line of a shell block with no mark', () => {
    const page = {
      path: 'docs/example.md',
      markdown: ['```sh', 'npm test', '```', '', '```', 'output', '```'].join('\n'),
    };
    expect(unmarked([page])).toEqual([
      'docs/example.md:1: a shell block marked neither <!-- tested: NAME --> nor <!-- checked: REASON -->',
    ]);
    expect(blockProblems({ page: page.path, block: fencedBlocks('```sh\n\nnpm run tset\n```').at(0)! }, true)).toEqual([
      'docs/example.md:3: npm run tset: package.json has no script "tset"',
    ]);
    const claim = (reason: string, code: string) =>
      reasonProblems({
        page: page.path,
        block: fencedBlocks(`<!-- checked: ${reason} -->\n\n\`\`\`sh\n${code}\n\`\`\``)[0],
      });
    expect(claim('test/e2e/api-processes.test.ts starts it', 'npm start')).toEqual([]);
    expect(claim('test/e2e/api-processes.test.ts starts it', 'npm run agent -- --help')).toEqual([]);
    expect(claim('test/e2e/api-processes.test.ts starts it', 'npm run bench')).toEqual([
      'docs/example.md:3: test/e2e/api-processes.test.ts starts none of dist/bench/run.js',
    ]);
    expect(claim('test/e2e/no-such.test.ts starts it', 'npm start')).toEqual([
      'docs/example.md:3: test/e2e/no-such.test.ts does not exist',
    ]);
  });

  it('knows the CLI of each npm script it checks flags of: its entry calls that parser', () => {
    for (const [key, cli] of Object.entries(CLIS)) {
      const [folder, script] = key.split(':');
      expect(scriptEntry(PACKAGES.get(folder)?.scripts?.[script] ?? ''), key).toBe(cli.entry);
      expect(readFileSync(join(ROOT, cli.source), 'utf8'), cli.source).toContain(`${cli.parser}(`);
      expect(knownFlag(cli, '--help')).toBe(true);
      expect(knownFlag(cli, '--no-such-flag')).toBe(false);
    }
    expect(CONFIG_SETTINGS).toContain('DATABASE_URL');
    expect(CONFIG_SETTINGS).toContain('PUBLIC_URL'); // optional: no default, still a setting
    expect(TRACING_SETTINGS).toContain('OTEL_EXPORTER_OTLP_ENDPOINT');
  });

  it('finds the shell blocks of the README and the docs pages, tested and checked', () => {
    expect(blocks.length).toBeGreaterThan(25);
    expect(blocks.filter(({ block }) => block.checked !== undefined).length).toBeGreaterThan(0);
    expect(blocks.filter(({ block }) => block.tested !== undefined).length).toBeGreaterThan(15);
  });

  it('marks every shell block of README.md and docs/*.md tested or checked', () => {
    expect(unmarked(pages)).toEqual([]);
  });

  for (const entry of blocks) {
    const { page, block } = entry;
    const mark = block.tested !== undefined ? `tested: ${block.tested}` : `checked`;
    it(`${page}:${block.line} (${mark}): parses, and every command matches the code`, () => {
      // A checked block has only this check: each of its commands must be one it can verify.
      expect(blockProblems(entry, block.tested === undefined)).toEqual([]);
      expect(reasonProblems(entry)).toEqual([]);
    });
  }
});
