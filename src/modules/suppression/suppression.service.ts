import { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { DataSource } from 'typeorm';
import { AppConfig } from '@/config/app-config.js';
import { NotFound, RateLimited, ValidationFailed } from '@/common/errors.js';
import { GroupCommitter } from '@/common/group-commit.js';
import { newId } from '@/common/ids.js';
import { maskPhone } from '@/common/mask.js';
import { pageWindow, resolveLimit, toRowPage, type Page } from '@/common/pagination.js';
import type { RequestContext } from '@/modules/audit/audit-context.js';
import { AuditService, auditedBy } from '@/modules/audit/audit.service.js';
import { AccountSettingsCache } from '@/modules/auth/account-settings-cache.js';
import { DEFAULT_KEYWORD_REPLIES } from '@/modules/auth/entities/account.entity.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { importPhoneNumbersCsv, type ImportReport } from './csv-import.js';
import type { AddSuppressionDto, SuppressionListQuery } from './dto/suppression.dto.js';
import { SUPPRESSION_REASONS, type SuppressionEntity, type SuppressionReason } from './entities/suppression.entity.js';
import { matchKeyword, type Keyword } from './keywords.js';
import { normalizePhoneNumber, tryNormalizePhoneNumber } from './phone-number.js';
import { SuppressionRepository } from './suppression.repository.js';
import type { AccountId } from '@/common/account-id.js';

export interface SuppressionResource {
  id: string;
  phoneNumber: string;
  reason: SuppressionReason;
  sourceMessageId: string | null;
  createdAt: string;
}

export function toSuppressionResource(s: SuppressionEntity): SuppressionResource {
  return {
    id: s.id,
    phoneNumber: s.phoneNumber,
    reason: s.reason,
    sourceMessageId: s.sourceMessageId,
    createdAt: s.createdAt.toISOString(),
  };
}

/** What an inbound keyword asks the messages module to send back, and to whom. */
export interface KeywordReply {
  keyword: Keyword;
  /** The sender in E.164. */
  to: string;
  body: string;
}

/** Rows per INSERT of an import, and per page of an export. */
export const IMPORT_CHUNK = 5000;
export const EXPORT_PAGE = 5000;
/** The import route's own body limit (the app's is 1 MiB): about 4 million numbers. */
export const IMPORT_MAX_BYTES = 100 * 1024 * 1024;
const MAX_INVALID_LISTED = 100;
const ANALYZE_AFTER_ROWS = 10_000;
const IMPORT_RETRY_AFTER_SECONDS = 10;
export const EXPORT_COLUMNS = ['phoneNumber', 'reason', 'sourceMessageId', 'createdAt'] as const;

/** A dispatch's question: was `phoneNumber` suppressed after `since`? */
interface DispatchCheck {
  accountId: AccountId;
  phoneNumber: string;
  since: Date;
}

const given = <T>(value: T | null | undefined): value is T => value !== null && value !== undefined;

/**
 * The account's suppression list (DESIGN.md §7): numbers no message may go to. The messages module
 * asks it before it accepts a send (the dispatch module again before it dispatches one), and hands
 * it inbound SMS for the STOP / START / HELP keywords. Changes through the API are audited; keyword changes are
 * the recipient's own act and are not (the inbound SMS is their record).
 */
@Injectable()
export class SuppressionService {
  private readonly logger = new Logger(SuppressionService.name);
  /** The dispatch-time checks (suppressedAfter), grouped as the messages' INSERTs are. */
  private readonly rechecks = new GroupCommitter<DispatchCheck, boolean>((checks) => this.checkAll(checks), {
    maxBatch: 500,
    maxInFlight: 4,
  });

  constructor(
    private readonly repo: SuppressionRepository,
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly settings: AccountSettingsCache,
  ) {}

  /** Imports running in this process, per account (SUPPRESSION_IMPORTS_PER_ACCOUNT at most). */
  private readonly importsRunning = new Map<string, number>();

  async list(account: AccountRef, query: SuppressionListQuery): Promise<Page<SuppressionResource>> {
    const limit = resolveLimit(query.limit ?? undefined);
    const reason = given(query.reason) ? query.reason : undefined;
    if (reason !== undefined && !(SUPPRESSION_REASONS as readonly string[]).includes(reason)) {
      throw new ValidationFailed([
        { field: 'reason', message: `reason must be one of ${SUPPRESSION_REASONS.join(', ')}` },
      ]);
    }
    const rows = await this.repo.list(account.accountId, {
      phoneNumber: given(query.phoneNumber) ? normalizePhoneNumber(query.phoneNumber) : undefined,
      reason: reason as SuppressionReason | undefined,
      ...pageWindow(limit, query.cursor),
    });
    return toRowPage(rows, limit, toSuppressionResource);
  }

  /** Adds a number by hand; adding one the list has already answers the existing entry unchanged. */
  async add(
    account: AccountRef,
    dto: AddSuppressionDto,
    context?: RequestContext,
  ): Promise<{ suppression: SuppressionResource; created: boolean }> {
    const phoneNumber = normalizePhoneNumber(dto.phoneNumber);
    return this.db.transaction(async (tx) => {
      const { entry, created } = await this.repo.add(
        account.accountId,
        { id: newId(), phoneNumber, reason: 'manual', sourceMessageId: null, createdAt: new Date() },
        tx,
      );
      if (created) {
        await this.audit.record(tx, {
          ...auditedBy(account, context),
          action: 'suppression.added',
          target: { type: 'suppression', id: entry.id },
          diff: { phoneNumber, reason: entry.reason },
        });
      }
      return { suppression: toSuppressionResource(entry), created };
    });
  }

  /** Removes a number; NOT_FOUND when the account's list does not have it. */
  async remove(account: AccountRef, phoneNumberInput: string, context?: RequestContext): Promise<void> {
    const phoneNumber = normalizePhoneNumber(phoneNumberInput);
    await this.db.transaction(async (tx) => {
      const removed = await this.repo.remove(account.accountId, phoneNumber, tx);
      if (!removed) throw new NotFound('Suppression');
      await this.audit.record(tx, {
        ...auditedBy(account, context),
        action: 'suppression.removed',
        target: { type: 'suppression', id: removed.id },
        diff: { phoneNumber, reason: removed.reason },
      });
    });
  }

  /**
   * A CSV import (see importPhoneNumbersCsv), streamed in chunks inside one transaction: the
   * answer commits with its audit event, and a failed import (bad header, not CSV, too large, the
   * client gone) writes nothing. Rows with invalid numbers are reported and skipped.
   */
  async import(account: AccountRef, source: Readable, context?: RequestContext): Promise<ImportReport> {
    const { accountId } = account;
    const running = this.importsRunning.get(accountId) ?? 0;
    if (running >= this.config.SUPPRESSION_IMPORTS_PER_ACCOUNT) {
      throw new RateLimited(
        IMPORT_RETRY_AFTER_SECONDS,
        `${running} imports of this account are running; start another when one has finished`,
      );
    }
    this.importsRunning.set(accountId, running + 1);
    const importId = newId();
    try {
      // The body is read and parsed into staging rows first, a chunk per statement: no connection
      // or transaction is held while a slow client uploads.
      const parsed = await importPhoneNumbersCsv(
        source,
        async (phoneNumbers) => {
          await this.repo.stageImport(accountId, importId, phoneNumbers);
          return phoneNumbers.length;
        },
        { chunkSize: IMPORT_CHUNK, maxBytes: IMPORT_MAX_BYTES, maxInvalidListed: MAX_INVALID_LISTED },
      );
      // Valid rows (repeats within a chunk counted as duplicates by the parser).
      const valid = parsed.imported + parsed.duplicates;
      const report = await this.db.transaction(async (tx) => {
        const imported = await this.repo.commitImport(accountId, importId, 'import', new Date(), tx);
        const result: ImportReport = { ...parsed, imported, duplicates: valid - imported };
        await this.audit.record(tx, {
          ...auditedBy(account, context),
          action: 'suppression.imported',
          target: { type: 'account', id: accountId },
          diff: { imported: result.imported, duplicates: result.duplicates, invalidCount: result.invalidCount },
        });
        return result;
      });
      // Fresh statistics after a bulk load: until autovacuum gets to it, the planner would take the
      // table for small and sort every remaining row for each page of a list or export.
      if (report.imported >= ANALYZE_AFTER_ROWS) await this.repo.refreshStatisticsAcrossAccounts();
      return report;
    } finally {
      const left = (this.importsRunning.get(accountId) ?? 1) - 1;
      if (left > 0) this.importsRunning.set(accountId, left);
      else this.importsRunning.delete(accountId);
      await this.repo.dropStaged(accountId, importId).catch((error: unknown) => {
        this.logger.warn({ err: error }, "could not drop an import's staging rows; a later import sweeps them");
      });
    }
  }

  /**
   * The whole list as CSV, read page by page in number order while the client downloads (a page is
   * fetched when the previous one has been written out), one chunk of text per page. Not one
   * snapshot: a number added or removed during a long export may or may not be in it. Every cell is
   * an E.164 number, a reason, a UUID or a timestamp: nothing a spreadsheet would run as a formula.
   */
  export(account: AccountRef): Readable {
    const repo = this.repo;
    const accountId = account.accountId;
    const columns = [...EXPORT_COLUMNS];
    async function* pages() {
      yield stringify([], { header: true, columns });
      let after: string | undefined;
      for (;;) {
        const page = await repo.exportPage(accountId, after, EXPORT_PAGE);
        if (page.length === 0) return;
        const rows = page.map((s) => ({
          phoneNumber: s.phoneNumber,
          reason: s.reason,
          sourceMessageId: s.sourceMessageId ?? '',
          createdAt: s.createdAt.toISOString(),
        }));
        yield stringify(rows, { columns });
        if (page.length < EXPORT_PAGE) return;
        after = page[page.length - 1].phoneNumber;
      }
    }
    // A failing page fails the stream, so the download ends short instead of looking complete.
    return Readable.from(pages());
  }

  /** Which of these E.164 numbers the account suppresses: one query for a batch. */
  suppressed(accountId: AccountId, phoneNumbers: string[]): Promise<Set<string>> {
    return this.repo.suppressedAmong(accountId, phoneNumbers);
  }

  async isSuppressed(accountId: AccountId, phoneNumber: string): Promise<boolean> {
    return (await this.repo.suppressedAmong(accountId, [phoneNumber])).size > 0;
  }

  /**
   * Whether the number was suppressed after a message to it was created: such a message must not go
   * out. A message created after the suppression (only a keyword reply can be) may. Asked once per
   * dispatch: the checks of concurrent dispatches share one query per account (grouped as the
   * messages' INSERTs are), each asked after its caller asked, so it sees every suppression
   * committed before that.
   */
  suppressedAfter(accountId: AccountId, phoneNumber: string, createdAt: Date): Promise<boolean> {
    return this.rechecks.submit({ accountId, phoneNumber, since: createdAt });
  }

  /** One query per account (queries stay tenant-scoped); the answers in the order of `checks`. */
  private async checkAll(checks: DispatchCheck[]): Promise<boolean[]> {
    const byAccount = new Map<AccountId, number[]>();
    for (const [i, c] of checks.entries()) {
      const indexes = byAccount.get(c.accountId);
      if (indexes) indexes.push(i);
      else byAccount.set(c.accountId, [i]);
    }
    const answers = new Array<boolean>(checks.length).fill(false);
    await Promise.all(
      [...byAccount].map(async ([accountId, indexes]) => {
        const hits = await this.repo.suppressedAfter(
          accountId,
          indexes.map((i) => checks[i]),
        );
        for (const [k, i] of indexes.entries()) answers[i] = hits[k];
      }),
    );
    return answers;
  }

  /**
   * An inbound SMS that is exactly one keyword (matchKeyword): STOP suppresses the sender (reason
   * `keyword`, the inbound id as its source) and answers the confirmation; START removes the
   * sender's suppression, whatever its reason, and confirms only when there was one (so a plain
   * "yes" to a question gets no reply); HELP answers the help text. Null when there is nothing to
   * send back, or when the sender is not an E.164 number (a short code or a name cannot opt out).
   */
  async handleInbound(sms: {
    accountId: AccountId;
    inboundId: string;
    from: string;
    body: string;
  }): Promise<KeywordReply | null> {
    const keyword = matchKeyword(sms.body);
    if (!keyword) return null;
    const to = tryNormalizePhoneNumber(sms.from);
    if (!to) {
      this.logger.debug({ keyword, from: maskPhone(sms.from) }, 'keyword from a sender that is no E.164 number');
      return null;
    }
    switch (keyword) {
      case 'stop': {
        const { created } = await this.repo.add(sms.accountId, {
          id: newId(),
          phoneNumber: to,
          reason: 'keyword',
          sourceMessageId: sms.inboundId,
          createdAt: new Date(),
        });
        this.logger.log({ from: maskPhone(to), created }, 'recipient opted out by keyword');
        break;
      }
      case 'start': {
        const removed = await this.repo.remove(sms.accountId, to);
        if (!removed) return null;
        this.logger.log({ from: maskPhone(to), reason: removed.reason }, 'recipient opted in again by keyword');
        break;
      }
      case 'help':
        break;
    }
    return { keyword, to, body: await this.replyText(sms.accountId, keyword) };
  }

  /** Read uncached: a keyword is rare, and a text just changed in the settings should be the one sent. */
  private async replyText(accountId: AccountId, keyword: Keyword): Promise<string> {
    const settings = await this.settings.fresh(accountId);
    return settings.keywordReplies?.[keyword] ?? DEFAULT_KEYWORD_REPLIES[keyword];
  }
}
