import { Readable } from 'node:stream';
import { Injectable, Logger, Optional } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { DataSource, type EntityManager } from 'typeorm';
import { readCsvRecords } from '@/common/csv-stream.js';
import { AppError, NotFound, ValidationFailed } from '@/common/errors.js';
import { isUuid, newId } from '@/common/ids.js';
import { decodeCursor, resolveLimit, toPage, type Page } from '@/common/pagination.js';
import type { RequestContext } from '@/modules/audit/audit-context.js';
import { AuditService, auditedBy } from '@/modules/audit/audit.service.js';
import { AccountSettingsCache } from '@/modules/auth/account-settings-cache.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { DevicesService } from '@/modules/devices/devices.service.js';
import { DestinationPolicy } from '@/modules/messages/destination-policy.js';
import { MAX_SCHEDULE_AHEAD_MS, senderOf } from '@/modules/messages/message-factory.js';
import { MessageTransitions } from '@/modules/messages/message-transitions.js';
import { MessagesRepository } from '@/modules/messages/messages.repository.js';
import { TemplateText } from '@/modules/templates/template-text.js';
import { checkValues, TemplatesService } from '@/modules/templates/templates.service.js';
import { CANCELABLE, PAUSABLE, type CampaignState } from './campaign-state.js';
import { toCampaignResource, type CampaignResource } from './campaign.resource.js';
import { CampaignsRepository, type CampaignRow } from './campaigns.repository.js';
import type { CreateCampaignDto } from './dto/campaign.dto.js';
import { RecipientImport, type ImportErrorRow, type ImportStats } from './recipients-import.js';
import { parseClock } from './zones.js';
import type { AccountId } from '@/common/account-id.js';

/** The CSV upload's own body limit: a million rows with a few columns each. */
export const RECIPIENTS_MAX_BYTES = 256 * 1024 * 1024;
/** Characters a CSV record may have. */
const MAX_RECORD_CHARS = 20_000;
/** Refused rows listed in the upload's answer; all of them are in the errors CSV. */
export const ERRORS_LISTED = 100;
const EXPORT_PAGE = 5_000;

export class CampaignNotFound extends NotFound {
  constructor() {
    super('Campaign');
  }
}

export class CampaignStateConflict extends AppError {
  constructor(state: CampaignState, what: string) {
    super('CAMPAIGN_STATE_CONFLICT', `The campaign is ${state}: it cannot be ${what}`);
  }
}

/** What an upload did: counts, and the first refused rows (line, cell, code, message). Not `errors`: the upload succeeded. */
export interface ImportReport extends Omit<ImportStats, 'zones'> {
  refusedRows: ImportErrorRow[];
}

/** Told when a campaign may have work, so the pump (in a worker process) looks at once. */
export abstract class CampaignWake {
  abstract wake(): void;
}

const RESULT_COLUMNS = [
  'line',
  'phoneNumber',
  'status',
  'errorCode',
  'messageId',
  'sentAt',
  'deliveredAt',
  'optedOut',
] as const;
const ERROR_COLUMNS = ['line', 'value', 'code', 'message'] as const;

/**
 * Campaigns (issue 19): drafts, their recipients (CSV or a list), launch, pause, resume, cancel,
 * counts and results. The messages are made by the worker's CampaignPump.
 */
@Injectable()
export class CampaignsService {
  private readonly logger = new Logger(CampaignsService.name);

  constructor(
    private readonly repo: CampaignsRepository,
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly templates: TemplatesService,
    private readonly devices: DevicesService,
    private readonly destinations: DestinationPolicy,
    private readonly settings: AccountSettingsCache,
    private readonly messages: MessagesRepository,
    private readonly transitions: MessageTransitions,
    @Optional() private readonly pump?: CampaignWake,
  ) {}

  async list(
    account: AccountRef,
    query: { cursor?: string | null; limit?: number | null },
  ): Promise<Page<CampaignResource>> {
    const limit = resolveLimit(query.limit ?? undefined);
    const rows = await this.repo.list(
      account.accountId,
      query.cursor ? decodeCursor(query.cursor) : undefined,
      limit + 1,
    );
    const page = toPage(
      rows,
      limit,
      (r) => ({ t: r.t, id: r.row.id }),
      (r) => r.row,
    );
    const items = await Promise.all(
      page.items.map(async (i) => ({ cursor: i.cursor, node: await this.resource(account, i.node) })),
    );
    return { items, nextCursor: page.nextCursor };
  }

  async get(account: AccountRef, id: string): Promise<CampaignResource> {
    return this.resource(account, await this.row(account, id));
  }

  async create(account: AccountRef, dto: CreateCampaignDto, context?: RequestContext): Promise<CampaignResource> {
    const { body, defaults, templateId } = await this.text(account, dto);
    const quiet = this.quietHours(dto.quietHours);
    let startAt: Date | null = null;
    if (dto.startAt !== undefined) {
      startAt = new Date(dto.startAt);
      if (startAt.getTime() - Date.now() > MAX_SCHEDULE_AHEAD_MS) {
        throw new AppError('INVALID_SCHEDULE', 'startAt is more than a year ahead');
      }
    }
    if (dto.deviceId !== undefined) await this.devices.get(account, dto.deviceId);
    const created = await this.db.transaction(async (manager) => {
      const row = await this.repo.insert(account.accountId, manager, {
        id: newId(),
        name: dto.name,
        template_id: templateId,
        body,
        defaults,
        from: dto.from ?? null,
        device_id: dto.deviceId ?? null,
        sim_slot: dto.simSlot ?? null,
        start_at: startAt,
        quiet_start: quiet?.start ?? null,
        quiet_end: quiet?.end ?? null,
        pace: dto.pace ?? null,
        created_by: senderOf(account),
      });
      await this.audit.record(manager, {
        ...auditedBy(account, context),
        action: 'campaign.created',
        target: { type: 'campaign', id: row.id },
        diff: {
          name: row.name,
          templateId,
          pace: row.pace,
          startAt: dto.startAt ?? null,
          quietHours: dto.quietHours ?? null,
        },
      });
      return row;
    });
    if (dto.recipients !== undefined) {
      const list = dto.recipients;
      await this.importRecords(
        account,
        created.id,
        {},
        async (onRecord) => {
          await onRecord(['phone'], 1);
          for (const [i, phone] of list.entries()) await onRecord([phone.trim()], i + 2);
        },
        context,
      );
    }
    return this.get(account, created.id);
  }

  /** A CSV upload (streamed) becomes the draft's recipients, replacing any earlier import. */
  importCsv(
    account: AccountRef,
    id: string,
    source: Readable,
    options: { phoneColumn?: string; columns?: string },
    context?: RequestContext,
  ): Promise<ImportReport> {
    const columns = options.columns === undefined ? undefined : this.columnsOf(options.columns);
    return this.importRecords(
      account,
      id,
      { phoneColumn: options.phoneColumn, columns },
      (onRecord) =>
        readCsvRecords(source, { maxBytes: RECIPIENTS_MAX_BYTES, maxRecordChars: MAX_RECORD_CHARS }, onRecord),
      context,
    );
  }

  /**
   * Reads the records into a new import's rows (written as they come, a chunk per statement, no
   * transaction held while the client uploads), then puts the import in force in one transaction
   * with its audit event, if the campaign is still a draft. A failed import (bad header, not CSV,
   * too large, the client gone, the campaign launched meanwhile) leaves the campaign as it was: its
   * rows are dropped.
   */
  private async importRecords(
    account: AccountRef,
    id: string,
    layout: { phoneColumn?: string; columns?: Record<string, string> },
    read: (onRecord: (cells: string[], line: number) => Promise<void>) => Promise<void>,
    context?: RequestContext,
  ): Promise<ImportReport> {
    const campaign = await this.row(account, id);
    if (campaign.state !== 'draft') throw new CampaignStateConflict(campaign.state, 'given new recipients');
    const importId = newId();
    const chosenZones = (await this.settings.get(account.accountId)).timeZones ?? {};
    const recipients = new RecipientImport(
      {
        template: TemplateText.parse(campaign.body),
        defaults: campaign.defaults,
        phoneColumn: layout.phoneColumn,
        columns: layout.columns,
        chosenZones,
        checkDestination: (phone) => this.destinations.check(account.accountId, phone),
      },
      {
        recipients: (rows) => this.repo.insertRecipients(account.accountId, id, importId, rows),
        errors: (rows) => this.repo.insertErrors(account.accountId, id, importId, rows),
      },
    );
    let previous: string | null = null;
    try {
      await read((cells, line) => recipients.record(cells, line));
      const stats = await recipients.finish();
      previous = await this.db.transaction(async (manager) => {
        const locked = await this.row(account, id, manager);
        if (locked.state !== 'draft') throw new CampaignStateConflict(locked.state, 'given new recipients');
        const replaced = await this.repo.useImport(account.accountId, manager, id, importId, stats);
        const { zones: _zones, ...counts } = stats;
        await this.audit.record(manager, {
          ...auditedBy(account, context),
          action: 'campaign.recipients_imported',
          target: { type: 'campaign', id },
          diff: counts,
        });
        return replaced;
      });
    } catch (error) {
      await this.drop(account.accountId, importId);
      throw error;
    }
    if (previous) await this.drop(account.accountId, previous);
    const { zones: _zones, ...counts } = recipients.stats;
    return { ...counts, refusedRows: await this.repo.importErrors(account.accountId, id, ERRORS_LISTED) };
  }

  /**
   * Starts a draft: at its startAt, or now. A campaign launched before (scheduled, running,
   * paused) is answered as it is, so a retried launch changes nothing; CAMPAIGN_NOT_LAUNCHABLE
   * when it has no recipient to send to, or is completed or canceled.
   */
  async launch(account: AccountRef, id: string, context?: RequestContext): Promise<CampaignResource> {
    const row = await this.db.transaction(async (manager) => {
      const c = await this.row(account, id, manager);
      if (c.state === 'scheduled' || c.state === 'running' || c.state === 'paused') return c;
      if (c.state !== 'draft') {
        throw new AppError('CAMPAIGN_NOT_LAUNCHABLE', `The campaign is ${c.state}; create a new one to send again`);
      }
      if (!c.import_id || !c.import_stats || c.import_stats.recipients === 0) {
        throw new AppError(
          'CAMPAIGN_NOT_LAUNCHABLE',
          c.import_id
            ? 'The campaign has no recipient to send to (every row was invalid, a duplicate or suppressed)'
            : 'The campaign has no recipients: upload a CSV to POST /v1/campaigns/{id}/recipients first',
        );
      }
      const next = c.start_at && c.start_at.getTime() > Date.now() ? 'scheduled' : 'running';
      const launched = await this.repo.setState(
        account.accountId,
        manager,
        id,
        ['draft'],
        next,
        'launched_at = now(), paced_at = now()',
      );
      await this.record(manager, account, 'campaign.launched', id, { state: { from: 'draft', to: next } }, context);
      return launched!;
    });
    this.pump?.wake();
    return this.resource(account, row);
  }

  /** Stops making messages within a second; those already handed on still go. Paused again: as it is. */
  async pause(account: AccountRef, id: string, context?: RequestContext): Promise<CampaignResource> {
    const row = await this.db.transaction(async (manager) => {
      const c = await this.row(account, id, manager);
      if (c.state === 'paused') return c;
      if (!PAUSABLE.includes(c.state)) throw new CampaignStateConflict(c.state, 'paused');
      const paused = await this.repo.setState(account.accountId, manager, id, PAUSABLE, 'paused');
      await this.record(manager, account, 'campaign.paused', id, { state: { from: c.state, to: 'paused' } }, context);
      return paused!;
    });
    return this.resource(account, row);
  }

  async resume(account: AccountRef, id: string, context?: RequestContext): Promise<CampaignResource> {
    const row = await this.db.transaction(async (manager) => {
      const c = await this.row(account, id, manager);
      if (c.state === 'running' || c.state === 'scheduled') return c;
      if (c.state !== 'paused') throw new CampaignStateConflict(c.state, 'resumed');
      const next = c.start_at && c.start_at.getTime() > Date.now() ? 'scheduled' : 'running';
      const resumed = await this.repo.setState(account.accountId, manager, id, ['paused'], next, 'paced_at = now()');
      await this.record(manager, account, 'campaign.resumed', id, { state: { from: 'paused', to: next } }, context);
      return resumed!;
    });
    this.pump?.wake();
    return this.resource(account, row);
  }

  /**
   * Ends the campaign: recipients still waiting get no message, and its messages not yet handed to
   * a phone or carrier are canceled (with their events and webhooks). Canceled again: as it is.
   */
  async cancel(account: AccountRef, id: string, context?: RequestContext): Promise<CampaignResource> {
    const at = new Date();
    const { row, canceled } = await this.db.transaction(async (manager) => {
      const c = await this.row(account, id, manager);
      if (c.state === 'canceled') return { row: c, canceled: [] };
      if (!CANCELABLE.includes(c.state)) throw new CampaignStateConflict(c.state, 'canceled');
      const ended = await this.repo.setState(
        account.accountId,
        manager,
        id,
        CANCELABLE,
        'canceled',
        'finished_at = now()',
      );
      await this.repo.cancelPending(account.accountId, manager, c);
      const stopped = await this.messages.cancelCampaign(account.accountId, manager, id, at);
      await this.record(
        manager,
        account,
        'campaign.canceled',
        id,
        { state: { from: c.state, to: 'canceled' }, messagesCanceled: stopped.length },
        context,
      );
      return { row: ended!, canceled: stopped };
    });
    for (const m of canceled) this.transitions.changed(account.accountId, m.id, 'canceled', at);
    return this.resource(account, row);
  }

  /**
   * Per recipient, by line, as CSV (streamed, a page at a time): the message's status (or the
   * recipient's state, or `invalid` / `duplicate` for refused rows), its error code, message id,
   * sent and delivered times, and whether the recipient replied STOP after it.
   */
  async results(account: AccountRef, id: string): Promise<Readable> {
    const c = await this.row(account, id);
    const repo = this.repo;
    const columns = [...RESULT_COLUMNS];
    async function* pages() {
      yield stringify([], { header: true, columns });
      if (!c.import_id) return;
      let after = 0;
      for (;;) {
        const page = await repo.resultsPage(account.accountId, c.import_id, after, EXPORT_PAGE);
        if (page.length === 0) return;
        yield stringify(
          page.map((r) => ({
            line: r.line,
            phoneNumber: csvSafe(r.phone),
            status: r.state,
            errorCode: r.error_code ?? '',
            messageId: r.message_id ?? '',
            sentAt: r.sent_at?.toISOString() ?? '',
            deliveredAt: r.delivered_at?.toISOString() ?? '',
            optedOut: r.opted_out ? 'true' : 'false',
          })),
          { columns },
        );
        if (page.length < EXPORT_PAGE) return;
        after = page[page.length - 1].line;
      }
    }
    return Readable.from(pages());
  }

  /** The rows the import in force refused, as CSV: line, the phone cell, code, message. */
  async importErrorsCsv(account: AccountRef, id: string): Promise<string> {
    await this.row(account, id);
    const rows = await this.repo.importErrors(account.accountId, id, 1_000_000);
    return stringify(
      rows.map((r) => ({ ...r, value: csvSafe(r.value) })),
      { header: true, columns: [...ERROR_COLUMNS] },
    );
  }

  async resource(account: AccountRef, row: CampaignRow): Promise<CampaignResource> {
    const [tallies, messages] = await Promise.all([
      this.repo.tallies(account.accountId, row),
      row.import_id ? this.messages.campaignStatusCounts(account.accountId, row.id) : {},
    ]);
    return toCampaignResource(row, { ...tallies, messages });
  }

  /** The account's campaign, or CampaignNotFound; with `manager`, locked for its transaction. */
  async row(account: AccountRef, id: string, manager?: EntityManager): Promise<CampaignRow> {
    const row = isUuid(id) ? await this.repo.find(account.accountId, id, manager) : undefined;
    if (!row) throw new CampaignNotFound();
    return row;
  }

  private record(
    manager: EntityManager,
    account: AccountRef,
    action: 'campaign.launched' | 'campaign.paused' | 'campaign.resumed' | 'campaign.canceled',
    id: string,
    diff: Record<string, unknown>,
    context?: RequestContext,
  ): Promise<void> {
    return this.audit.record(manager, {
      ...auditedBy(account, context),
      action,
      target: { type: 'campaign', id },
      diff,
    });
  }

  /** The campaign's text: a template's (copied, its defaults under the campaign's) or its own. */
  private async text(
    account: AccountRef,
    dto: CreateCampaignDto,
  ): Promise<{ body: string; defaults: Record<string, string>; templateId: string | null }> {
    const own = checkValues(dto.defaults, 'defaults');
    if (dto.templateId !== undefined) {
      if (dto.body !== undefined) {
        throw new ValidationFailed([{ field: 'body', message: 'give body or templateId, not both' }]);
      }
      const template = await this.templates.get(account, dto.templateId);
      return { body: template.body, defaults: { ...template.defaults, ...own }, templateId: template.id };
    }
    TemplateText.parse(dto.body!);
    return { body: dto.body!, defaults: own, templateId: null };
  }

  private quietHours(q: CreateCampaignDto['quietHours']): { start: number; end: number } | null {
    if (!q) return null;
    const start = parseClock(q.start)!;
    const end = parseClock(q.end)!;
    if (start === end) {
      throw new ValidationFailed([
        { field: 'quietHours', message: 'quietHours must not start and end at the same time' },
      ]);
    }
    return { start, end };
  }

  private columnsOf(text: string): Record<string, string> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ValidationFailed([
        { field: 'columns', message: 'columns must be a JSON object of variable to column' },
      ]);
    }
    return checkValues(parsed, 'columns');
  }

  private async drop(accountId: AccountId, importId: string): Promise<void> {
    await this.repo.dropImport(accountId, importId).catch((error: unknown) => {
      this.logger.warn({ err: error, importId }, "could not drop an import's rows");
    });
  }
}

/** A cell a spreadsheet would run as a formula (=, +, -, @ first) gets a leading quote. E.164 numbers keep their +. */
function csvSafe(value: string): string {
  if (/^\+[1-9]\d{1,14}$/.test(value)) return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
