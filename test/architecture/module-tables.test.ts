import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Each table belongs to the module whose `entities/` declares it, and only that module's code
 * writes SQL against it or uses its entity classes as values (a type import is a shape, not a
 * query). Another module that needs the data asks the owner: its exported repository or service,
 * the event bus, or an SQL fragment the owner exports from its own `*.sql.ts` (the fragment's
 * text lives in the owner's folder, so this scan sees it there). And inside a module, SQL runs in
 * its repositories: services, processors and resolvers call them.
 */

const MODULES = 'src/modules';

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

const moduleOf = (file: string) => relative(MODULES, file).split('/')[0];
const isTest = (file: string) => file.includes('__tests__') || file.endsWith('.test.ts');
const isEntity = (file: string) => file.includes('/entities/');

interface Source {
  file: string;
  module: string;
  text: string;
}

const sources: Source[] = tsFiles(MODULES)
  .filter((f) => !isTest(f))
  .map((file) => ({ file, module: moduleOf(file), text: readFileSync(file, 'utf8') }));

/** table → module, entity class → module, from every `@Entity('table') … export class X`. */
function ownership() {
  const tables = new Map<string, string>();
  const entities = new Map<string, string>();
  for (const s of sources.filter((x) => isEntity(x.file))) {
    for (const m of s.text.matchAll(/@Entity\('([a-z_]+)'\)[\s\S]*?export class (\w+)/g)) {
      tables.set(m[1], s.module);
      entities.set(m[2], s.module);
    }
  }
  return { tables, entities };
}

/** The code's string and template literals (SQL lives only there). */
function literals(text: string): string[] {
  return [...text.matchAll(/`(?:[^`\\]|\\.)*`|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g)].map((m) => m[0]);
}

const SQL_TABLE = (tables: string[]) =>
  new RegExp(`\\b(?:FROM|JOIN|UPDATE|INTO|TABLE)\\s+"?(${tables.join('|')})\\b"?(?!\\s*\\()`, 'gi');

/** Another module's tables that a file's SQL names. */
function foreignTables(s: Source, tables: Map<string, string>): string[] {
  const found = new Set<string>();
  const re = SQL_TABLE([...tables.keys()]);
  for (const lit of literals(s.text)) {
    for (const m of lit.matchAll(re)) {
      const table = m[1].toLowerCase();
      if (tables.get(table) !== s.module) found.add(table);
    }
  }
  return [...found];
}

/** Another module's entity classes a file imports as values (not `import type`). */
function foreignEntities(s: Source, entities: Map<string, string>): string[] {
  const found: string[] = [];
  for (const m of s.text.matchAll(/import\s+(type\s+)?\{([^}]*)\}\s+from\s+'[^']*modules\/(\w+)\/entities\/[^']*'/g)) {
    if (m[1] || m[3] === s.module) continue;
    for (const name of m[2].split(',').map((n) => n.trim())) {
      if (!name || name.startsWith('type ')) continue;
      if (entities.get(name) && entities.get(name) !== s.module) found.push(name);
    }
  }
  return found;
}

describe('module boundaries: tables', () => {
  const { tables, entities } = ownership();

  it('finds the tables and their owners', () => {
    // A scan that found nothing would pass everything below.
    expect(tables.get('messages')).toBe('messages');
    expect(tables.get('devices')).toBe('devices');
    expect(tables.get('webhook_deliveries')).toBe('webhooks');
    expect(entities.get('MessageEntity')).toBe('messages');
    expect(tables.size).toBeGreaterThan(15);
  });

  it('sees a foreign table and a foreign entity when there is one', () => {
    const probe: Source = {
      file: 'src/modules/campaigns/probe.ts',
      module: 'campaigns',
      text: [
        "import { MessageEntity } from '@/modules/messages/entities/message.entity.js';",
        "import type { DeviceEntity } from '@/modules/devices/entities/device.entity.js';",
        'const q = `SELECT 1 FROM campaigns c LEFT JOIN messages m ON m.id = c.id`;',
      ].join('\n'),
    };
    expect(foreignTables(probe, tables)).toEqual(['messages']);
    expect(foreignEntities(probe, entities)).toEqual(['MessageEntity']);
  });

  it("no module's SQL names another module's table", () => {
    const offenders = sources
      .map((s) => ({ file: s.file, tables: foreignTables(s, tables) }))
      .filter((o) => o.tables.length > 0);
    expect(offenders).toEqual([]);
  });

  it("no module uses another module's entity classes as values", () => {
    const offenders = sources
      .filter((s) => !isEntity(s.file))
      .map((s) => ({ file: s.file, entities: foreignEntities(s, entities) }))
      .filter((o) => o.entities.length > 0);
    expect(offenders).toEqual([]);
  });

  it('SQL runs in repositories (and the fragments owners export), not in services', () => {
    const runsSql = /\.(query|getRepository|createQueryBuilder)\s*[<(]/;
    const offenders = sources
      .filter((s) => !isEntity(s.file) && !/\.repository\.ts$|\.sql\.ts$/.test(s.file))
      .filter((s) => runsSql.test(s.text))
      .map((s) => s.file);
    expect(offenders).toEqual([]);
  });
});
