import { Injectable, Logger } from '@nestjs/common';
import { HandlesRequest } from '@/modules/events/event-bus.js';
import type { OutboxSnapshot, Reconciliation } from '@/modules/events/events.js';
import { FleetState } from '@/modules/devices/fleet-state.js';
import { DispatchQueue } from '@/modules/messages/dispatch-queue.js';
import { MessageTransitions } from '@/modules/messages/message-transitions.js';
import { MessagesRepository } from '@/modules/messages/messages.repository.js';
import type { AccountId } from '@/common/account-id.js';

/**
 * What the server and a phone believe it holds, made to agree: on its hello (the channel's
 * reconcile handler), when its presence is put back after Redis came back empty, and when its
 * lease runs out (the sweep).
 */
@Injectable()
export class PhoneReconciliationService {
  private readonly logger = new Logger(PhoneReconciliationService.name);

  constructor(
    private readonly repo: MessagesRepository,
    private readonly fleet: FleetState,
    private readonly transitions: MessageTransitions,
    private readonly dispatchQueue: DispatchQueue,
  ) {}

  /**
   * The lease sweep: a message handed to a phone that then went silent (no socket, no heartbeat)
   * for DEVICE_LEASE_SECONDS goes back to the queue for another phone. If the phone comes back
   * with it in its outbox, its hello is told to drop it. The `queued` event records why.
   */
  async reclaimLease(m: { id: string; accountId: AccountId; deviceId: string }): Promise<boolean> {
    // A phone still connected and heartbeating keeps what it holds, however long its queue is.
    if (await this.fleet.isHealthy(m.deviceId)) return false;
    const requeued = await this.transitions.requeue(m.accountId, m.id, ['sending'], {
      at: new Date(),
      source: 'system',
      errorCode: 'LEASE_EXPIRED',
      errorMessage: 'The phone went silent holding the message; it goes to another phone',
      requireDeviceId: m.deviceId,
    });
    await this.fleet.release(m.deviceId, m.id);
    if (!requeued) return false;
    await this.dispatchQueue.enqueueRetry(m.accountId, m.id, requeued.attempts, requeued.priority, 0);
    return true;
  }

  /** `channel.presence-restored`: the phone's held messages get their hand-overs again (below). */
  @HandlesRequest('channel.presence-restored')
  presenceRestored(device: { accountId: AccountId; deviceId: string }): Promise<void> {
    return this.redispatchHeld(device.accountId, device.deviceId);
  }

  /**
   * The phone is still connected, but Redis came back empty: a hand-over it did not acknowledge in
   * time waited in Redis for its retry, now gone. Each message `sending` on it gets a dispatch job
   * again, to this phone only (its outbox de-duplicates). When the old job survived, the new one
   * usually has the same id and is not added.
   */
  async redispatchHeld(accountId: AccountId, deviceId: string): Promise<void> {
    const held = await this.repo.sendingNotIn(accountId, deviceId, [], new Date());
    for (const m of held) await this.dispatchQueue.enqueueRetry(accountId, m.id, m.attempts, m.priority, 0);
    if (held.length > 0)
      this.logger.warn({ deviceId, count: held.length }, 'hand-overs given their jobs again after Redis came back');
  }

  /**
   * On `hello`: which messages in the phone's outbox it should still send and which to drop; and
   * the messages the server believes this phone holds but the phone does not list (lost on the
   * way, or the process died between assigning and sending) go back to the queue.
   */
  @HandlesRequest('channel.reconcile')
  async reconcile(snapshot: OutboxSnapshot): Promise<Reconciliation> {
    const ids = snapshot.outbox.map((e) => e.id);
    const states = await this.repo.statesForDevice(snapshot.accountId, snapshot.deviceId, ids);
    const cancel: string[] = [];
    const resend: string[] = [];
    for (const entry of snapshot.outbox) {
      if (entry.state !== 'accepted') continue;
      // Only a message still `sending` on this phone is its to send. Anything else (finished,
      // canceled, or re-queued after its lease ran out and perhaps already on another phone) is
      // dropped, so one message id is never sent by two phones.
      if (states.get(entry.id) === 'sending') resend.push(entry.id);
      else cancel.push(entry.id);
    }
    const missing = await this.repo.sendingNotIn(snapshot.accountId, snapshot.deviceId, ids, snapshot.assignedBefore);
    // A hand-over still on its way (from a dispatcher in another process, through Redis) may reach
    // the phone after the outbox it listed: given to another phone, it was sent twice. It goes to
    // this phone again instead; if the first one arrives too, the outbox takes it once.
    const onItsWay = missing.filter((m) => m.updated_at >= snapshot.onItsWaySince);
    for (const m of onItsWay)
      await this.dispatchQueue.enqueueRetry(snapshot.accountId, m.id, m.attempts, m.priority, 0);
    const lost = missing.filter((m) => m.updated_at < snapshot.onItsWaySince).map((m) => m.id);
    for (const id of lost) {
      const requeued = await this.transitions.requeue(snapshot.accountId, id, ['sending'], {
        at: new Date(),
        source: 'system',
        errorCode: 'NOT_ON_DEVICE',
        errorMessage: 'The phone did not have the message when it reconnected',
        requireDeviceId: snapshot.deviceId,
      });
      await this.fleet.release(snapshot.deviceId, id);
      if (requeued)
        await this.dispatchQueue.enqueueRetry(snapshot.accountId, id, requeued.attempts, requeued.priority, 0);
    }
    if (lost.length > 0)
      this.logger.log({ deviceId: snapshot.deviceId, count: lost.length }, 'requeued messages the phone lacked');
    return { cancel, resend };
  }
}
