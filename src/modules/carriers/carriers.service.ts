import { HandlesRequest } from '@/modules/events/event-bus.js';
import { Injectable } from '@nestjs/common';
import type { ClassConstructor } from 'class-transformer';
import { DataSource } from 'typeorm';
import { checkAccountLimit } from '@/common/account-limits.js';
import { ValidationFailed } from '@/common/errors.js';
import { isUuid } from '@/common/ids.js';
import { validatePayload } from '@/common/validate-payload.js';
import { AppConfig } from '@/config/app-config.js';
import type { RequestContext } from '@/modules/audit/audit-context.js';
import { AuditService, auditedBy } from '@/modules/audit/audit.service.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { UrlGuard, WebhookUrlForbidden, WebhookUrlUnresolvable } from '@/modules/webhooks/url-guard.js';
import { httpProblems, normalizeHttp, normalizeSmpp } from './carrier-config.js';
import { CarrierConnections } from './carrier-connections.js';
import { CarrierReceipts, type ReceiptResult } from './carrier-receipts.js';
import { CarrierSecrets } from './carrier-secrets.js';
import { CarrierState, ZERO_COUNTERS } from './carrier-state.js';
import { toCarrierResource, type CarrierResource } from './carrier.resource.js';
import { CarrierNotFound } from './carriers.errors.js';
import { CarriersRepository, type CarrierRow } from './carriers.repository.js';
import { HttpConfigDto, SmppConfigDto } from './dto/carrier-config.dto.js';
import type { CarrierDlrDto, CreateCarrierDto, UpdateCarrierDto } from './dto/carrier.dto.js';
import type { CarrierKind } from './entities/carrier.entity.js';
import { renderUrl } from './http/http-template.js';
import { mapReceiptState } from './receipts.js';
import type { AccountId } from '@/common/account-id.js';

/** Field errors of a nested settings object, named from the request's root (`smpp.port`). */
async function validateNested<T extends object>(cls: ClassConstructor<T>, input: unknown, prefix: string): Promise<T> {
  try {
    return await validatePayload(cls, input);
  } catch (error) {
    if (!(error instanceof ValidationFailed)) throw error;
    throw new ValidationFailed(
      (error.errors ?? []).map((e) => ({
        field: e.field ? `${prefix}.${e.field}` : prefix,
        message: e.field && !e.message.startsWith(`${prefix}.`) ? `${prefix}.${e.message}` : e.message,
      })),
    );
  }
}

/** Stored settings with their nulls left out, so that a merged PATCH validates as a fresh object would. */
function present(config: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(config).filter(([, v]) => v !== null && v !== undefined));
}

const SAMPLE = {
  to: '+4915123456789',
  from: 'Gateway',
  body: 'test',
  messageId: '00000000-0000-7000-8000-000000000000',
};

/** The carriers module's behaviour; the REST controller and the GraphQL resolver are shells over it. */
@Injectable()
export class CarriersService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: CarriersRepository,
    private readonly secrets: CarrierSecrets,
    private readonly state: CarrierState,
    private readonly connections: CarrierConnections,
    private readonly receipts: CarrierReceipts,
    private readonly guard: UrlGuard,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  /** `carriers.owned`: which of the ids are the account's carriers (routing asks, from below this module). */
  @HandlesRequest('carriers.owned')
  owned(query: { accountId: AccountId; ids: string[] }): Promise<Set<string>> {
    return this.repo.ownedAmong(query.accountId, query.ids);
  }

  /** `carriers.gauges`: the first `limit` carriers by id, of all accounts (the metrics ask, from below). */
  @HandlesRequest('carriers.gauges')
  async gauges(query: { limit: number }): Promise<{ carriers: { id: string; enabled: boolean }[] }> {
    return { carriers: await this.repo.listByIdAcrossAccounts(query.limit) };
  }

  /** The same SSRF rule as webhooks (WEBHOOK_ALLOW_HOSTS): 422 WEBHOOK_URL_FORBIDDEN, or 400 when the host does not resolve. */
  private async vet(url: string, field: string): Promise<void> {
    try {
      await this.guard.vet(url);
    } catch (error) {
      if (error instanceof WebhookUrlUnresolvable) {
        throw new ValidationFailed([{ field, message: `${field}: the host ${error.hostname} does not resolve` }]);
      }
      if (error instanceof WebhookUrlForbidden) {
        throw new WebhookUrlForbidden(
          error.message.replace('webhooks may not reach', 'carriers may not reach'),
          error.permanent,
        );
      }
      throw error;
    }
  }

  /** Validates one kind's settings; answers what to store and the secret to seal (if one was given). */
  private async settings(
    kind: CarrierKind,
    raw: Record<string, unknown>,
    hasStoredSecret: boolean,
  ): Promise<{ config: Record<string, unknown>; secret?: string }> {
    switch (kind) {
      case 'smpp': {
        const dto = await validateNested(SmppConfigDto, raw, 'smpp');
        const host = dto.host.includes(':') ? `[${dto.host}]` : dto.host;
        await this.vet(`http://${host}:${dto.port}/`, 'smpp.host');
        return { config: { ...normalizeSmpp(dto) }, secret: dto.password };
      }
      case 'http': {
        const dto = await validateNested(HttpConfigDto, raw, 'http');
        const problems = httpProblems(dto, hasStoredSecret || dto.secret !== undefined);
        if (problems.length > 0) throw new ValidationFailed(problems);
        await this.vet(renderUrl(dto.url, SAMPLE), 'http.url');
        return { config: { ...normalizeHttp(dto) }, secret: dto.secret };
      }
    }
  }

  private kindSettings(
    kind: CarrierKind,
    dto: { smpp?: Record<string, unknown> | null; http?: Record<string, unknown> | null },
  ) {
    const own = kind === 'smpp' ? dto.smpp : dto.http;
    const other = kind === 'smpp' ? 'http' : 'smpp';
    const errors = [];
    if (!own) errors.push({ field: kind, message: `${kind} settings are required for a ${kind} carrier` });
    if (dto[other] !== undefined && dto[other] !== null) {
      errors.push({ field: other, message: `${other} settings do not go with a ${kind} carrier` });
    }
    if (errors.length > 0) throw new ValidationFailed(errors);
    return own!;
  }

  async create(account: AccountRef, dto: CreateCarrierDto, context?: RequestContext): Promise<CarrierResource> {
    const { config, secret } = await this.settings(dto.kind, this.kindSettings(dto.kind, dto), false);
    const secretEncrypted = secret !== undefined && secret !== '' ? await this.secrets.seal(secret) : null;
    const row = await this.db.transaction(async (manager) => {
      await checkAccountLimit(manager, account.accountId, 'carriers', this.config.ACCOUNT_MAX_CARRIERS);
      const created = await this.repo.insert(account.accountId, manager, {
        name: dto.name,
        kind: dto.kind,
        enabled: dto.enabled ?? true,
        config,
        secretEncrypted,
      });
      await this.audit.record(manager, {
        ...auditedBy(account, context),
        action: 'carrier.created',
        target: { type: 'carrier', id: created.id },
        diff: { name: created.name, kind: created.kind, enabled: created.enabled },
      });
      return created;
    });
    await this.connections.refresh();
    return this.resource(row);
  }

  async list(account: AccountRef): Promise<CarrierResource[]> {
    const rows = await this.repo.list(account.accountId);
    const views = await this.state.read(rows.map((r) => r.id));
    return Promise.all(rows.map((r) => this.resource(r, views)));
  }

  async get(account: AccountRef, id: string): Promise<CarrierResource> {
    return this.resource(await this.find(account, id));
  }

  async update(
    account: AccountRef,
    id: string,
    dto: UpdateCarrierDto,
    context?: RequestContext,
  ): Promise<CarrierResource> {
    const current = await this.find(account, id);
    const other = current.kind === 'smpp' ? 'http' : 'smpp';
    if (dto[other] !== undefined) {
      throw new ValidationFailed([
        { field: other, message: `${other} settings do not go with a ${current.kind} carrier` },
      ]);
    }
    const patch = current.kind === 'smpp' ? dto.smpp : dto.http;
    let config: Record<string, unknown> | undefined;
    let secretEncrypted: string | null | undefined;
    if (patch !== undefined) {
      const merged = present({ ...current.config, ...patch });
      const validated = await this.settings(current.kind, merged, current.secret_encrypted !== null);
      config = validated.config;
      if (validated.secret !== undefined) {
        secretEncrypted = validated.secret === '' ? null : await this.secrets.seal(validated.secret);
      }
    }
    const row = await this.db.transaction(async (manager) => {
      const before = await this.repo.lock(account.accountId, manager, id);
      if (!before) throw new CarrierNotFound();
      const after = await this.repo.update(account.accountId, manager, id, {
        name: dto.name,
        enabled: dto.enabled,
        config,
        secretEncrypted,
      });
      if (!after) throw new CarrierNotFound();
      const diff: Record<string, unknown> = {};
      if (before.name !== after.name) diff.name = after.name;
      if (before.enabled !== after.enabled) diff.enabled = after.enabled;
      const changed = Object.keys({ ...before.config, ...after.config }).filter(
        (k) => JSON.stringify(before.config[k]) !== JSON.stringify(after.config[k]),
      );
      if (changed.length > 0) diff.config = changed.sort();
      // Only that the credential changed, never the credential.
      if (secretEncrypted !== undefined) diff.secretChanged = true;
      await this.audit.record(manager, {
        ...auditedBy(account, context),
        action: 'carrier.updated',
        target: { type: 'carrier', id },
        diff,
      });
      return after;
    });
    await this.connections.refresh();
    return this.resource(row);
  }

  async remove(account: AccountRef, id: string, context?: RequestContext): Promise<void> {
    if (!isUuid(id)) throw new CarrierNotFound();
    await this.db.transaction(async (manager) => {
      if (!(await this.repo.delete(account.accountId, manager, id))) throw new CarrierNotFound();
      await this.audit.record(manager, {
        ...auditedBy(account, context),
        action: 'carrier.deleted',
        target: { type: 'carrier', id },
      });
    });
    await this.connections.refresh();
  }

  /**
   * The HTTP carrier a DLR callback names, if its token checks out. Anything else (no such
   * carrier, an SMPP one, a wrong or missing token) is NOT_FOUND: the route tells a stranger nothing.
   */
  async authenticateDlr(id: string, token: string | undefined): Promise<CarrierRow> {
    const row = isUuid(id) ? await this.repo.findByIdAcrossAccounts(id) : undefined;
    if (!row || row.kind !== 'http' || !token || !(await this.secrets.checkDlrToken(row.id, token))) {
      throw new CarrierNotFound();
    }
    return row;
  }

  /** An HTTP carrier's delivery report (`POST /v1/carriers/{id}/dlr`), mapped as SMPP receipts are. */
  async receiveDlr(carrier: CarrierRow, dto: CarrierDlrDto): Promise<{ result: ReceiptResult | 'ignored' }> {
    const outcome = mapReceiptState(dto.status, dto.errorCode, 'HTTP_ERR_');
    if (!outcome) return { result: 'ignored' };
    this.connections.countReceipt(carrier.id);
    return { result: await this.receipts.apply(carrier.account_id, carrier.id, dto.messageId, outcome, new Date()) };
  }

  private async find(account: AccountRef, id: string): Promise<CarrierRow> {
    const row = isUuid(id) ? await this.repo.find(account.accountId, id) : undefined;
    if (!row) throw new CarrierNotFound();
    return row;
  }

  private async resource(row: CarrierRow, views?: Awaited<ReturnType<CarrierState['read']>>): Promise<CarrierResource> {
    const view = (views ?? (await this.state.read([row.id]))).get(row.id);
    const dlrUrl =
      row.kind === 'http'
        ? `${this.config.PUBLIC_URL ?? ''}/v1/carriers/${row.id}/dlr?token=${await this.secrets.dlrToken(row.id)}`
        : undefined;
    return toCarrierResource(row, view, view?.counters ?? { ...ZERO_COUNTERS }, dlrUrl);
  }
}
