import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The tenant is a type (STYLE.md): every public method of a repository takes the branded
 * `AccountId` first, so a query that forgets its tenant does not compile; a batch written for
 * several accounts at once (the group commits) takes a list whose items each carry their
 * `accountId: AccountId`. A query that is
 * cross-account by design says so in its name (`…AcrossAccounts`), or its whole repository is
 * listed here with the reason.
 */
const CROSS_ACCOUNT_REPOSITORIES: Record<string, string> = {
  MessageSweepsRepository: "the sweeps act on every tenant's messages alike and answer no caller",
  WebhookRelayRepository: "the relay and the retention move and prune every tenant's deliveries alike",
  CampaignPumpRepository: "the pump works every tenant's running campaigns alike, each row carrying its account",
};

interface Method {
  file: string;
  className: string;
  name: string;
  firstParameterType: string | undefined;
  /** The first parameter is a list of items that each carry `accountId: AccountId`. */
  itemsCarryAccount: boolean;
}

function repositoryFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? repositoryFiles(join(dir, e.name)) : e.name.endsWith('.repository.ts') ? [join(dir, e.name)] : [],
  );
}

/** The public methods of the exported classes of a file, with their first parameter's declared type. */
export function publicMethods(file: string, text: string): Method[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const methods: Method[] = [];
  for (const statement of source.statements) {
    if (!ts.isClassDeclaration(statement) || !statement.name) continue;
    for (const member of statement.members) {
      if (!ts.isMethodDeclaration(member) || !ts.isIdentifier(member.name)) continue;
      const modifiers = ts.getModifiers(member) ?? [];
      if (modifiers.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword)) {
        continue;
      }
      const first = member.parameters[0];
      const type = first?.type?.getText(source) ?? '';
      const item = /^readonly\s+(\w+)\[\]$/.exec(type)?.[1];
      const itemDeclaration = item
        ? new RegExp(`interface ${item}\\b[^{]*\\{[^}]*\\baccountId: AccountId;`).test(text)
        : false;
      methods.push({
        file,
        className: statement.name.text,
        name: member.name.text,
        firstParameterType: first?.type?.getText(source),
        itemsCarryAccount: /^readonly\s+\{[^}]*\baccountId: AccountId;/.test(type) || itemDeclaration,
      });
    }
  }
  return methods;
}

const violates = (m: Method) =>
  m.firstParameterType !== 'AccountId' &&
  !m.itemsCarryAccount &&
  !m.name.endsWith('AcrossAccounts') &&
  !(m.className in CROSS_ACCOUNT_REPOSITORIES);

describe('repositories take the tenant first', () => {
  const methods = repositoryFiles('src/modules').flatMap((f) => publicMethods(f, readFileSync(f, 'utf8')));

  it('reads the repositories', () => {
    expect(methods.length).toBeGreaterThan(100);
    expect(methods.some((m) => m.className === 'MessagesRepository')).toBe(true);
  });

  it('tells a method without the tenant from one with it', () => {
    const probe = publicMethods(
      'probe.repository.ts',
      `interface Row { accountId: AccountId; id: string }
       export class ProbeRepository {
         find(accountId: AccountId, id: string) {}
         leak(id: string, accountId: AccountId) {}
         batch(items: readonly { accountId: AccountId; id: string }[]) {}
         strays(items: readonly { id: string }[]) {}
         rows(items: readonly Row[]) {}
         everyoneAcrossAccounts(limit: number) {}
         private helper(x: number) {}
       }`,
    );
    expect(probe.filter(violates).map((m) => m.name)).toEqual(['leak', 'strays']);
  });

  it('every public repository method takes AccountId first, or is cross-account by name', () => {
    const offenders = methods
      .filter(violates)
      .map((m) => `${m.file} ${m.className}.${m.name}(${m.firstParameterType ?? ''})`);
    expect(offenders).toEqual([]);
  });

  it('names only repositories that exist as cross-account', () => {
    const classes = new Set(methods.map((m) => m.className));
    expect(Object.keys(CROSS_ACCOUNT_REPOSITORIES).filter((c) => !classes.has(c))).toEqual([]);
  });
});
