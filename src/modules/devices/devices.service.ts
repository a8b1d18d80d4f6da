import { createHash, randomBytes, randomInt } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import QRCode from 'qrcode';
import { DataSource, IsNull, type Repository } from 'typeorm';
import type { HeartbeatPayload, PairResponse, SimInfo } from '@sms-gateway/android-agent/protocol';
import { AppConfig } from '@/config/app-config.js';
import { newId } from '@/common/ids.js';
import type { RequestContext } from '@/modules/audit/audit-context.js';
import { AuditService } from '@/modules/audit/audit.service.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { DevicePresence } from './device-presence.js';
import { DeviceNotFound, InvalidPairingCode } from './devices.errors.js';
import type { PairDeviceInfoDto } from './dto/device.dto.js';
import { DeviceEntity, type DeviceThrottle, type SimPolicy } from './entities/device.entity.js';

export interface DeviceResource {
  id: string;
  name: string;
  status: 'online' | 'offline' | 'disabled';
  online: boolean;
  lastSeenAt: string | null;
  battery: number | null;
  charging: boolean | null;
  signal: number | null;
  queueDepth: number;
  appVersion: string | null;
  sims: SimInfo[];
  simPolicy: SimPolicy;
  throttle: DeviceThrottle;
  paired: boolean;
  createdAt: string;
}

export interface PairingResource {
  code: string;
  expiresAt: string;
  qrUrl: string;
}

/** What an authenticated socket knows about its phone. */
export interface DeviceRef {
  id: string;
  accountId: string;
}

// Crockford's base32 without I, L, O, U: easy to read aloud and type on a phone.
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function normalizePairingCode(code: string): string {
  return code.toUpperCase().replace(/-/g, '');
}

/** The audit fields every change by a console user or an OAuth2 client carries. */
function auditedBy(account: AccountRef, context: RequestContext | undefined) {
  return { accountId: account.accountId, actor: { kind: account.kind, id: account.subjectId }, context };
}

@Injectable()
export class DevicesService {
  private readonly logger = new Logger(DevicesService.name);
  private readonly repo: Repository<DeviceEntity>;

  constructor(
    private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly presence: DevicePresence,
    private readonly audit: AuditService,
  ) {
    this.repo = db.getRepository(DeviceEntity);
  }

  toResource(d: DeviceEntity): DeviceResource {
    const online = this.presence.isOnline(d.id);
    return {
      id: d.id,
      name: d.name,
      status: !d.enabled ? 'disabled' : online ? 'online' : 'offline',
      online,
      lastSeenAt: d.lastSeenAt?.toISOString() ?? null,
      battery: d.battery,
      charging: d.charging,
      signal: d.signal,
      queueDepth: d.queueDepth,
      appVersion: d.appVersion,
      sims: d.sims,
      simPolicy: d.simPolicy,
      throttle: d.throttle,
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
    const device = this.repo.create({
      id: newId(),
      accountId: account.accountId,
      name,
      pairingCodeHash: codeHash,
      pairingExpiresAt: expiresAt,
    });
    await this.db.transaction(async (manager) => {
      await manager.insert(DeviceEntity, device);
      await this.audit.record(manager, {
        ...auditedBy(account, context),
        action: 'device.created',
        target: { type: 'device', id: device.id },
        diff: { name, pairingExpiresAt: expiresAt.toISOString() },
      });
    });
    const saved = await this.repo.findOneByOrFail({ id: device.id, accountId: account.accountId });
    return { device: this.toResource(saved), pairing: await this.pairingResource(code, expiresAt) };
  }

  async list(account: AccountRef): Promise<DeviceResource[]> {
    const rows = await this.repo.find({
      where: { accountId: account.accountId, revokedAt: IsNull() },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return rows.map((d) => this.toResource(d));
  }

  async get(account: AccountRef, id: string): Promise<DeviceResource> {
    return this.toResource(await this.find(account.accountId, id));
  }

  /** A fresh one-time code for an existing device; pairing with it replaces the old token. */
  async newPairing(account: AccountRef, id: string, context?: RequestContext): Promise<PairingResource> {
    await this.find(account.accountId, id);
    const { code, codeHash, expiresAt } = this.newPairingCode();
    await this.db.transaction(async (manager) => {
      await manager.update(
        DeviceEntity,
        { id, accountId: account.accountId },
        { pairingCodeHash: codeHash, pairingExpiresAt: expiresAt },
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
      await manager.update(
        DeviceEntity,
        { id, accountId: account.accountId },
        { tokenHash: null, pairingCodeHash: null, pairingExpiresAt: null, revokedAt, enabled: false },
      );
      await this.audit.record(manager, {
        ...auditedBy(account, context),
        action: 'device.revoked',
        target: { type: 'device', id },
        diff: { name: before.name, revokedAt: revokedAt.toISOString(), enabled: { from: before.enabled, to: false } },
      });
    });
    return { id, accountId: account.accountId };
  }

  /** Redeems a pairing code once (a single conditional UPDATE, so two phones cannot both win). */
  async pair(code: string, info: PairDeviceInfoDto | undefined, context?: RequestContext): Promise<PairResponse> {
    const token = `dev_${randomBytes(32).toString('base64url')}`;
    const updated = await this.db.transaction(async (manager) => {
      // An UPDATE through TypeORM's query() answers [rows, rowCount].
      const [rows] = await manager.query<[{ id: string; account_id: string }[], number]>(
        `UPDATE devices
          SET token_hash = $2, pairing_code_hash = NULL, pairing_expires_at = NULL, paired_at = now(),
              app_version = COALESCE($3, app_version), sims = COALESCE($4::jsonb, sims),
              device_info = $5::jsonb, updated_at = now()
        WHERE pairing_code_hash = $1 AND pairing_expires_at > now() AND revoked_at IS NULL
        RETURNING id, account_id`,
        [
          sha256(normalizePairingCode(code)),
          sha256(token),
          info?.appVersion ?? null,
          info?.sims ? JSON.stringify(info.sims) : null,
          JSON.stringify({ model: info?.model, manufacturer: info?.manufacturer, osVersion: info?.osVersion }),
        ],
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
    if (updated.length === 0) throw new InvalidPairingCode();
    this.logger.log({ deviceId: updated[0].id }, 'device paired');
    return { deviceId: updated[0].id, token };
  }

  /** Resolves a socket's token to its device, or undefined for unknown, revoked or disabled devices. */
  async authenticate(token: string): Promise<DeviceRef | undefined> {
    if (!token.startsWith('dev_') || token.length > 100) return undefined;
    const device = await this.repo.findOne({
      where: { tokenHash: sha256(token), revokedAt: IsNull(), enabled: true },
      select: { id: true, accountId: true },
    });
    return device ? { id: device.id, accountId: device.accountId } : undefined;
  }

  async recordHello(device: DeviceRef, appVersion: string, sims: SimInfo[]): Promise<void> {
    await this.repo.update(
      { id: device.id, accountId: device.accountId },
      { appVersion, sims, lastSeenAt: new Date() },
    );
  }

  async recordHeartbeat(device: DeviceRef, beat: HeartbeatPayload): Promise<void> {
    await this.repo.update(
      { id: device.id, accountId: device.accountId },
      {
        lastSeenAt: new Date(),
        battery: beat.battery ?? null,
        charging: beat.charging ?? null,
        signal: beat.signal ?? null,
        queueDepth: beat.queueDepth,
      },
    );
  }

  async recordSeen(device: DeviceRef): Promise<void> {
    await this.repo.update({ id: device.id, accountId: device.accountId }, { lastSeenAt: new Date() });
  }

  /** Finds the account's device named `name`, for the demo fleet that re-pairs on every start. */
  async findByName(accountId: string, name: string): Promise<DeviceEntity | null> {
    return this.repo.findOne({ where: { accountId, name, revokedAt: IsNull() } });
  }

  private async find(accountId: string, id: string): Promise<DeviceEntity> {
    const device = await this.repo.findOne({ where: { id, accountId, revokedAt: IsNull() } });
    if (!device) throw new DeviceNotFound();
    return device;
  }

  private newPairingCode(): { code: string; codeHash: string; expiresAt: Date } {
    let raw = '';
    for (let i = 0; i < 8; i++) raw += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
    const code = `${raw.slice(0, 4)}-${raw.slice(4)}`;
    const expiresAt = new Date(Date.now() + this.config.PAIRING_CODE_TTL_SECONDS * 1000);
    return { code, codeHash: sha256(raw), expiresAt };
  }

  /** The QR code is a data: URL (an SVG) of `smsgw://pair?server=…&code=…`, which the app scans. */
  private async pairingResource(code: string, expiresAt: Date): Promise<PairingResource> {
    const link = `smsgw://pair?server=${encodeURIComponent(this.config.publicUrl)}&code=${encodeURIComponent(code)}`;
    const svg = await QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return {
      code,
      expiresAt: expiresAt.toISOString(),
      qrUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
    };
  }
}
