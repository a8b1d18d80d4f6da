import { describe, expect, it } from 'vitest';
import { sourceOf, summarizeProfile } from '../../bench/profile.js';
import { heapOf, memoryTrend } from '../../bench/soak.js';

describe('bench --cpu-prof: where the time went', () => {
  it('names the source of a frame: the package, Node, the gateway or a V8 state', () => {
    expect(sourceOf('file:///work/main/node_modules/pg/lib/client.js', 'query')).toBe('pg');
    expect(sourceOf('file:///w/node_modules/@nestjs/core/x.js', 'f')).toBe('@nestjs/core');
    expect(sourceOf('file:///w/node_modules/a/node_modules/ioredis/built/Redis.js', 'f')).toBe('ioredis');
    expect(sourceOf('node:net', 'writeGeneric')).toBe('node:net');
    expect(sourceOf('node:internal/streams/writable', 'write')).toBe('node:internal');
    expect(sourceOf('file:///work/main/dist/src/modules/messages/x.js', 'dispatch')).toBe('gateway');
    expect(sourceOf('', '(garbage collector)')).toBe('(garbage collector)');
    expect(sourceOf('', 'writev')).toBe('(native)');
  });

  it('adds up self time per source and per function from the samples and their time deltas', () => {
    const frame = (functionName: string, url: string, lineNumber = 0) => ({ functionName, url, lineNumber });
    const summary = summarizeProfile('p.cpuprofile', {
      nodes: [
        { id: 1, callFrame: frame('(root)', '') },
        { id: 2, callFrame: frame('query', 'file:///x/node_modules/pg/lib/client.js', 9) },
        { id: 3, callFrame: frame('(idle)', '') },
      ],
      startTime: 0,
      endTime: 1_000_000,
      // Sample i lasts until the next one: pg 300 µs + 300 µs, idle 400 µs.
      samples: [2, 3, 2, 3],
      timeDeltas: [0, 300, 200, 300, 200],
    });
    expect(summary.seconds).toBe(1);
    expect(summary.bySource).toEqual([
      { name: 'pg', percent: 60 },
      { name: '(idle)', percent: 40 },
    ]);
    expect(summary.byFunction[0]).toEqual({ name: 'query (pg/lib/client.js:10)', percent: 60 });
  });
});

describe('bench --soak: the memory trend', () => {
  it('leaves the first minute out of the slope and measures the drift against the mean', () => {
    // 100 MiB climbing to 200 in the first minute, then 200 → 210 over the next four minutes.
    const samples: [number, number][] = [
      [0, 100],
      [30, 150],
      [60, 200],
      [120, 202.5],
      [180, 205],
      [240, 207.5],
      [300, 210],
    ];
    const trend = memoryTrend(samples);
    expect(trend).toMatchObject({ startMiB: 100, maxMiB: 210, endMiB: 210, slopeMiBPerMin: 2.5 });
    // 10 MiB over the stretch, against its mean of 205.
    expect(trend.driftPercent).toBe(4.9);
  });

  it('is flat when memory only wobbles', () => {
    const trend = memoryTrend([
      [0, 300],
      [60, 320],
      [120, 318],
      [180, 321],
      [240, 319],
    ]);
    expect(Math.abs(trend.driftPercent)).toBeLessThan(1);
  });

  it("reads the gateway's heap from its metrics page, in MiB", () => {
    const page = [
      '# HELP smsgw_nodejs_heap_size_total_bytes Process heap size from Node.js in bytes.',
      '# TYPE smsgw_nodejs_heap_size_total_bytes gauge',
      'smsgw_nodejs_heap_size_total_bytes 367001600',
      'smsgw_nodejs_heap_size_used_bytes 262144000',
      'smsgw_nodejs_external_memory_bytes 10485760',
      'smsgw_nodejs_heap_space_size_total_bytes{space="old"} 200000000',
      'smsgw_nodejs_heap_space_size_total_bytes{space="new"} 134217728',
    ].join('\n');
    expect(heapOf(page)).toEqual({ usedMiB: 250, totalMiB: 350, newSpaceMiB: 128, externalMiB: 10 });
    expect(heapOf('smsgw_up 1')).toBeUndefined();
  });
});
