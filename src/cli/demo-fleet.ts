import type { INestApplicationContext } from '@nestjs/common';
import { startHeadlessAgent, type HeadlessAgent } from '@sms-gateway/android-agent/headless';
import { AuthService } from '@/modules/auth/auth.service.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { DevicesService } from '@/modules/devices/devices.service.js';
import type { DemoPhoneInfo } from './banner.js';

export interface DemoFleet {
  phones: DemoPhoneInfo[];
  stop(): Promise<void>;
}

/**
 * `DEMO_PHONES` headless agents (the real agent core with a simulated SIM) paired to the first
 * account over the real pairing endpoint and socket, exactly as a phone would. Each start issues
 * fresh pairing codes, so the devices keep their ids across restarts.
 */
export async function startDemoFleet(
  app: INestApplicationContext,
  serverUrl: string,
  count: number,
  deliveryMs: number,
): Promise<DemoFleet> {
  if (count === 0) return { phones: [], stop: () => Promise.resolve() };
  const accountId = await app.get(AuthService).operatorAccountId();
  if (!accountId) throw new Error('no account to attach the demo phones to');
  const owner: AccountRef = { accountId, kind: 'user', subjectId: 'demo-fleet', scopes: ['admin'] };
  const devices = app.get(DevicesService);
  const running: HeadlessAgent[] = [];
  for (let i = 1; i <= count; i++) {
    const name = `demo-phone-${i}`;
    const existing = await devices.findByName(accountId, name);
    const code = existing
      ? (await devices.newPairing(owner, existing.id)).code
      : (await devices.create(owner, name)).pairing.code;
    // controlPort 0: each phone gets a free 127.0.0.1 port for simulating a received SMS.
    running.push(
      await startHeadlessAgent({ server: serverUrl, code, deliveryMs, sims: 1, maxPerMinute: 0, controlPort: 0 }),
    );
  }
  return {
    phones: running.map((r, i) => ({
      name: `demo-phone-${i + 1}`,
      deviceId: r.deviceId,
      ...(r.controlPort !== undefined ? { controlPort: r.controlPort } : {}),
    })),
    stop: async () => {
      await Promise.all(running.map((r) => r.stop()));
    },
  };
}
