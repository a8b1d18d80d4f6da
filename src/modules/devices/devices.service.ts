import { createHash, randomBytes, randomInt } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { Injectable, Logger } from '@nestjs/common';
import QRCode from 'qrcode';
import { DataSource } from 'typeorm';
import {
  AgentRefusalCodes,
  type DeviceConfigPayload,
  type HeartbeatPayload,
  type PairResponse,
  type SimInfo,
} from '@sms-gateway/android-agent/protocol';
import { AppConfig } from '@/config/app-config.js';
import { checkAccountLimit } from '@/common/account-limits.js';
import { isUuid, newId } from '@/common/ids.js';
import type { RequestContext } from '@/modules/audit/audit-context.js';
import { AuditService, auditedBy } from '@/modules/audit/audit.service.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { HandlesRequest } from '@/modules/events/event-bus.js';
import { AgentConnections } from './agent-connections.js';
import { DeviceNotFound, InvalidPairingCode } from './devices.errors.js';
import { DevicesRepository } from './devices.repository.js';
import type { PairDeviceInfoDto } from './dto/device.dto.js';
import type { DeviceUpdate } from './dto/update-device.dto.js';
import type { DeviceEntity, DeviceThrottle, SimPolicy } from './entities/device.entity.js';
import { FleetState, type Candidate } from './fleet-state.js';
import { PairingThrottle } from './pairing-throttle.js';
import type { AccountId } from '@/common/account-id.js';

export interface DeviceResource {
  id: string;
  name: string;
  status: 'online' | 'offline' | 'disabled';
  online: boolean;
  lastSeenAt: string | null;
  battery: number | null;
  charging: boolean | null;
  signal: number | null;
  batteryOptimizationExempt: boolean | null;
  queueDepth: number;
  appVersion: string | null;
  sims: SimInfo[];
  simPolicy: SimPolicy;
  throttle: DeviceThrottle;
  /** Limits of single SIMs, by slot ("0"–"7"). */
  simThrottles: Record<string, DeviceThrottle>;
  paired: boolean;
  createdAt: string;
}

export interface PairingResource {
  code: string;
  expiresAt: string;
  /** The QR code as an SVG `data:` URL. */
  qrUrl: string;
  /** The same QR code as a PNG `data:` URL, for clients that cannot show SVG. */
  qrPngUrl: string;
}

/** How dispatch sees a device: its limits, SIMs and policy (cached for a moment per account). */
export type DispatchProfile = Omit<Candidate, 'slot'>;

const PROFILE_CACHE_MS = 2000;

/** What an authenticated socket knows about its phone. */
export interface DeviceRef {
  id: string;
  accountId: AccountId;
}

// Crockford's base32 without I, L, O, U: easy to read aloud and type on a phone.
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/**
 * 12 characters of 5 bits: 60 bits, shown as XXXX-XXXX-XXXX. Every account's codes share one
 * namespace, so the length (with the per-address limits of PairingThrottle) is what stops guessing.
 */
export const PAIRING_CODE_LENGTH = 12;

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function normalizePairingCode(code: string): string {
  return code.toUpperCase().replace(/-/g, '');
}

const LIMITS = ['partsPerMinute', 'partsPerHour', 'partsPerDay', 'minIntervalMs'] as const;

/** The limits given, as a plain object without the ones left out (stored as jsonb, compared for the audit diff). */
function ownLimits(t: DeviceThrottle): DeviceThrottle {
  const out: DeviceThrottle = {};
  for (const key of LIMITS) if (t[key] !== undefined) out[key] = t[key];
  return out;
}

function simLimits(bySlot: Partial<Record<string, DeviceThrottle>>): Record<string, DeviceThrottle> {
  return Object.fromEntries(
    Object.entries(bySlot)
      .filter((entry): entry is [string, DeviceThrottle] => entry[1] !== undefined)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([slot, t]) => [slot, ownLimits(t)]),
  );
}

/** `{field: {from, to}}` for each field whose value changes, as the audit trail records changes. */
function changes<T extends object>(before: T, after: Partial<T>): Record<string, { from: unknown; to: unknown }> {
  const diff: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after) as (keyof T & string)[]) {
    if (!isDeepStrictEqual(before[key], after[key])) diff[key] = { from: before[key], to: after[key] };
  }
  return diff;
}

@Injectable()
export class DevicesService {
  private readonly logger = new Logger(DevicesService.name);
  private readonly profiles = new Map<string, { at: number; byId: Map<string, DispatchProfile> }>();

  constructor(
    private readonly db: DataSource,
    private readonly repo: DevicesRepository,
    private readonly config: AppConfig,
    private readonly fleet: FleetState,
    private readonly audit: AuditService,
    private readonly connections: AgentConnections,
    private readonly pairing: PairingThrottle,
  ) {}

  toResource(d: DeviceEntity, present: boolean): DeviceResource {
    const online = present && d.enabled;
    return {
      id: d.id,
      name: d.name,
      status: !d.enabled ? 'disabled' : online ? 'online' : 'offline',
      online,
      lastSeenAt: d.lastSeenAt?.toISOString() ?? null,
      battery: d.battery,
      charging: d.charging,
      signal: d.signal,
      batteryOptimizationExempt: d.batteryOptimizationExempt,
      queueDepth: d.queueDepth,
      appVersion: d.appVersion,
      sims: d.sims,
      simPolicy: d.simPolicy,
      throttle: d.throttle,
      simThrottles: d.simThrottles,
      paired: d.tokenHash !== null,
      createdAt: d.createdAt.toISOString(),
    };
  }

  async create(
    account: AccountRef,
    name: string,
    context?: RequestContext,
  ): Promise<{ device: DeviceResource; pairing: PairingResource }> {
    const { code, codeHash, expiresAt } = this.newPairingCode();
    const device = { id: newId(), name, pairingCodeHash: codeHash, pairingExpiresAt: expiresAt };
    await this.db.transaction(async (manager) => {
      await checkAccountLimit(manager, account.accountId, 'devices', this.config.ACCOUNT_MAX_DEVICES);
      await this.repo.insert(account.accountId, device, manager);
      await this.audit.record(manager, {
        ...auditedBy(account, context),
        action: 'device.created',
        target: { type: 'device', id: device.id },
        diff: { name, pairingExpiresAt: expiresAt.toISOString() },
      });
    });
    const saved = await this.repo.findOrFail(account.accountId, device.id);
    return { device: this.toResource(saved, false), pairing: await this.pairingResource(code, expiresAt) };
  }

  async list(account: AccountRef): Promise<DeviceResource[]> {
    const rows = await this.repo.listActive(account.accountId);
    const online = await this.fleet.onlineMap(rows.map((d) => d.id));
    return rows.map((d) => this.toResource(d, online.get(d.id) ?? false));
  }

  /** `devices.throttles`: the partsPerMinute set on devices of all accounts (the metrics ask, from below). */
  @HandlesRequest('devices.throttles')
  throttles(): Promise<Map<string, number>> {
    return this.repo.partsPerMinuteLimitsAcrossAccounts();
  }

  /** Which of the ids are the account's devices, not revoked (a route may name them). */
  unrevokedAmong(accountId: AccountId, ids: string[]): Promise<Set<string>> {
    return this.repo.unrevokedAmong(accountId, ids);
  }

  async get(account: AccountRef, id: string): Promise<DeviceResource> {
    const device = await this.find(account.accountId, id);
    return this.toResource(device, await this.fleet.isHealthy(id));
  }

  /** The limits dispatch books against: the device's own, with the configured default per minute. */
  effectiveThrottle(t: DeviceThrottle): DeviceThrottle {
    return { ...t, partsPerMinute: t.partsPerMinute ?? this.config.DEVICE_DEFAULT_PARTS_PER_MINUTE };
  }

  /**
   * The enabled, paired devices of an account as dispatch needs them, cached for two seconds. A
   * device in `present` that the cache lacks (paired a moment ago) makes it reload at once; a
   * disabled or revoked device is never present, as its token no longer authenticates.
   */
  async dispatchProfiles(accountId: AccountId, present: string[] = []): Promise<Map<string, DispatchProfile>> {
    const cached = this.profiles.get(accountId);
    if (cached && performance.now() - cached.at < PROFILE_CACHE_MS && present.every((id) => cached.byId.has(id)))
      return cached.byId;
    const rows = await this.repo.listForDispatch(accountId);
    const byId = new Map(
      rows.map((d): [string, DispatchProfile] => [
        d.id,
        {
          id: d.id,
          throttle: this.effectiveThrottle(d.throttle),
          sims: [...d.sims]
            .sort((a, b) => a.slot - b.slot)
            .map((sim) => ({ slot: sim.slot, throttle: d.simThrottles[String(sim.slot)] ?? {} })),
          policy: d.simPolicy,
        },
      ]),
    );
    if (this.profiles.size > 10_000) this.profiles.clear();
    this.profiles.set(accountId, { at: performance.now(), byId });
    return byId;
  }

  /** Forget cached profiles after a change made in this process (others see it within two seconds). */
  private forgetProfiles(accountId: AccountId): void {
    this.profiles.delete(accountId);
  }

  /** What the phone is told to pace itself by (`device.config`), or undefined for a gone device. */
  async agentConfig(device: DeviceRef): Promise<DeviceConfigPayload | undefined> {
    const d = await this.repo.findActive(device.accountId, device.id);
    if (!d) return undefined;
    const throttle = this.effectiveThrottle(d.throttle);
    return {
      sendIntervalMs: throttle.minIntervalMs ?? 0,
      maxPerMinute: throttle.partsPerMinute ?? 0,
      simSlots: d.sims.map((sim) => sim.slot).sort((a, b) => a - b),
    };
  }

  /** A fresh one-time code for an existing device; pairing with it replaces the old token. */
  async newPairing(account: AccountRef, id: string, context?: RequestContext): Promise<PairingResource> {
    await this.find(account.accountId, id);
    const { code, codeHash, expiresAt } = this.newPairingCode();
    await this.db.transaction(async (manager) => {
      await this.repo.update(
        account.accountId,
        id,
        { pairingCodeHash: codeHash, pairingExpiresAt: expiresAt },
        manager,
      );
      await this.audit.record(manager, {
        ...auditedBy(account, context),
        action: 'device.pairing_code.created',
        target: { type: 'device', id },
        diff: { pairingExpiresAt: expiresAt.toISOString() },
      });
    });
    return this.pairingResource(code, expiresAt);
  }

  /** Revokes the device: its token stops working at once; the gateway drops its socket. */
  async revoke(account: AccountRef, id: string, context?: RequestContext): Promise<DeviceRef> {
    const before = await this.find(account.accountId, id);
    const revokedAt = new Date();
    await this.db.transaction(async (manager) => {
      await this.repo.update(
        account.accountId,
        id,
        { tokenHash: null, pairingCodeHash: null, pairingExpiresAt: null, revokedAt, enabled: false },
        manager,
      );
      await this.audit.record(manager, {
        ...auditedBy(account, context),
        action: 'device.revoked',
        target: { type: 'device', id },
        diff: { name: before.name, revokedAt: revokedAt.toISOString(), enabled: { from: before.enabled, to: false } },
      });
    });
    this.forgetProfiles(account.accountId);
    // The token no longer authenticates; the socket goes too, whichever process holds it.
    this.connections.disconnect(id);
    return { id, accountId: account.accountId };
  }

  /**
   * Changes a device's name, state, SIM policy or limits. A throttle given replaces the stored one
   * whole, and so do SIM limits. The phone gets its new limits at once; disabling drops its socket,
   * and its token stops connecting until the device is enabled again.
   */
  async update(account: AccountRef, id: string, dto: DeviceUpdate, context?: RequestContext): Promise<DeviceResource> {
    if (!isUuid(id)) throw new DeviceNotFound();
    const changed = await this.db.transaction(async (manager) => {
      // Locked, so two PATCHes of different fields at once both land.
      const before = await this.repo.lockActive(account.accountId, id, manager);
      if (!before) throw new DeviceNotFound();
      const after = {
        name: dto.name ?? before.name,
        enabled: dto.enabled ?? before.enabled,
        simPolicy: dto.simPolicy ?? before.simPolicy,
        throttle: dto.throttle ? ownLimits(dto.throttle) : before.throttle,
        simThrottles: dto.simThrottles ? simLimits(dto.simThrottles) : before.simThrottles,
      };
      const diff = changes(before, after);
      if (Object.keys(diff).length === 0) return undefined;
      await this.repo.update(account.accountId, id, after, manager);
      await this.audit.record(manager, {
        ...auditedBy(account, context),
        action: 'device.updated',
        target: { type: 'device', id },
        diff,
      });
      return { disabled: before.enabled && !after.enabled, enabled: after.enabled };
    });
    if (changed) {
      this.forgetProfiles(account.accountId);
      if (changed.disabled) {
        this.connections.disconnect(id);
      } else if (changed.enabled) {
        const config = await this.agentConfig({ id, accountId: account.accountId });
        if (config) this.connections.sendConfig(id, config);
      }
    }
    return this.get(account, id);
  }

  /**
   * Redeems a pairing code once (a single conditional UPDATE, so two phones cannot both win). The
   * caller's address is limited first (PairingThrottle): a refused attempt looks nothing up.
   */
  async pair(code: string, info: PairDeviceInfoDto | undefined, context?: RequestContext): Promise<PairResponse> {
    const settle = await this.pairing.begin(context?.ip);
    const token = `dev_${randomBytes(32).toString('base64url')}`;
    let updated: { id: string; account_id: AccountId }[];
    try {
      updated = await this.redeem(code, token, info, context);
    } catch (error) {
      await settle(true); // not a miss: the database failed, the code may be right
      throw error;
    }
    await settle(updated.length > 0);
    if (updated.length === 0) throw new InvalidPairingCode();
    this.logger.log({ deviceId: updated[0].id }, 'device paired');
    return { deviceId: updated[0].id, token };
  }

  private redeem(
    code: string,
    token: string,
    info: PairDeviceInfoDto | undefined,
    context?: RequestContext,
  ): Promise<{ id: string; account_id: AccountId }[]> {
    return this.db.transaction(async (manager) => {
      const rows = await this.repo.redeemPairingCodeAcrossAccounts(
        sha256(normalizePairingCode(code)),
        sha256(token),
        {
          appVersion: info?.appVersion ?? null,
          sims: info?.sims,
          deviceInfo: { model: info?.model, manufacturer: info?.manufacturer, osVersion: info?.osVersion },
        },
        manager,
      );
      // The phone acts here: it holds the code, and the device is the only identity it has.
      for (const row of rows) {
        await this.audit.record(manager, {
          accountId: row.account_id,
          actor: { kind: 'device', id: row.id },
          action: 'device.paired',
          target: { type: 'device', id: row.id },
          diff: { appVersion: info?.appVersion ?? null, model: info?.model ?? null },
          context,
        });
      }
      return rows;
    });
  }

  /**
   * Resolves a socket's token to its device; UNAUTHENTICATED for an unknown or revoked token (the
   * phone gives up), DEVICE_DISABLED for a disabled device (the phone tries again now and then).
   */
  async authenticate(
    token: string,
  ): Promise<DeviceRef | typeof AgentRefusalCodes.UNAUTHENTICATED | typeof AgentRefusalCodes.DEVICE_DISABLED> {
    if (!token.startsWith('dev_') || token.length > 100) return AgentRefusalCodes.UNAUTHENTICATED;
    const device = await this.repo.findByTokenAcrossAccounts(sha256(token));
    if (!device) return AgentRefusalCodes.UNAUTHENTICATED;
    if (!device.enabled) return AgentRefusalCodes.DEVICE_DISABLED;
    return { id: device.id, accountId: device.accountId };
  }

  async recordHello(device: DeviceRef, appVersion: string, sims: SimInfo[]): Promise<void> {
    await this.repo.update(device.accountId, device.id, { appVersion, sims, lastSeenAt: new Date() });
  }

  async recordHeartbeat(device: DeviceRef, beat: HeartbeatPayload): Promise<void> {
    await this.repo.update(device.accountId, device.id, {
      lastSeenAt: new Date(),
      battery: beat.battery ?? null,
      charging: beat.charging ?? null,
      signal: beat.signal ?? null,
      batteryOptimizationExempt: beat.batteryOptimizationExempt ?? null,
      queueDepth: beat.queueDepth,
    });
  }

  async recordSeen(device: DeviceRef): Promise<void> {
    await this.repo.update(device.accountId, device.id, { lastSeenAt: new Date() });
  }

  /** Finds the account's device named `name`, for the demo fleet that re-pairs on every start. */
  async findByName(accountId: AccountId, name: string): Promise<DeviceEntity | null> {
    return this.repo.findActiveByName(accountId, name);
  }

  private async find(accountId: AccountId, id: string): Promise<DeviceEntity> {
    const device = await this.repo.findActive(accountId, id);
    if (!device) throw new DeviceNotFound();
    return device;
  }

  private newPairingCode(): { code: string; codeHash: string; expiresAt: Date } {
    let raw = '';
    for (let i = 0; i < PAIRING_CODE_LENGTH; i++) raw += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
    const code = [raw.slice(0, 4), raw.slice(4, 8), raw.slice(8)].join('-');
    const expiresAt = new Date(Date.now() + this.config.PAIRING_CODE_TTL_SECONDS * 1000);
    return { code, codeHash: sha256(raw), expiresAt };
  }

  /** The QR code is a data: URL (an SVG, and a PNG) of `smsgw://pair?server=…&code=…`, which the app scans. */
  private async pairingResource(code: string, expiresAt: Date): Promise<PairingResource> {
    const link = `smsgw://pair?server=${encodeURIComponent(this.config.publicUrl)}&code=${encodeURIComponent(code)}`;
    const [svg, png] = await Promise.all([
      QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }),
      QRCode.toDataURL(link, { type: 'image/png', errorCorrectionLevel: 'M', margin: 2 }),
    ]);
    return {
      code,
      expiresAt: expiresAt.toISOString(),
      qrUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
      qrPngUrl: png,
    };
  }
}
