import { describe, expect, it } from 'vitest';
import { GroupCommitter } from '../group-commit.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('GroupCommitter', () => {
  it('writes a lone item at once, by itself', async () => {
    const writes: number[][] = [];
    const committer = new GroupCommitter<number>((items) => Promise.resolve(void writes.push(items)), {
      maxBatch: 10,
      maxInFlight: 1,
    });
    await committer.submit(1);
    expect(writes).toEqual([[1]]);
  });

  it('groups the items that arrive while a write is in flight into the next write', async () => {
    const writes: number[][] = [];
    const gate = deferred();
    let first = true;
    const committer = new GroupCommitter<number>(
      async (items) => {
        writes.push(items);
        if (first) {
          first = false;
          await gate.promise;
        }
      },
      { maxBatch: 10, maxInFlight: 1 },
    );
    const one = committer.submit(1);
    await new Promise((r) => setImmediate(r));
    const rest = [2, 3, 4].map((n) => committer.submit(n));
    gate.resolve();
    await Promise.all([one, ...rest]);
    expect(writes).toEqual([[1], [2, 3, 4]]);
  });

  it('splits at maxBatch and settles each caller only after its own write', async () => {
    const writes: number[][] = [];
    const committer = new GroupCommitter<number>((items) => Promise.resolve(void writes.push(items)), {
      maxBatch: 2,
      maxInFlight: 1,
    });
    await Promise.all([1, 2, 3, 4, 5].map((n) => committer.submit(n)));
    expect(writes).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('rejects every caller of a failed write, and keeps serving later ones', async () => {
    let fail = true;
    const committer = new GroupCommitter<number>(
      () => (fail ? Promise.reject(new Error('database down')) : Promise.resolve()),
      { maxBatch: 10, maxInFlight: 1 },
    );
    const results = await Promise.allSettled([committer.submit(1), committer.submit(2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(committer.submit(3)).resolves.toBeUndefined();
  });

  it("answers each caller its own item's result", async () => {
    const committer = new GroupCommitter<number, boolean>((items) => Promise.resolve(items.map((n) => n % 2 === 0)), {
      maxBatch: 10,
      maxInFlight: 1,
    });
    await expect(Promise.all([1, 2, 3, 4].map((n) => committer.submit(n)))).resolves.toEqual([
      false,
      true,
      false,
      true,
    ]);
  });

  it('rejects the batch when a write answers the wrong number of results', async () => {
    const committer = new GroupCommitter<number, boolean>(() => Promise.resolve([true]), {
      maxBatch: 10,
      maxInFlight: 1,
    });
    const results = await Promise.allSettled([committer.submit(1), committer.submit(2)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('with a key, writes items of the same key one after the other, in the order submitted', async () => {
    const writes: string[][] = [];
    const gate = deferred();
    let first = true;
    const committer = new GroupCommitter<string>(
      async (items) => {
        writes.push(items);
        if (first) {
          first = false;
          await gate.promise;
        }
      },
      { maxBatch: 10, maxInFlight: 2, key: (item) => item.split(':')[0] },
    );
    // a:1 is in flight; a:2 and a:3 wait for it (and for each other), b and c go in the next batch.
    const one = committer.submit('a:1');
    await new Promise((r) => setImmediate(r));
    const rest = ['a:2', 'b:1', 'a:3', 'c:1', 'b:2'].map((item) => committer.submit(item));
    await new Promise((r) => setImmediate(r));
    expect(writes).toEqual([['a:1'], ['b:1', 'c:1']]);
    gate.resolve();
    await Promise.all([one, ...rest]);
    expect(writes).toEqual([['a:1'], ['b:1', 'c:1'], ['a:2', 'b:2'], ['a:3']]);
  });

  it('with a key, frees the keys of a failed batch', async () => {
    let fail = true;
    const committer = new GroupCommitter<string>(
      () => (fail ? Promise.reject(new Error('database down')) : Promise.resolve()),
      { maxBatch: 10, maxInFlight: 1, key: (item) => item },
    );
    await expect(committer.submit('a')).rejects.toThrow('database down');
    fail = false;
    await expect(committer.submit('a')).resolves.toBeUndefined();
  });
});
