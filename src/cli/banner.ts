import type { AppConfig } from '@/config/app-config.js';
import type { RunningGateway } from '@/bootstrap.js';

export interface DemoPhoneInfo {
  name: string;
  deviceId: string;
  /** 127.0.0.1 port where `POST /inbound {from, body, simSlot?}` simulates an SMS to this phone. */
  controlPort?: number;
}

/** What a person needs after start: where things are, and how to sign in. Goes to stdout, once. */
export function printBanner(
  config: AppConfig,
  gateway: Pick<RunningGateway, 'url' | 'admin'> & { processes?: string },
  phones: DemoPhoneInfo[] = [],
): void {
  const lines: string[] = ['', `SMS gateway is up (roles: ${config.ROLES.join(', ')})`];
  if (gateway.processes) lines.push(`  Processes ${gateway.processes}   (API_PROCESSES)`);
  if (gateway.url) {
    const base = config.PUBLIC_URL ?? gateway.url;
    lines.push(
      `  Console   ${base}/console/   (sign in with the admin login below)`,
      `  API       ${base}/v1   (reference: ${base}/docs)`,
      `  GraphQL   ${base}/graphql${config.graphqlIntrospection ? `   (GraphiQL: ${base}/graphiql)` : ''}`,
      `  Phones    ${base}/agent   (Socket.IO)`,
      `  Health    ${base}/health/ready`,
    );
  }
  if (gateway.admin.created) {
    lines.push('', `  Admin     ${gateway.admin.email}`);
    if (gateway.admin.generatedPassword) {
      lines.push(`  Password  ${gateway.admin.generatedPassword}   (generated now and shown only once: keep it)`);
    } else {
      lines.push('  Password  the BOOTSTRAP_ADMIN_PASSWORD you set');
    }
  } else {
    lines.push('', `  Admin     sign in as an existing user (the first boot printed the bootstrap admin's password)`);
  }
  if (phones.length > 0) {
    lines.push(
      '',
      `  Demo phones (headless agents with simulated SIMs): ${phones.map((p) => `${p.name} ${p.deviceId}`).join(', ')}`,
    );
    const controlled = phones.filter((p) => p.controlPort !== undefined);
    const [first] = controlled;
    if (first) {
      lines.push(
        `  Inbound   simulate a received SMS: ${controlled.map((p) => `${p.name} 127.0.0.1:${p.controlPort}`).join(', ')}`,
        `            curl -X POST http://127.0.0.1:${first.controlPort}/inbound -H 'content-type: application/json' -d '{"from":"+4915123456789","body":"STOP"}'`,
      );
    }
  }
  lines.push('');
  console.log(lines.join('\n'));
}
