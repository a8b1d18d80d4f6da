import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `--cpu-prof` (issue 18): the gateway runs under Node's `--cpu-prof`, which writes one
 * `.cpuprofile` per process when it exits. This reads them and says where the time went: self
 * time (the samples a function was on top of the stack) grouped by where the code comes from.
 */

/** The parts of the V8 CPU profile format (Chrome DevTools protocol, Profiler.Profile) read here. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileEntry {
  name: string;
  /** Percent of all sampled time, idle included. */
  percent: number;
}

export interface ProfileSummary {
  file: string;
  seconds: number;
  /** By source: a package (`pg`, `ioredis`, `node:net`), the gateway's own code, or V8's states. */
  bySource: ProfileEntry[];
  /** The functions with the most self time, as `name (source:line)`. */
  byFunction: ProfileEntry[];
}

/**
 * Where a frame's code comes from: the package under the last `node_modules` of its URL (pnpm
 * and workspaces nest them), `node:<module>` for Node's own JavaScript, `gateway` for ours, and
 * V8's pseudo-frames as they are (`(garbage collector)`, `(idle)`, `(program)`: native work not
 * attributed to a JavaScript function, such as system calls).
 */
export function sourceOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [first, second] = url.slice(modules + '/node_modules/'.length).split('/');
    return first.startsWith('@') ? `${first}/${second}` : first;
  }
  if (url.startsWith('node:')) return url.split('/')[0];
  return 'gateway';
}

function fileOf(url: string): string {
  const modules = url.lastIndexOf('/node_modules/');
  const rest = modules >= 0 ? url.slice(modules + '/node_modules/'.length) : url.replace(/^.*\/dist\//, '');
  return rest.replace(/^file:\/\//, '');
}

export function summarizeProfile(file: string, profile: CpuProfile, top = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const selfUs = new Map<number, number>();
  // timeDeltas[i] is the time before sample i: the time of a sample is the delta that follows it.
  for (let i = 0; i < profile.samples.length; i++) {
    const next = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + Math.max(0, next));
  }
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0) || 1;
  const sources = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id);
    if (!frame) continue;
    const source = sourceOf(frame.url, frame.functionName);
    sources.set(source, (sources.get(source) ?? 0) + us);
    const name =
      frame.url === ''
        ? frame.functionName || '(anonymous)'
        : `${frame.functionName || '(anonymous)'} (${fileOf(frame.url)}:${frame.lineNumber + 1})`;
    functions.set(name, (functions.get(name) ?? 0) + us);
  }
  const ranked = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, percent: Math.round((us / total) * 1000) / 10 }));
  return {
    file,
    seconds: Math.round((profile.endTime - profile.startTime) / 1e5) / 10,
    bySource: ranked(sources),
    byFunction: ranked(functions),
  };
}

/** Every profile in `dir`, one per gateway process. */
export function readProfiles(dir: string): ProfileSummary[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  } catch {
    return [];
  }
  return files.sort().map((f) => summarizeProfile(f, JSON.parse(readFileSync(join(dir, f), 'utf8')) as CpuProfile));
}

export function formatProfiles(summaries: ProfileSummary[], shownDir: string): string {
  if (summaries.length === 0) return `CPU profile: none written to ${shownDir} (did the gateway exit cleanly?)`;
  const lines: string[] = [];
  for (const s of summaries) {
    lines.push(`CPU profile ${join(shownDir, s.file)} (${s.seconds} s; self time, % of the process's time)`);
    const width = Math.max(...s.bySource.map((e) => e.name.length));
    lines.push('  by source:');
    for (const e of s.bySource) lines.push(`    ${e.name.padEnd(width)}  ${e.percent.toFixed(1).padStart(5)}%`);
    lines.push('  by function:');
    for (const e of s.byFunction) lines.push(`    ${e.percent.toFixed(1).padStart(5)}%  ${e.name}`);
  }
  return lines.join('\n');
}
