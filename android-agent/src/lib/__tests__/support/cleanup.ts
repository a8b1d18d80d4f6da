import { afterEach } from 'vitest';

export type Cleanup = () => Promise<void> | void;

/** Call at the top of a test file; what the returned function registers is undone after each test, newest first. */
export function cleanupAfterEach(): (cleanup: Cleanup) => void {
  const cleanups: Cleanup[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup();
    }
  });
  return (cleanup) => {
    cleanups.push(cleanup);
  };
}
