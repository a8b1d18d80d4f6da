import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError } from '@/common/errors.js';
import { PeriodicPass } from '@/common/periodic.js';
import { AppConfig } from '@/config/app-config.js';
import { DispatchQueue } from '@/modules/messages/dispatch-queue.js';
import { SendMessageDto } from '@/modules/messages/dto/send-message.dto.js';
import type { MessageEntity } from '@/modules/messages/entities/message.entity.js';
import { prepareMessage } from '@/modules/messages/message-factory.js';
import { MessageTransitions } from '@/modules/messages/message-transitions.js';
import { MessagesRepository } from '@/modules/messages/messages.repository.js';
import { TemplateText } from '@/modules/templates/template-text.js';
import type { RecipientState } from './campaign-state.js';
import { CampaignWake } from './campaigns.service.js';
import { CampaignPumpRepository, CampaignsRepository, type CampaignRow } from './campaigns.repository.js';
import { zoneOpen } from './zones.js';

/** Recipients one pass takes from one campaign at most. */
export const CLAIM_MAX = 1_000;
/** A paced campaign that waited (quiet hours, a pause, a slow pass) catches up by this much at most. */
export const PACE_BURST_MS = 1_000;

type Outcome = { line: number; state: RecipientState; messageId: string | null; errorCode: string | null };

/**
 * Makes campaigns' messages (worker role): every CAMPAIGN_TICK_MS, each running campaign gets the
 * next recipients of the zones outside quiet hours, as many as its pace has released since the
 * last pass and as its window of messages not yet handed on allows. A recipient's message is
 * written in the transaction that marks it taken, under the campaign's row lock (SKIP LOCKED, so
 * several workers share campaigns without making one twice); the messages are enqueued after the
 * commit (a crash in between leaves them to the recovery sweep). A campaign with nobody left to
 * take and no message still to hand on is completed.
 */
@Injectable()
export class CampaignPump extends CampaignWake implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CampaignPump.name);
  private readonly loop = new PeriodicPass(() => this.pass());

  constructor(
    private readonly repo: CampaignsRepository,
    private readonly pump: CampaignPumpRepository,
    private readonly db: DataSource,
    private readonly messages: MessagesRepository,
    private readonly dispatchQueue: DispatchQueue,
    private readonly transitions: MessageTransitions,
    private readonly config: AppConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.loop.start(this.config.CAMPAIGN_TICK_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }

  wake(): void {
    this.loop.trigger();
  }

  /** One pass over every campaign with work; exposed for tests. Answers the messages made. */
  async pass(): Promise<number> {
    let made = 0;
    try {
      for (const c of await this.pump.active()) {
        if (c.state === 'scheduled') await this.pump.startDue(c.id);
        made += await this.pumpOne(c.id);
      }
    } catch (error) {
      this.logger.error({ err: error }, 'campaign pass failed; the next one tries again');
    }
    return made;
  }

  private async pumpOne(id: string): Promise<number> {
    const made = await this.db.transaction(async (manager) => {
      const c = await this.pump.lockForPump(manager, id);
      if (!c?.import_id) return [];
      const now = new Date();
      const quiet = c.quiet_start === null || c.quiet_end === null ? null : { start: c.quiet_start, end: c.quiet_end };
      const open = c.zones.filter((zone) => zoneOpen(zone, now, quiet));
      const interval = c.pace ? 60_000 / c.pace : 0;
      const from = Math.max((c.paced_at ?? now).getTime(), now.getTime() - PACE_BURST_MS);
      const waiting = await this.messages.countCampaignIn(c.account_id, manager, c.id, ['scheduled', 'queued']);
      let budget = Math.min(CLAIM_MAX, this.window(c) - waiting);
      if (interval > 0) budget = Math.min(budget, Math.floor((now.getTime() - from) / interval));
      const claimed = budget > 0 && open.length > 0 ? await this.pump.claim(manager, c, open, budget) : [];
      if (claimed.length < budget || open.length === 0) {
        // Nobody to take now: the pace does not save up for later (no burst when quiet hours end).
        await this.pump.setPacedAt(manager, c, now);
        if (claimed.length === 0 && !(await this.pump.hasPending(manager, c))) {
          const unsent = await this.messages.countCampaignIn(c.account_id, manager, c.id, [
            'scheduled',
            'queued',
            'sending',
          ]);
          if (unsent === 0) {
            await this.repo.setState(c.account_id, manager, c.id, ['running'], 'completed', 'finished_at = now()');
            this.logger.log({ campaignId: c.id }, 'campaign completed');
          }
          return [];
        }
      } else if (claimed.length > 0) {
        await this.pump.setPacedAt(manager, c, interval > 0 ? new Date(from + claimed.length * interval) : now);
      }
      if (claimed.length === 0) return [];
      const { messages, outcomes } = this.make(c, claimed, now);
      const written = await this.messages.insertUnlessSuppressed(
        c.account_id,
        messages.map((m) => m.message),
        messages.map(() => true),
        manager,
      );
      const kept: MessageEntity[] = [];
      for (const [i, { line, message }] of messages.entries()) {
        if (written[i]) {
          kept.push(message);
          outcomes.push({ line, state: 'queued', messageId: message.id, errorCode: null });
        } else outcomes.push({ line, state: 'suppressed', messageId: null, errorCode: 'RECIPIENT_OPTED_OUT' });
      }
      await this.pump.settle(manager, c, outcomes);
      return kept;
    });
    if (made.length === 0) return 0;
    try {
      await this.dispatchQueue.enqueue(made);
    } catch (error) {
      this.logger.error({ err: error, messages: made.length }, 'enqueue failed; the recovery sweep will enqueue them');
    }
    for (const m of made) this.transitions.changed(m.accountId, m.id, m.status, m.createdAt);
    return made.length;
  }

  /** Messages not yet handed on that a campaign may have: 5 s of its pace (50 at least), else the configured window. */
  private window(c: CampaignRow): number {
    return c.pace ? Math.max(50, Math.ceil((c.pace / 60) * 5)) : this.config.CAMPAIGN_MAX_WAITING;
  }

  private make(
    c: CampaignRow,
    claimed: { line: number; phone: string; variables: Record<string, string> | null }[],
    now: Date,
  ): { messages: { line: number; message: MessageEntity }[]; outcomes: Outcome[] } {
    const text = TemplateText.parse(c.body);
    const messages: { line: number; message: MessageEntity }[] = [];
    const outcomes: Outcome[] = [];
    for (const r of claimed) {
      try {
        const dto = Object.assign(new SendMessageDto(), {
          to: r.phone,
          body: text.render(r.variables ?? {}, c.defaults),
          ...(c.from !== null ? { from: c.from } : {}),
          ...(c.device_id !== null ? { deviceId: c.device_id } : {}),
          ...(c.sim_slot !== null ? { simSlot: c.sim_slot } : {}),
        });
        const message = prepareMessage(c.account_id, dto, now, undefined, {
          sentBy: `campaign:${c.id}`,
          campaignId: c.id,
        });
        message.templateId = c.template_id;
        messages.push({ line: r.line, message });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        outcomes.push({ line: r.line, state: 'error', messageId: null, errorCode: error.code });
      }
    }
    return { messages, outcomes };
  }
}
