import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { getMetadataStorage } from 'class-validator';
import { CliUsageError, parseAgentArgs } from '@sms-gateway/android-agent/headless';
import { parseBenchArgs } from '../../bench/args.js';
import { AppConfig, ConfigError, loadConfig } from '../../src/config/app-config.js';
import { ROOT } from '../support/docs.js';
import { OpenApiContract } from '../support/openapi-contract.js';
import type { ShellCommand, Word } from './shell.js';

/**
 * The static check of a documented shell command against the code, for blocks no test runs
 * (`<!-- checked: … -->`) and, beside the run, for those one does: the npm scripts and CLI flags it
 * names exist and parse, its curl calls name an operation of the OpenAPI document with parameters and
 * a body that operation accepts, and the environment it sets is configuration the gateway reads.
 */

/** Where the docs' commands reach the gateway `npm start` runs. */
export const GATEWAY = 'http://127.0.0.1:3000';

export interface CommandVerdict {
  /** What is wrong with the command: a check that failed. */
  problems: string[];
  /** What the check cannot say either way (a block that is only `checked` may have none). */
  unverified: string[];
  /** The npm scripts the command runs, as `<workspace folder>:<script>` (the root's folder is ''). */
  scripts: string[];
}

interface PackageJson {
  name: string;
  scripts?: Record<string, string>;
  workspaces?: string[];
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as T;
}

/** The root package and its workspaces, by folder ('' for the root). */
export const PACKAGES: ReadonlyMap<string, PackageJson> = (() => {
  const root = readJson<PackageJson>('package.json');
  const packages = new Map<string, PackageJson>([['', root]]);
  for (const folder of root.workspaces ?? []) packages.set(folder, readJson<PackageJson>(`${folder}/package.json`));
  return packages;
})();

/** A CLI an npm script runs: its source, and its own option parser (which throws on a bad command line). */
interface Cli {
  /** The file the script runs with `node`, and the source it is built from (which calls `parser`). */
  entry: string;
  source: string;
  parser: string;
  parse(argv: string[]): unknown;
  /** Whether an error of `parse` says the flag is not one of its options (not a bad or missing value). */
  unknownFlag(error: unknown): boolean;
}

/** The CLIs behind npm scripts, by `<workspace folder>:<script>` (the root's folder is ''). */
export const CLIS: Record<string, Cli> = {
  ':agent': {
    entry: 'android-agent/dist/headless/cli.js',
    source: 'android-agent/src/headless/cli.ts',
    parser: 'parseAgentArgs',
    parse: parseAgentArgs,
    unknownFlag: (error) => error instanceof CliUsageError && error.code === 'UNKNOWN_FLAG',
  },
  ':bench': {
    entry: 'dist/bench/run.js',
    source: 'bench/run.ts',
    parser: 'parseBenchArgs',
    parse: parseBenchArgs,
    unknownFlag: (error) => error instanceof Error && /unknown option/i.test(error.message),
  },
};

/** The file a script runs with `node` last (`npm run build && node dist/src/cli/start.js`), if any. */
export function scriptEntry(script: string): string | undefined {
  return [...script.matchAll(/\bnode\s+(?:--\S+\s+)*(\S+\.js)\b/g)].at(-1)?.[1];
}

/** The settings the config class reads (every decorated property of AppConfig). */
export const CONFIG_SETTINGS: ReadonlySet<string> = new Set([
  ...Object.keys(new AppConfig()),
  ...getMetadataStorage()
    .getTargetValidationMetadatas(AppConfig, '', true, false)
    .map((rule) => rule.propertyName),
]);

/**
 * The OpenTelemetry SDK's variables src/tracing.ts reads itself: it runs before the config is
 * loaded (it must be first), so they are not AppConfig's.
 */
export const TRACING_SETTINGS: ReadonlySet<string> = new Set(
  [...readFileSync(join(ROOT, 'src/tracing.ts'), 'utf8').matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)].map(
    (match) => match[1],
  ),
);

/** The committed OpenAPI document (test/e2e/openapi.test.ts keeps it equal to the one the gateway serves). */
export const CONTRACT = new OpenApiContract(
  readJson<ConstructorParameters<typeof OpenApiContract>[0]>('clients/typescript/openapi.json'),
);

interface OperationObject {
  parameters?: { name: string; in: string }[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> };
}

/** The request-body validator: the contract's own (named schemas closed, as the server forbids unknown fields). */
function bodyValidator(key: string, schema: unknown): ValidateFunction {
  // Private to the contract, which compiles and caches schemas against the document's components.
  return CONTRACT['validator'](`request ${key}`, schema as never);
}

export function checkCommand(command: ShellCommand): CommandVerdict {
  const verdict: CommandVerdict = { problems: [], unverified: [], scripts: [] };
  for (const { name, value } of command.env) checkSetting(name, value, verdict);
  const [program, ...args] = command.argv;
  if (!program) return verdict;
  if (program.dynamic) verdict.unverified.push(`${program.text}: a command named by an expansion`);
  else if (program.text === 'npm') checkNpm(args, command.comment, verdict);
  else if (program.text === 'curl') checkCurl(args, verdict);
  else verdict.unverified.push(`${program.text}: not a command this check verifies`);
  return verdict;
}

function checkSetting(name: string, value: Word, verdict: CommandVerdict): void {
  if (TRACING_SETTINGS.has(name)) return;
  if (!CONFIG_SETTINGS.has(name)) {
    verdict.problems.push(`${name}: not a setting of the gateway (src/config/app-config.ts, src/tracing.ts)`);
    return;
  }
  if (value.dynamic) return;
  try {
    loadConfig({}, { [name]: value.text });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    verdict.problems.push(`${name}=${value.text}: ${error.problems.join('; ')}`);
  }
}

const NPM_SCRIPT_COMMANDS: Record<string, string> = { start: 'start', test: 'test', t: 'test', stop: 'stop' };

function checkNpm(args: Word[], comment: string | undefined, verdict: CommandVerdict): void {
  const words = args.map((w) => w.text);
  const dash = words.indexOf('--');
  const own = dash < 0 ? words : words.slice(0, dash);
  const passed = dash < 0 ? [] : words.slice(dash + 1);
  let workspace = '';
  const positionals: string[] = [];
  for (let i = 0; i < own.length; i++) {
    const word = own[i];
    if (word === '-w' || word === '--workspace') workspace = own[++i] ?? '';
    else if (word.startsWith('--workspace=')) workspace = word.slice('--workspace='.length);
    else if (!word.startsWith('-')) positionals.push(word);
  }
  const [command, ...rest] = positionals;
  if (command === 'install' || command === 'i' || command === 'ci') {
    if (rest.length > 0) verdict.unverified.push(`npm ${command} ${rest.join(' ')}: packages from the registry`);
    return;
  }
  let script: string | undefined;
  if (command === 'run' || command === 'run-script') script = rest[0];
  else if (command !== undefined && command in NPM_SCRIPT_COMMANDS) script = NPM_SCRIPT_COMMANDS[command];
  if (script === undefined) {
    verdict.problems.push(`npm ${own.join(' ')}: not an npm command this check knows (install, start, test, run)`);
    return;
  }
  const found = [...PACKAGES.entries()].find(([dir, pkg]) =>
    workspace === '' ? dir === '' : dir !== '' && (workspace === dir || workspace === pkg.name),
  );
  if (!found) {
    verdict.problems.push(`npm -w ${workspace}: no such workspace in package.json`);
    return;
  }
  const [dir, pkg] = found;
  const where = dir === '' ? 'package.json' : `${dir}/package.json`;
  if (pkg.scripts?.[script] === undefined) {
    verdict.problems.push(`npm run ${script}: ${where} has no script "${script}"`);
    return;
  }
  verdict.scripts.push(`${dir}:${script}`);
  const cli = CLIS[`${dir}:${script}`];
  if (passed.length > 0 && !cli) {
    verdict.problems.push(`npm run ${script} -- ${passed.join(' ')}: no CLI whose options this check knows`);
    return;
  }
  if (!cli) return;
  try {
    cli.parse(passed);
  } catch (error) {
    verdict.problems.push(`npm run ${script} -- ${passed.join(' ')}: ${cli.parser} refuses it: ${String(error)}`);
  }
  // Flags a comment names beside the command (`# --delivery-ms, --fail-rate, ...`) are the CLI's too.
  for (const [flag] of (comment ?? '').matchAll(/(?<![\w-])--[a-z][a-z0-9-]*/g)) {
    if (!knownFlag(cli, flag)) verdict.problems.push(`${flag}: not a flag of npm run ${script} (${cli.parser})`);
  }
}

/** Whether the CLI's parser takes `flag` as one of its options (whatever it then says of its value). */
export function knownFlag(cli: Cli, flag: string): boolean {
  try {
    cli.parse([flag]);
    return true;
  } catch (error) {
    return !cli.unknownFlag(error);
  }
}

const CURL_FLAGS = new Set(['-s', '--silent', '-S', '--show-error', '-G', '--get', '-i', '-v', '-f', '--fail', '-L']);
const CURL_DATA = new Set(['-d', '--data', '--data-raw', '--data-binary', '--data-urlencode']);
const CURL_VALUED = new Set([
  '-X',
  '--request',
  '-H',
  '--header',
  '-u',
  '--user',
  '-o',
  '--output',
  '-w',
  '--write-out',
]);

function checkCurl(args: Word[], verdict: CommandVerdict): void {
  let method: string | undefined;
  let get = false;
  let url: Word | undefined;
  const headers = new Map<string, Word>();
  const data: { flag: string; value: Word }[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    const text = word.text;
    if (CURL_DATA.has(text) || CURL_VALUED.has(text)) {
      const value = args[++i];
      if (value === undefined) {
        verdict.problems.push(`curl ${text}: no value`);
        return;
      }
      if (CURL_DATA.has(text)) data.push({ flag: text, value });
      else if (text === '-X' || text === '--request') method = value.text.toUpperCase();
      else if (text === '-H' || text === '--header') {
        const at = value.text.indexOf(':');
        headers.set(value.text.slice(0, at).trim().toLowerCase(), { ...value, text: value.text.slice(at + 1).trim() });
      }
    } else if (text === '-G' || text === '--get') get = true;
    else if (CURL_FLAGS.has(text) || /^-[sSifvL]+$/.test(text)) continue;
    else if (text.startsWith('-')) {
      verdict.problems.push(`curl ${text}: an option this check does not know`);
      return;
    } else if (url) {
      verdict.problems.push(`curl: a second URL ${text}`);
      return;
    } else url = word;
  }
  if (!url) {
    verdict.problems.push('curl: no URL');
    return;
  }
  if (!url.text.startsWith(`${GATEWAY}/`)) {
    verdict.unverified.push(`curl ${url.text}: not the gateway at ${GATEWAY}`);
    return;
  }
  method ??= get || data.length === 0 ? 'GET' : 'POST';
  // A reader's own value ($ID) stands for one path segment, as the document's {id} does.
  const target = url.text.slice(GATEWAY.length).replace(/\$\{?\w+\}?/g, 'x');
  const [path, query = ''] = target.split('?', 2);
  const found = CONTRACT.operationFor(method, path);
  if (!found) {
    if (path.startsWith('/v1/'))
      verdict.problems.push(`curl ${method} ${path}: no such operation in the OpenAPI document`);
    else verdict.unverified.push(`curl ${method} ${path}: outside the REST API's OpenAPI document`);
    return;
  }
  const name = `${method} ${found.template}`;
  const operation = (CONTRACT.document.paths as Record<string, Record<string, OperationObject>>)[found.template][
    found.method
  ];
  const queryNames = [...new URLSearchParams(query).keys()];
  if (get) queryNames.push(...data.map(({ value }) => value.text.split('=', 1)[0]));
  const documented = new Set((operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name));
  for (const parameter of queryNames) {
    if (!documented.has(parameter)) verdict.problems.push(`curl ${name}: no query parameter "${parameter}"`);
  }
  if (get || data.length === 0) {
    if (!get && operation.requestBody?.required) verdict.problems.push(`curl ${name}: the operation needs a body`);
    return;
  }
  const content = operation.requestBody?.content ?? {};
  const contentType = (headers.get('content-type')?.text ?? 'application/x-www-form-urlencoded')
    .split(';')[0]
    .toLowerCase();
  const media = content[contentType];
  if (!media) {
    verdict.problems.push(
      `curl ${name}: sends ${contentType}, the operation takes ${Object.keys(content).join(', ') || 'no body'}`,
    );
    return;
  }
  if (media.schema === undefined) return;
  // curl sends its -d values joined by &; one read from a file or stdin (@…) or built by an expansion is
  // known only when it runs.
  if (data.some(({ value }) => value.dynamic || value.text.startsWith('@'))) return;
  let body: unknown;
  const joined = data.map(({ value }) => value.text).join('&');
  if (contentType === 'application/x-www-form-urlencoded') body = Object.fromEntries(new URLSearchParams(joined));
  else if (contentType === 'application/json' || contentType.endsWith('+json')) {
    try {
      body = JSON.parse(joined);
    } catch (error) {
      verdict.problems.push(`curl ${name}: the body is not JSON (${(error as Error).message})`);
      return;
    }
  } else return;
  const validate = bodyValidator(`${name} ${contentType}`, media.schema);
  // "01a2…" and the like stand for a value of the reader's own (an id): not for the schema to judge.
  const errors = validate(body) ? [] : (validate.errors ?? []).filter((e) => !placeholder(at(body, e.instancePath)));
  if (errors.length > 0) {
    const why = errors
      .map((e) => `${e.instancePath || '(body)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
      .join('; ');
    verdict.problems.push(`curl ${name}: the operation's request schema refuses the body: ${why}`);
  }
}

/** The value at a JSON pointer (`/targets/0/carrierId`) of a parsed body. */
function at(value: unknown, pointer: string): unknown {
  if (pointer === '') return value;
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>(
      (node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
      value,
    );
}

function placeholder(value: unknown): boolean {
  return typeof value === 'string' && value.includes('…');
}
