import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Outbox } from '../../lib/outbox.js';
import { FileOutboxStore } from '../file-outbox-store.js';

let dir: string;
const stores: FileOutboxStore[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outbox-'));
});

afterEach(async () => {
  for (const store of stores.splice(0)) {
    await store.close();
  }
  await rm(dir, { recursive: true, force: true });
});

const payload = (id: string) => ({
  id,
  to: '+4915112345689',
  body: `body ${id}`,
  expiresAt: '2030-01-01T00:00:00.000Z',
  attempt: 1,
});

function storeAt(path: string, options?: ConstructorParameters<typeof FileOutboxStore>[1]): FileOutboxStore {
  const store = new FileOutboxStore(path, options);
  stores.push(store);
  return store;
}

/** A fresh store on the same files: what a restarted process sees. */
async function reopen(path: string): Promise<Outbox> {
  return Outbox.open(storeAt(path));
}

describe('FileOutboxStore', () => {
  it('starts empty when no file exists', async () => {
    expect(await storeAt(join(dir, 'nested', 'outbox.json')).load()).toEqual({ entries: [], inbound: [], state: {} });
  });

  it("keeps the agent's named state (the throttle's window) across a restart, from the journal and from a snapshot", async () => {
    const path = join(dir, 'outbox.json');
    const outbox = await Outbox.open(storeAt(path, { compactAfterBytes: 1 }));
    await outbox.saveState('throttle', { savedAt: '2025-01-01T00:00:00.000Z', sends: [{ ageMs: 5, parts: 2 }] });
    expect((await reopen(path)).savedState('throttle')).toEqual({
      savedAt: '2025-01-01T00:00:00.000Z',
      sends: [{ ageMs: 5, parts: 2 }],
    });

    const again = await reopen(path);
    await again.saveState('throttle', { savedAt: '2025-01-02T00:00:00.000Z', sends: [] });
    expect((await reopen(path)).savedState('throttle')).toEqual({ savedAt: '2025-01-02T00:00:00.000Z', sends: [] });
  });

  it('keeps the outbox across a restart of the process', async () => {
    const path = join(dir, 'outbox.json');
    const outbox = await Outbox.open(storeAt(path));
    await outbox.accept(payload('a'));
    await outbox.accept(payload('b'));
    await outbox.update('a', (e) => ({ ...e, state: 'sending' }));
    await outbox.addInbound(
      { from: '+4917612345678', body: 'hi', receivedAt: '2025-01-01T00:00:00.000Z', simSlot: 0 },
      'k',
    );
    await outbox.remove(['b']);

    const reopened = await reopen(path);

    expect(reopened.get('a')?.state).toBe('sending');
    expect(reopened.has('b')).toBe(false);
    expect(reopened.pendingInbound().map((i) => i.key)).toEqual(['k']);
  });

  it('has every concurrent change on disk once its promise resolves', async () => {
    const path = join(dir, 'outbox.json');
    const outbox = await Outbox.open(storeAt(path));

    await Promise.all(Array.from({ length: 200 }, (_, i) => outbox.accept(payload(`m${i}`))));

    expect((await readFile(`${path}.log`, 'utf8')).trim().split('\n')).toHaveLength(200);
    expect((await reopen(path)).queued().map((e) => e.id)).toEqual(Array.from({ length: 200 }, (_, i) => `m${i}`));
  });

  it('folds the journal into an atomically replaced snapshot and leaves no temp file', async () => {
    const path = join(dir, 'outbox.json');
    const outbox = await Outbox.open(storeAt(path, { compactAfterBytes: 2_000 }));
    for (let i = 0; i < 30; i++) {
      await outbox.accept(payload(`m${i}`));
      await outbox.update(`m${i}`, (e) => ({ ...e, state: 'sent' }));
    }

    const snapshot = JSON.parse(await readFile(path, 'utf8')) as { version: number; entries: unknown[] };
    expect(snapshot.version).toBe(1);
    expect(snapshot.entries.length).toBeGreaterThan(0);
    expect((await readdir(dir)).sort()).toEqual(['outbox.json', 'outbox.json.log']);
    const reopened = await reopen(path);
    expect(reopened.size).toBe(30);
    expect(reopened.queued()).toEqual([]);
  });

  it('ignores a line torn by a crash at the end of the journal', async () => {
    const path = join(dir, 'outbox.json');
    const outbox = await Outbox.open(storeAt(path));
    await outbox.accept(payload('a'));
    await stores.pop()!.close();
    await appendFile(`${path}.log`, '{"put":[{"id":"b","to":"+49');

    const reopened = await reopen(path);

    expect(reopened.has('a')).toBe(true);
    expect(reopened.has('b')).toBe(false);
    // The torn line is gone for good: later writes are not glued to it.
    await reopened.accept(payload('c'));
    expect((await reopen(path)).queued().map((e) => e.id)).toEqual(['a', 'c']);
  });

  it('replays a journal left behind by a crash during compaction without going back in time', async () => {
    const path = join(dir, 'outbox.json');
    const outbox = await Outbox.open(storeAt(path));
    await outbox.accept(payload('a'));
    await outbox.update('a', (e) => ({ ...e, state: 'delivered' }));
    await outbox.accept(payload('b'));
    await outbox.remove(['b']);
    await stores.pop()!.close();
    const journal = await readFile(`${path}.log`, 'utf8');
    // Compaction wrote the snapshot, then the process died before emptying the journal.
    const snapshot = JSON.stringify({ version: 1, entries: [outbox.get('a')], inbound: [] });
    await writeFile(path, snapshot);
    await writeFile(`${path}.log`, journal);

    const reopened = await reopen(path);

    expect(reopened.get('a')?.state).toBe('delivered');
    expect(reopened.has('b')).toBe(false);
  });

  it('refuses to start from a corrupt snapshot or journal instead of starting over empty', async () => {
    const path = join(dir, 'outbox.json');
    await writeFile(path, '{"version":1,"entries":[');
    await expect(storeAt(path).load()).rejects.toThrow(/not valid JSON/);
    await writeFile(path, '{"something":"else"}');
    await expect(storeAt(path).load()).rejects.toThrow(/not an outbox/);
    await rm(path);
    await writeFile(`${path}.log`, 'garbage\n{"put":[]}\n');
    await expect(storeAt(path).load()).rejects.toThrow(/line 1 is not valid JSON/);
  });
});
