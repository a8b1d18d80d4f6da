import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestGateway } from '../support/gateway.js';
import { waitFor } from '../support/wait.js';

const PORT = 5199;

/** `npm run console:dev` as the README shows it: Vite serves the console and passes the API to a gateway. */
describe('the console in development (npm run console:dev)', () => {
  let gw: TestGateway;
  let vite: ChildProcess | undefined;
  let output = '';

  beforeAll(async () => {
    gw = await TestGateway.start();
    vite = spawn('npm', ['run', 'console:dev'], {
      cwd: new URL('../../', import.meta.url),
      env: { ...process.env, GATEWAY_URL: gw.url, CONSOLE_DEV_PORT: String(PORT) },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    vite.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    vite.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(
      () =>
        fetch(`http://127.0.0.1:${PORT}/console/`).then(
          (r) => r.status,
          () => 0,
        ),
      (status) => status === 200,
      { what: `vite on port ${PORT}`, timeoutMs: 60_000 },
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\nvite said: ${output}`);
    });
  }, 90_000);
  afterAll(async () => {
    // npm starts vite as its child: the whole process group goes.
    if (vite?.pid && vite.exitCode === null) process.kill(-vite.pid, 'SIGTERM');
    await gw?.stop();
  });

  it('serves the console with hot reload and passes /graphql through to the gateway', async () => {
    const page = await fetch(`http://127.0.0.1:${PORT}/console/`);
    expect(await page.text()).toContain('/@vite/client');
    const token = await gw.login();
    const res = await fetch(`http://127.0.0.1:${PORT}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ me { kind } }' }),
    });
    expect(await res.json()).toEqual({ data: { me: { kind: 'user' } } });
  });
});
