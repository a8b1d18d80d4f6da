import { isDeepStrictEqual } from 'node:util';
import { DevicesService } from '@/modules/devices/devices.service.js';
import { EventBus } from '@/modules/events/event-bus.js';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ValidationFailed, type FieldError } from '@/common/errors.js';
import { isUuid } from '@/common/ids.js';
import type { RequestContext } from '@/modules/audit/audit-context.js';
import { AuditService, auditedBy } from '@/modules/audit/audit.service.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import type { RouteFields, RouteMatchDto, RouteTargetDto, UpsertRouteInput } from './dto/route.dto.js';
import type { RouteMatch, RouteStrategy, RouteTarget } from './route-decision.js';
import { RouteNotFound } from './routing.errors.js';
import { RoutingService } from './routing.service.js';
import { RoutesRepository, type RouteRow, type RouteValues } from './routes.repository.js';
import type { AccountId } from '@/common/account-id.js';

/** A route as the API shows it (REST and GraphQL). */
export interface RouteResource {
  id: string;
  name: string;
  position: number;
  match: RouteMatch;
  strategy: RouteStrategy;
  targets: RouteTarget[];
  isDefault: boolean;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Routes are read whole on every dispatch (cached briefly), so an account keeps a bounded table. */
export const MAX_ROUTES_PER_ACCOUNT = 500;

export function toRouteResource(r: RouteRow): RouteResource {
  return {
    id: r.id,
    name: r.name,
    position: r.position,
    match: r.match,
    strategy: r.strategy,
    targets: r.targets,
    isDefault: r.is_default,
    enabled: r.enabled,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** The match with only the criteria given, as stored. */
function storedMatch(m: RouteMatchDto | RouteMatch | undefined): RouteMatch {
  const out: RouteMatch = {};
  if (m?.prefixes !== undefined) out.prefixes = [...m.prefixes];
  if (m?.countries !== undefined) out.countries = [...m.countries];
  if (m?.priority !== undefined) out.priority = m.priority;
  return out;
}

/** The target with the fields of its kind only, as stored. */
function storedTarget(t: RouteTargetDto): RouteTarget {
  const extra = {
    ...(t.weight !== undefined ? { weight: t.weight } : {}),
    ...(t.prices !== undefined ? { prices: { ...t.prices } } : {}),
  };
  switch (t.kind) {
    case 'devices':
      return { kind: 'devices', ...extra };
    case 'pool':
      return { kind: 'pool', deviceIds: [...(t.deviceIds ?? [])], ...extra };
    case 'device':
      return { kind: 'device', deviceId: t.deviceId ?? '', ...extra };
    case 'carrier':
      return { kind: 'carrier', carrierId: t.carrierId ?? '', ...extra };
  }
}

const isEmptyMatch = (m: RouteMatch): boolean => Object.keys(m).length === 0;

/** The fields an audit event lists, named as the API names them. */
function audited(v: RouteValues | RouteResource): Record<string, unknown> {
  return {
    name: v.name,
    position: v.position,
    match: v.match,
    strategy: v.strategy,
    targets: v.targets,
    isDefault: v.isDefault,
    enabled: v.enabled,
  };
}

/** The routing rules' behaviour; the REST controller and the GraphQL resolver are shells over it. */
@Injectable()
export class RoutesService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: RoutesRepository,
    private readonly audit: AuditService,
    private readonly routing: RoutingService,
    private readonly devices: DevicesService,
    private readonly events: EventBus,
  ) {}

  /** In evaluation order. */
  async list(account: AccountRef): Promise<RouteResource[]> {
    return (await this.repo.list(account.accountId)).map(toRouteResource);
  }

  async get(account: AccountRef, id: string): Promise<RouteResource> {
    const row = isUuid(id) ? await this.repo.find(account.accountId, id) : undefined;
    if (!row) throw new RouteNotFound();
    return toRouteResource(row);
  }

  async create(account: AccountRef, fields: RouteFields, context?: RequestContext): Promise<RouteResource> {
    const values: RouteValues = {
      name: fields.name,
      position: fields.position ?? null,
      match: storedMatch(fields.match),
      strategy: fields.strategy,
      targets: fields.targets.map(storedTarget),
      isDefault: fields.isDefault ?? false,
      enabled: fields.enabled ?? true,
    };
    const errors = this.shapeErrors(values);
    if ((await this.repo.count(account.accountId)) >= MAX_ROUTES_PER_ACCOUNT) {
      errors.push({ field: '', message: `an account has at most ${MAX_ROUTES_PER_ACCOUNT} routes` });
    }
    errors.push(...(await this.targetErrors(account.accountId, values.targets)));
    if (errors.length > 0) throw new ValidationFailed(errors);
    const row = await this.writeDefaultSafely(() =>
      this.db.transaction(async (manager) => {
        if (values.isDefault) await this.refuseSecondDefault(account.accountId, manager, null);
        const created = await this.repo.insert(account.accountId, manager, values);
        if (!created) throw this.secondDefault();
        await this.audit.record(manager, {
          ...auditedBy(account, context),
          action: 'route.created',
          target: { type: 'route', id: created.id },
          diff: audited(toRouteResource(created)),
        });
        return created;
      }),
    );
    this.routing.forget(account.accountId);
    return toRouteResource(row);
  }

  /** Each field given replaces the stored one whole (`match` and `targets` included). */
  async update(
    account: AccountRef,
    id: string,
    changes: Partial<RouteFields>,
    context?: RequestContext,
  ): Promise<RouteResource> {
    if (!isUuid(id)) throw new RouteNotFound();
    // Ownership is checked before the transaction (reads only), and only for targets being written:
    // renaming a route whose pool lost a device since must still work.
    const targets = changes.targets?.map(storedTarget);
    const targetErrors = targets ? await this.targetErrors(account.accountId, targets) : [];
    const row = await this.writeDefaultSafely(() =>
      this.db.transaction(async (manager) => {
        const before = await this.repo.find(account.accountId, id, manager);
        if (!before) throw new RouteNotFound();
        const previous = toRouteResource(before);
        const values: RouteValues = {
          name: changes.name ?? previous.name,
          position: changes.position ?? previous.position,
          match: changes.match !== undefined ? storedMatch(changes.match) : previous.match,
          strategy: changes.strategy ?? previous.strategy,
          targets: targets ?? previous.targets,
          isDefault: changes.isDefault ?? previous.isDefault,
          enabled: changes.enabled ?? previous.enabled,
        };
        const errors = [...this.shapeErrors(values), ...targetErrors];
        if (errors.length > 0) throw new ValidationFailed(errors);
        const diff: Record<string, { from: unknown; to: unknown }> = {};
        const [from, to] = [audited(previous), audited(values)];
        for (const key of Object.keys(to)) {
          if (!isDeepStrictEqual(from[key], to[key])) diff[key] = { from: from[key], to: to[key] };
        }
        if (Object.keys(diff).length === 0) return before;
        if (values.isDefault && !previous.isDefault) await this.refuseSecondDefault(account.accountId, manager, id);
        const updated = await this.repo.update(account.accountId, manager, id, values);
        if (!updated) throw new RouteNotFound();
        await this.audit.record(manager, {
          ...auditedBy(account, context),
          action: 'route.updated',
          target: { type: 'route', id },
          diff,
        });
        return updated;
      }),
    );
    this.routing.forget(account.accountId);
    return toRouteResource(row);
  }

  /** GraphQL's `upsertRoute`: an update when the input names a route, else a create. */
  async upsert(account: AccountRef, input: UpsertRouteInput, context?: RequestContext): Promise<RouteResource> {
    const { id, ...changes } = input;
    if (id !== undefined) return this.update(account, id, changes, context);
    const { name, strategy, targets } = changes;
    if (name === undefined || strategy === undefined || targets === undefined) {
      const missing = Object.entries({ name, strategy, targets }).filter(([, value]) => value === undefined);
      throw new ValidationFailed(
        missing.map(([field]) => ({ field, message: `${field} is required to create a route (no id given)` })),
      );
    }
    return this.create(account, { ...changes, name, strategy, targets }, context);
  }

  async remove(account: AccountRef, id: string, context?: RequestContext): Promise<void> {
    if (!isUuid(id)) throw new RouteNotFound();
    await this.db.transaction(async (manager) => {
      const deleted = await this.repo.delete(account.accountId, manager, id);
      if (!deleted) throw new RouteNotFound();
      await this.audit.record(manager, {
        ...auditedBy(account, context),
        action: 'route.deleted',
        target: { type: 'route', id },
        diff: { name: deleted.name, isDefault: deleted.is_default },
      });
    });
    this.routing.forget(account.accountId);
  }

  /** Rules across fields, which a DTO cannot state. */
  private shapeErrors(values: RouteValues): FieldError[] {
    if (values.isDefault && !isEmptyMatch(values.match)) {
      return [
        {
          field: 'match',
          message: 'a default route takes the messages no other route matches: leave its match empty',
        },
      ];
    }
    return [];
  }

  /** Devices and carriers named by the targets must be the caller's account's. */
  private async targetErrors(accountId: AccountId, targets: RouteTarget[]): Promise<FieldError[]> {
    const deviceIds = targets.flatMap((t) =>
      t.kind === 'pool' ? t.deviceIds : t.kind === 'device' ? [t.deviceId] : [],
    );
    const carrierIds = targets.flatMap((t) => (t.kind === 'carrier' ? [t.carrierId] : []));
    const [devices, carriers] = await Promise.all([
      this.devices.unrevokedAmong(accountId, [...new Set(deviceIds)]),
      carrierIds.length === 0
        ? new Set<string>()
        : this.events.request('carriers.owned', { accountId, ids: [...new Set(carrierIds)] }),
    ]);
    const errors: FieldError[] = [];
    targets.forEach((t, i) => {
      if (t.kind === 'pool') {
        for (const deviceId of t.deviceIds.filter((d) => !devices.has(d))) {
          errors.push({ field: `targets.${i}.deviceIds`, message: `${deviceId} is not a device of this account` });
        }
      } else if (t.kind === 'device' && !devices.has(t.deviceId)) {
        errors.push({ field: `targets.${i}.deviceId`, message: `${t.deviceId} is not a device of this account` });
      } else if (t.kind === 'carrier' && !carriers.has(t.carrierId)) {
        errors.push({ field: `targets.${i}.carrierId`, message: `${t.carrierId} is not a carrier of this account` });
      }
    });
    return errors;
  }

  private async refuseSecondDefault(
    accountId: AccountId,
    manager: Parameters<RoutesRepository['otherDefault']>[1],
    exceptId: string | null,
  ): Promise<void> {
    const other = await this.repo.otherDefault(accountId, manager, exceptId);
    if (other) throw this.secondDefault(other);
  }

  private secondDefault(other?: string): ValidationFailed {
    return new ValidationFailed([
      {
        field: 'isDefault',
        message: `the account has a default route already${other ? ` (${other})` : ''}: unset its isDefault first`,
      },
    ]);
  }

  /**
   * Two defaults written at once: the partial unique index refuses the second, with the same answer
   * (inserts skip the conflict themselves; this catches an update racing another write).
   */
  private async writeDefaultSafely<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      const e = error as { code?: string; constraint?: string; driverError?: { constraint?: string } };
      if (e.code === '23505' && (e.constraint ?? e.driverError?.constraint) === 'routes_account_default_key') {
        throw this.secondDefault();
      }
      throw error;
    }
  }
}
