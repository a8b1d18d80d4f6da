import AsyncStorage from '@react-native-async-storage/async-storage';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { Outbox, type OutboxEntry, type PendingInbound } from '../../../src/lib/index';
import { AsyncStorageOutboxStore } from '../async-storage-outbox-store';

function entry(id: string, state: OutboxEntry['state'] = 'accepted'): OutboxEntry {
  return {
    id,
    to: '+12025550123',
    body: `body of ${id}`,
    expiresAt: '2030-01-01T00:00:00.000Z',
    attempt: 1,
    state,
    acceptedAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    pendingReports: [],
  };
}

function inbound(key: string): PendingInbound {
  return {
    key,
    payload: { id: key, from: '+12025550199', body: 'STOP', receivedAt: '2026-01-01T00:00:00.000Z', simSlot: 0 },
  };
}

describe('AsyncStorageOutboxStore', () => {
  beforeEach(async () => {
    await AsyncStorage.clear();
  });

  it('round-trips entries and received SMS through AsyncStorage, in acceptance order', async () => {
    const store = new AsyncStorageOutboxStore();
    await store.load();
    await store.apply({ put: [entry('b')] });
    await store.apply({ put: [entry('a')] });
    await store.apply({ putInbound: [inbound('in-1')] });
    // An update keeps the entry's first position.
    await store.apply({ put: [{ ...entry('b', 'sent'), parts: 2 }] });

    const reopened = await new AsyncStorageOutboxStore().load();
    expect(reopened.entries.map((e) => [e.id, e.state, e.parts])).toEqual([
      ['b', 'sent', 2],
      ['a', 'accepted', undefined],
    ]);
    expect(reopened.entries[1]).toEqual(entry('a'));
    expect(reopened.inbound).toEqual([inbound('in-1')]);
  });

  it('deletes entries and received SMS', async () => {
    const store = new AsyncStorageOutboxStore();
    await store.load();
    await store.apply({ put: [entry('a'), entry('b')], putInbound: [inbound('in-1')] });
    await store.apply({ delete: ['a'] });
    await store.apply({ deleteInbound: ['in-1'] });

    const reopened = await new AsyncStorageOutboxStore().load();
    expect(reopened.entries.map((e) => e.id)).toEqual(['b']);
    expect(reopened.inbound).toEqual([]);
  });

  it('applies a change that puts and deletes as one multiSet, then removes the tombstones', async () => {
    const store = new AsyncStorageOutboxStore();
    await store.load();
    await store.apply({ put: [entry('a')] });
    const multiSet = AsyncStorage.multiSet as unknown as { mock: { calls: unknown[][] } };
    const before = multiSet.mock.calls.length;
    await store.apply({ put: [entry('b')], delete: ['a'] });

    expect(multiSet.mock.calls.length - before).toBe(1);
    const reopened = await new AsyncStorageOutboxStore().load();
    expect(reopened.entries.map((e) => e.id)).toEqual(['b']);
    expect((await AsyncStorage.getAllKeys()).filter((k) => k.startsWith('outbox.'))).toHaveLength(1);
  });

  it('keeps other keys of the app untouched', async () => {
    await AsyncStorage.setItem('gateway.settings.v1', '{}');
    const store = new AsyncStorageOutboxStore();
    await store.load();
    await store.apply({ put: [entry('a')] });
    await store.apply({ delete: ['a'] });
    expect(await AsyncStorage.getItem('gateway.settings.v1')).toBe('{}');
  });

  it('refuses to load a damaged row rather than start with an empty outbox', async () => {
    await AsyncStorage.setItem('outbox.v1.e.x', '{not json');
    await expect(new AsyncStorageOutboxStore().load()).rejects.toThrow('outbox row outbox.v1.e.x is not valid JSON');
  });

  it('serves the agent core Outbox: accepted, updated and pruned messages survive a restart', async () => {
    const outbox = await Outbox.open(new AsyncStorageOutboxStore());
    await outbox.accept({
      id: 'm1',
      to: '+12025550123',
      body: 'hi',
      expiresAt: '2030-01-01T00:00:00.000Z',
      attempt: 1,
    });
    await outbox.accept({
      id: 'm2',
      to: '+12025550124',
      body: 'yo',
      expiresAt: '2030-01-01T00:00:00.000Z',
      attempt: 1,
    });
    await outbox.update('m1', (e) => ({ ...e, state: 'sending' }));
    await outbox.remove(['m2']);

    const reopened = await Outbox.open(new AsyncStorageOutboxStore());
    expect(reopened.get('m1')?.state).toBe('sending');
    expect(reopened.has('m2')).toBe(false);
  });
});
