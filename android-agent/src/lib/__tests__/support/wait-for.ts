/** Polls until `predicate` holds: tests wait on outcomes, never on fixed sleeps. */
export async function waitFor<T>(
  predicate: () => T | undefined | false | null | Promise<T | undefined | false | null>,
  options: { timeoutMs?: number; message?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 5_000);
  for (;;) {
    const value = await predicate();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`waitFor timed out: ${options.message ?? predicate.toString()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
