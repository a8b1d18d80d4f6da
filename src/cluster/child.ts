import { startGateway, type RunningGateway } from '@/bootstrap.js';
import type { DemoPhoneInfo } from '@/cli/banner.js';
import { startDemoFleet, type DemoFleet } from '@/cli/demo-fleet.js';
import type { AppConfig } from '@/config/app-config.js';
import { onPrimaryMessage, sendToPrimary } from './ipc.js';

export interface ChildOptions {
  /** `npm start`: the worker's process pairs DEMO_PHONES headless phones once the api processes listen. */
  demoFleet: boolean;
}

/**
 * The life of a process the primary forked (src/cluster/primary.ts): boot its one role, tell the
 * primary it is ready, and stop when the primary says so or a signal comes (Ctrl-C reaches every
 * process of the terminal's group): once, whichever comes first, then exit 0.
 */
export async function runClusterChild(config: AppConfig, options: ChildOptions): Promise<void> {
  const running: { gateway?: RunningGateway; fleet?: DemoFleet } = {};
  let stopping = false;
  let apiUrl: ((url: string) => void) | undefined;
  const apiListening = new Promise<string>((resolve) => {
    apiUrl = resolve;
  });

  // A stop while booting exits at once: nothing has been handed to this process yet.
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void (async () => {
      try {
        await running.fleet?.stop();
        await running.gateway?.close();
        process.exit(0);
      } catch (error) {
        console.error(`${config.GATEWAY_PROCESS} did not stop cleanly:`, error);
        process.exit(1);
      }
    })();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  onPrimaryMessage((message) => {
    if (message.smsgw === 'stop') stop();
    else if (message.smsgw === 'api-url') apiUrl?.(message.url);
  });

  const gateway = await startGateway(config, { clusterChild: true });
  running.gateway = gateway;
  let phones: DemoPhoneInfo[] = [];
  if (options.demoFleet && !config.has('api') && config.DEMO_PHONES > 0) {
    sendToPrimary({ smsgw: 'api-url-request' });
    const url = await apiListening;
    running.fleet = await startDemoFleet(gateway.app, url, config.DEMO_PHONES, config.DEMO_DELIVERY_MS);
    phones = running.fleet.phones;
  }
  sendToPrimary({ smsgw: 'ready', url: gateway.url, admin: gateway.admin, phones });
}
