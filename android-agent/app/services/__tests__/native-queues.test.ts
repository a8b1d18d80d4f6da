import AsyncStorage from '@react-native-async-storage/async-storage';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { DeviceEventEmitter, NativeModules } from 'react-native';
import type { OutboxChanges } from '../../../src/lib/index';
import { testController, waitFor, type TestRig } from '../../test-support/controller';
import type { AgentController } from '../agent-controller';
import { AsyncStorageOutboxStore } from '../async-storage-outbox-store';
import { createSmsTransport } from '../transport';

/**
 * The native SMS module faked at its boundary (NativeModules.SmsTransport and its events); the
 * adapter, the controller and the agent core above it are real. The two queues stand for what
 * SmsInboxReceiver and SmsReportReceiver persisted, possibly before this runtime began.
 */
class FakeNativeModule {
  inbound: Record<string, unknown>[] = [];
  reports: Record<string, unknown>[] = [];
  readonly sends: string[] = [];
  readonly log: string[] = [];

  listSims = () => Promise.resolve([{ slot: 0, subscriptionId: 1 }]);
  send = (id: string) => {
    this.sends.push(id);
    return Promise.resolve({ parts: 1 });
  };
  pendingInbound = () => Promise.resolve(structuredClone(this.inbound));
  ackInbound = (ids: string[]) => {
    this.log.push(`ack inbound ${ids.join(',')}`);
    this.inbound = this.inbound.filter((item) => !ids.includes(item.id as string));
    return Promise.resolve();
  };
  pendingReports = () => Promise.resolve(structuredClone(this.reports));
  ackReports = (ids: string[]) => {
    this.log.push(`ack reports ${ids.join(',')}`);
    this.reports = this.reports.filter((item) => !ids.includes(item.id as string));
    return Promise.resolve();
  };
  addListener = () => undefined;
  removeListeners = () => undefined;

  /** As SmsReportReceiver does after queueing, while JavaScript runs. */
  queueReport(report: Record<string, unknown>): void {
    this.reports.push(report);
    DeviceEventEmitter.emit('SmsTransportReportsQueued', null);
  }
}

/** The app's outbox store, noting when a write is durable, to compare with the acks. */
class LoggingOutboxStore extends AsyncStorageOutboxStore {
  constructor(private readonly log: string[]) {
    super();
  }

  override async apply(changes: OutboxChanges): Promise<void> {
    await super.apply(changes);
    for (const item of changes.putInbound ?? []) {
      this.log.push(`stored inbound from ${item.payload.from}`);
    }
    for (const entry of changes.put ?? []) {
      this.log.push(`stored ${entry.id} ${entry.state}`);
    }
  }
}

const future = () => new Date(Date.now() + 3_600_000).toISOString();

describe('the native queues of received SMS and reports', () => {
  let native: FakeNativeModule;
  let rigs: TestRig[] = [];

  beforeEach(async () => {
    await AsyncStorage.clear();
    native = new FakeNativeModule();
    (NativeModules as Record<string, unknown>).SmsTransport = native;
  });

  afterEach(async () => {
    for (const rig of rigs) {
      await rig.controller.stop();
    }
    rigs = [];
    delete (NativeModules as Record<string, unknown>).SmsTransport;
  });

  /** A controller over the real adapter of the faked module, acking once its outbox has stored. */
  function nativeRig(): TestRig {
    const built: { controller?: AgentController } = {};
    const rig = testController({
      deps: {
        transport: createSmsTransport({ stored: () => built.controller?.whenStored() ?? Promise.resolve() }),
        outbox: new LoggingOutboxStore(native.log),
      },
    });
    built.controller = rig.controller;
    rigs.push(rig);
    return rig;
  }

  it('forwards an SMS received while the app was not running, and acks it only once stored', async () => {
    native.inbound.push({
      id: 'q1',
      from: '+4917612345678',
      body: 'STOP',
      receivedAt: Date.UTC(2026, 0, 2, 3, 4, 5),
      subscriptionId: 1,
      slot: 0,
    });
    const rig = nativeRig();
    await rig.controller.init();

    await rig.controller.start();

    await waitFor(() => rig.server.received.length === 1);
    expect(rig.server.received[0]).toMatchObject({
      // The queue's id: a repeat after a lost ack is recognised by the server.
      id: 'q1',
      from: '+4917612345678',
      body: 'STOP',
      receivedAt: '2026-01-02T03:04:05.000Z',
      simSlot: 0,
    });
    await waitFor(() => native.inbound.length === 0);
    const stored = native.log.indexOf('stored inbound from +4917612345678');
    expect(stored).toBeGreaterThanOrEqual(0);
    expect(native.log.indexOf('ack inbound q1')).toBeGreaterThan(stored);
  });

  it('hands an SMS whose ack was lost over again at the next start, under the same id', async () => {
    native.inbound.push({
      id: 'q2',
      from: '+4917612345678',
      body: 'HELP',
      receivedAt: Date.UTC(2026, 0, 2, 3, 4, 5),
      subscriptionId: 1,
      slot: 0,
    });
    const acks = native.ackInbound;
    // The process dies between storing and acking: the native queue still holds the SMS.
    native.ackInbound = () => Promise.reject(new Error('process died'));
    const first = nativeRig();
    await first.controller.init();
    await first.controller.start();
    await waitFor(() => first.server.received.length === 1);
    await first.controller.stop();

    native.ackInbound = acks;
    const second = nativeRig();
    await second.controller.init();
    await second.controller.start();

    await waitFor(() => second.server.received.length === 1);
    expect(second.server.received[0]).toMatchObject({ id: 'q2', body: 'HELP' });
    expect(first.server.received[0]).toMatchObject({ id: 'q2' });
    await waitFor(() => native.inbound.length === 0);
  });

  it('applies a sent report that arrived after the process died to the message the outbox kept', async () => {
    const first = nativeRig();
    await first.controller.init();
    await first.controller.start();
    await waitFor(() => first.controller.state.connection === 'online');
    await first.server.send({ id: 'm1', to: '+12025550123', body: 'hello', expiresAt: future(), attempt: 1 });
    await waitFor(() => native.sends.includes('m1'));
    await first.controller.stop();

    // SmsReportReceiver queued the report while nothing of the app ran.
    native.reports.push({ id: 'r1', messageId: 'm1', partIndex: 0, partCount: 1, kind: 'sent', ok: true });
    const second = nativeRig();
    await second.controller.init();
    await second.controller.start();

    await waitFor(() => second.server.statuses.some((s) => (s as { status?: string }).status === 'sent'));
    expect(second.server.statuses).toEqual([expect.objectContaining({ id: 'm1', status: 'sent' })]);
    await waitFor(() => native.reports.length === 0);
    expect(native.log.indexOf('stored m1 sent')).toBeGreaterThanOrEqual(0);
    expect(native.log.indexOf('ack reports r1')).toBeGreaterThan(native.log.indexOf('stored m1 sent'));
  });

  it('applies reports queued while running, as the receiver announces them', async () => {
    const rig = nativeRig();
    await rig.controller.init();
    await rig.controller.start();
    await waitFor(() => rig.controller.state.connection === 'online');
    await rig.server.send({ id: 'm2', to: '+12025550123', body: 'hello', expiresAt: future(), attempt: 1 });
    await waitFor(() => native.sends.includes('m2'));

    native.queueReport({ id: 'r2', messageId: 'm2', partIndex: 0, partCount: 1, kind: 'sent', ok: true });

    await waitFor(() => rig.controller.state.recentSends[0]?.status === 'sent');
    await waitFor(() => native.reports.length === 0);
    expect(native.log).toContain('ack reports r2');
  });
});
