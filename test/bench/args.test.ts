import { describe, expect, it } from 'vitest';
import { parseBenchArgs, SCENARIOS, UsageError } from '../../bench/args.js';

describe('npm run bench -- --scenarios', () => {
  it('runs every scenario by default', () => {
    expect([...(parseBenchArgs([])?.scenarios ?? [])]).toEqual([...SCENARIOS]);
  });

  it('takes a comma-separated subset', () => {
    expect([...(parseBenchArgs(['--scenarios', 'fleet'])?.scenarios ?? [])]).toEqual(['fleet']);
    expect([...(parseBenchArgs(['--scenarios', 'single, batch'])?.scenarios ?? [])]).toEqual(['single', 'batch']);
  });

  it('refuses a name that is not a scenario, naming the ones there are', () => {
    expect(() => parseBenchArgs(['--scenarios', 'fleet,soak'])).toThrow(UsageError);
    expect(() => parseBenchArgs(['--scenarios', 'fleet,soak'])).toThrow(
      '--scenarios takes probe, single, batch, fleet, carrier, comma-separated (got fleet,soak)',
    );
    expect(() => parseBenchArgs(['--scenarios', ''])).toThrow(UsageError);
  });
});
