import { readFileSync } from 'node:fs';
import { processTree } from './cpu.js';

/**
 * `--soak M` (issue 18): M minutes of /batch load at a steady rate while the gateway's resident
 * memory is sampled. A leak shows as a slope; a queue that grows in memory as one too.
 */

/** Resident memory of `pid` and every process below it, in MiB (the whole gateway under API_PROCESSES). */
export function treeRssMiB(pid: number): number {
  let kib = 0;
  for (const member of processTree(pid)) {
    try {
      const status = readFileSync(`/proc/${member}/status`, 'utf8');
      kib += Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
    } catch {
      // gone meanwhile
    }
  }
  return Math.round((kib / 1024) * 10) / 10;
}

export interface MemoryTrend {
  /** [seconds since the soak began, MiB]. */
  samples: [number, number][];
  startMiB: number;
  maxMiB: number;
  endMiB: number;
  /** Least-squares slope over the samples after the first minute (warm caches, grown pools), MiB per minute. */
  slopeMiBPerMin: number;
  /** The slope over that stretch as a share of its mean, in percent: what "flat" is judged on. */
  driftPercent: number;
}

/**
 * The first minute is left out of the slope: pools, caches and JIT grow to their working size
 * then. Flat means the rest drifts by under 10 % of its mean (and a limit is checked apart).
 */
export function memoryTrend(samples: [number, number][]): MemoryTrend {
  const settled = samples.filter(([t]) => t >= 60);
  const fit = settled.length >= 2 ? settled : samples;
  const n = fit.length;
  const meanT = fit.reduce((a, [t]) => a + t, 0) / n;
  const meanM = fit.reduce((a, [, m]) => a + m, 0) / n;
  const sxx = fit.reduce((a, [t]) => a + (t - meanT) ** 2, 0);
  const sxy = fit.reduce((a, [t, m]) => a + (t - meanT) * (m - meanM), 0);
  const slopePerS = sxx > 0 ? sxy / sxx : 0;
  const spanS = fit.length > 1 ? fit[n - 1][0] - fit[0][0] : 0;
  const round1 = (x: number) => Math.round(x * 10) / 10;
  return {
    samples,
    startMiB: samples[0]?.[1] ?? 0,
    maxMiB: Math.max(...samples.map(([, m]) => m)),
    endMiB: samples.at(-1)?.[1] ?? 0,
    slopeMiBPerMin: round1(slopePerS * 60),
    driftPercent: meanM > 0 ? round1(((slopePerS * spanS) / meanM) * 100) : 0,
  };
}

export const SOAK_RSS_LIMIT_MIB = 400;
export const SOAK_FLAT_PERCENT = 10;

export interface SoakResult {
  minutes: number;
  /** Messages a second asked of the load tool, and what was accepted and sent. */
  rate: number;
  acceptedPerS: number;
  sentPerS: number;
  /** Messages not yet `sent` when the load stopped (a backlog growing means the rate was too high). */
  backlogAtEnd: number;
  nonAccepted: number;
  memory: MemoryTrend;
  /** The gateway's V8 heap at the end of the load, when its metrics answered. */
  heap?: HeapReading;
  flat: boolean;
  withinLimit: boolean;
}

export interface HeapReading {
  usedMiB: number;
  totalMiB: number;
  /** The young generation's share of the total. */
  newSpaceMiB: number;
  /** Memory of Buffers and other objects outside the heap. */
  externalMiB: number;
}

/** The V8 heap from a Prometheus text page (prom-client's default metrics, any prefix). */
export function heapOf(metrics: string): HeapReading | undefined {
  const value = (pattern: RegExp): number | undefined => {
    const match = pattern.exec(metrics);
    return match ? Math.round((Number(match[1]) / 1024 / 1024) * 10) / 10 : undefined;
  };
  const usedMiB = value(/^\w*nodejs_heap_size_used_bytes(?:\{[^}]*\})? (\S+)/m);
  const totalMiB = value(/^\w*nodejs_heap_size_total_bytes(?:\{[^}]*\})? (\S+)/m);
  const newSpaceMiB = value(/^\w*nodejs_heap_space_size_total_bytes\{[^}]*space="new"[^}]*\} (\S+)/m);
  const externalMiB = value(/^\w*nodejs_external_memory_bytes(?:\{[^}]*\})? (\S+)/m);
  if (usedMiB === undefined || totalMiB === undefined) return undefined;
  return { usedMiB, totalMiB, newSpaceMiB: newSpaceMiB ?? 0, externalMiB: externalMiB ?? 0 };
}

export function formatSoak(s: SoakResult): string {
  const m = s.memory;
  const h = s.heap;
  return [
    `Soak: ${s.minutes} min of POST /v1/messages/batch at ${s.rate} msg/s: ${s.acceptedPerS} msg/s accepted, ` +
      `${s.sentPerS} msg/s sent, ${s.backlogAtEnd} not yet sent at the end` +
      (s.nonAccepted > 0 ? `, ${s.nonAccepted} requests not accepted` : ''),
    `  gateway RSS: ${m.startMiB} MiB at the start, ${m.maxMiB} max, ${m.endMiB} at the end; ` +
      `after the first minute ${m.slopeMiBPerMin} MiB/min (${m.driftPercent} % of its mean over the soak)`,
    ...(h
      ? [
          `  JavaScript heap at the end: ${h.usedMiB} MiB used of ${h.totalMiB} (young generation ${h.newSpaceMiB}), ` +
            `${h.externalMiB} MiB outside it`,
        ]
      : []),
    `  ${s.withinLimit ? 'within' : 'OVER'} ${SOAK_RSS_LIMIT_MIB} MiB; ` +
      `${s.flat ? 'flat' : 'NOT flat'} (drift under ${SOAK_FLAT_PERCENT} %)`,
  ].join('\n');
}
