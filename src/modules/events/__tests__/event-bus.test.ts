import 'reflect-metadata';
import { Injectable, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { describe, expect, it } from 'vitest';
import { EventBus, HandlesRequest, OnEvent } from '../event-bus.js';
import type { DeviceStatusChange, InboundSms, OutboxSnapshot, ReportResult, StatusReport } from '../events.js';
import { EventsModule } from '../events.module.js';
import type { LiveView } from '@/modules/carriers/carrier-state.js';
import { accountIdOf } from '@/common/account-id.js';

const change: DeviceStatusChange = { accountId: accountIdOf('a'), deviceId: 'd', status: 'online', at: new Date(0) };

@Injectable()
class Channels {
  readonly seen: string[] = [];

  @HandlesRequest('channel.status')
  status(report: StatusReport): Promise<ReportResult> {
    this.seen.push(`status ${report.messageId}`);
    return Promise.resolve({ ok: true });
  }

  @HandlesRequest('channel.inbound')
  inbound(sms: InboundSms): Promise<ReportResult> {
    return Promise.resolve({ ok: false, code: `NO ${sms.from}` });
  }

  @HandlesRequest('channel.reconcile')
  reconcile(snapshot: OutboxSnapshot) {
    return Promise.resolve({ cancel: snapshot.outbox.map((o) => o.id), resend: [] });
  }

  @HandlesRequest('channel.presence-restored')
  presence(): Promise<void> {
    return Promise.resolve();
  }
}

@Injectable()
class Carriers {
  @HandlesRequest('carriers.owned')
  owned(query: { accountId: string; ids: string[] }): Promise<Set<string>> {
    return Promise.resolve(new Set(query.ids.filter((id) => id.startsWith(query.accountId))));
  }

  @HandlesRequest('carriers.live-state')
  live(ids: string[]): Promise<Map<string, LiveView>> {
    return Promise.resolve(
      new Map(
        ids.map((id) => [
          id,
          { state: null, detail: null, since: null, counters: {} as LiveView['counters'], processes: 0 },
        ]),
      ),
    );
  }
}

/** The metrics' gauges, each module's own (messages, webhooks, carriers, devices). */
@Injectable()
class Gauges {
  @HandlesRequest('messages.gauges')
  messages() {
    return Promise.resolve({ byStatus: [{ status: 'queued', n: 2 }], deadLetters: 1 });
  }

  @HandlesRequest('webhooks.gauges')
  webhooks() {
    return Promise.resolve({ deliveriesLastHour: [] });
  }

  @HandlesRequest('carriers.gauges')
  carriers(query: { limit: number }) {
    return Promise.resolve({ carriers: [{ id: 'c1', enabled: true }].slice(0, query.limit) });
  }

  @HandlesRequest('devices.throttles')
  throttles(): Promise<Map<string, number>> {
    return Promise.resolve(new Map([['d', 30]]));
  }
}

@Injectable()
class Listeners {
  readonly heard: string[] = [];

  @OnEvent('device.status')
  first(c: DeviceStatusChange): void {
    this.heard.push(`first ${c.status}`);
  }

  @OnEvent('device.status')
  broken(): Promise<void> {
    return Promise.reject(new Error('listener down'));
  }

  @OnEvent('device.status')
  async last(c: DeviceStatusChange): Promise<void> {
    await new Promise((r) => setTimeout(r, 5));
    this.heard.push(`last ${c.deviceId}`);
  }
}

@Injectable()
class SecondStatusHandler {
  @HandlesRequest('channel.status')
  status(): Promise<ReportResult> {
    return Promise.resolve({ ok: true });
  }
}

async function boot(...providers: Type[]) {
  @Module({ imports: [EventsModule], providers })
  class App {}
  return NestFactory.createApplicationContext(App, { logger: false, abortOnError: false });
}

describe('the event bus', () => {
  it("answers a request from its one handler and tells every listener, one's failure failing none", async () => {
    const app = await boot(Channels, Carriers, Gauges, Listeners);
    const bus = app.get(EventBus);
    const report: StatusReport = { accountId: accountIdOf('a'), messageId: 'm1', status: 'sent', at: new Date(0) };
    expect(await bus.request('channel.status', report)).toEqual({ ok: true });
    expect(app.get(Channels).seen).toEqual(['status m1']);
    expect(
      await bus.request('channel.inbound', {
        accountId: accountIdOf('a'),
        from: '+1',
        body: 'x',
        receivedAt: new Date(0),
      }),
    ).toEqual({ ok: false, code: 'NO +1' });
    // A request without input (the metrics' gauges).
    expect(await bus.request('messages.gauges', undefined)).toEqual({
      byStatus: [{ status: 'queued', n: 2 }],
      deadLetters: 1,
    });
    // The sender waits for every listener, and the failing one does not stop the others.
    await bus.emit('device.status', change);
    expect(app.get(Listeners).heard.sort()).toEqual(['first online', 'last d']);
    // A notification nobody listens to is fine.
    await bus.emit('message.inbound', {
      accountId: accountIdOf('a'),
      id: 'i',
      from: '+1',
      body: 'x',
      deviceId: null,
      simSlot: null,
      receivedAt: new Date(0),
    });
    await app.close();
  });

  it('fails the boot when a request has no handler', async () => {
    await expect(boot(Channels, Listeners)).rejects.toThrow(
      'no handler for the request event(s) carriers.live-state, carriers.owned, carriers.gauges, messages.gauges, ' +
        'webhooks.gauges, devices.throttles',
    );
    await expect(boot(Channels, Carriers, Listeners)).rejects.toThrow(
      'no handler for the request event(s) carriers.gauges, messages.gauges, webhooks.gauges, devices.throttles',
    );
  });

  it('fails the boot when a request has two handlers', async () => {
    await expect(boot(Channels, Carriers, Gauges, SecondStatusHandler)).rejects.toThrow(
      /two handlers for the request event channel\.status/,
    );
  });
});
