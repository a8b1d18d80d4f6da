import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import type { SimInfo } from '@sms-gateway/android-agent/protocol';
import { DeviceEntity } from './entities/device.entity.js';
import type { AccountId } from '@/common/account-id.js';

/** A device row to insert: the account id is the method's first argument; the rest take their defaults. */
export type NewDevice = Pick<DeviceEntity, 'id' | 'name' | 'pairingCodeHash' | 'pairingExpiresAt'>;

/** The columns a change may set (the service decides which). */
export type DeviceChanges = Partial<
  Pick<
    DeviceEntity,
    | 'name'
    | 'enabled'
    | 'simPolicy'
    | 'throttle'
    | 'simThrottles'
    | 'tokenHash'
    | 'pairingCodeHash'
    | 'pairingExpiresAt'
    | 'revokedAt'
    | 'appVersion'
    | 'sims'
    | 'lastSeenAt'
    | 'battery'
    | 'charging'
    | 'signal'
    | 'batteryOptimizationExempt'
    | 'queueDepth'
  >
>;

/** What a phone tells about itself when it pairs. */
export interface PairedDeviceInfo {
  appVersion: string | null;
  sims: SimInfo[] | undefined;
  deviceInfo: { model?: string; manufacturer?: string; osVersion?: string };
}

/**
 * Queries of the devices; every one takes the account id first (STYLE.md), except the two a phone
 * needs before it knows its account, named so: redeeming a pairing code and resolving a socket's
 * token, and the operator's metrics' read of every throttle. "Active" is not revoked.
 */
@Injectable()
export class DevicesRepository {
  constructor(private readonly db: DataSource) {}

  /** Which of the ids are devices of the account that are not revoked (disabled ones may be enabled again). */
  async unrevokedAmong(accountId: AccountId, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db.query<{ id: string }[]>(
      'SELECT id FROM devices WHERE account_id = $1 AND id = ANY($2::uuid[]) AND revoked_at IS NULL',
      [accountId, ids],
    );
    return new Set(rows.map((r) => r.id));
  }

  async insert(accountId: AccountId, device: NewDevice, manager: EntityManager): Promise<void> {
    await manager.insert(DeviceEntity, { ...device, accountId });
  }

  findActive(accountId: AccountId, id: string): Promise<DeviceEntity | null> {
    return this.db.getRepository(DeviceEntity).findOne({ where: { id, accountId, revokedAt: IsNull() } });
  }

  /** As `findActive`, the row locked for the caller's transaction. */
  lockActive(accountId: AccountId, id: string, manager: EntityManager): Promise<DeviceEntity | null> {
    return manager.findOne(DeviceEntity, {
      where: { id, accountId, revokedAt: IsNull() },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** A missing device is TypeORM's EntityNotFoundError (for a row this request just wrote). */
  findOrFail(accountId: AccountId, id: string): Promise<DeviceEntity> {
    return this.db.getRepository(DeviceEntity).findOneByOrFail({ id, accountId });
  }

  findActiveByName(accountId: AccountId, name: string): Promise<DeviceEntity | null> {
    return this.db.getRepository(DeviceEntity).findOne({ where: { accountId, name, revokedAt: IsNull() } });
  }

  /** The active devices, oldest first. */
  listActive(accountId: AccountId): Promise<DeviceEntity[]> {
    return this.db.getRepository(DeviceEntity).find({
      where: { accountId, revokedAt: IsNull() },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** The enabled, active devices with only what dispatch needs: id, limits, SIMs and SIM policy. */
  listForDispatch(accountId: AccountId): Promise<DeviceEntity[]> {
    return this.db.getRepository(DeviceEntity).find({
      where: { accountId, enabled: true, revokedAt: IsNull() },
      select: { id: true, throttle: true, sims: true, simPolicy: true, simThrottles: true },
    });
  }

  /** Sets `changes` on the device; in `manager`'s transaction when given. */
  async update(
    accountId: AccountId,
    id: string,
    changes: DeviceChanges,
    manager: EntityManager = this.db.manager,
  ): Promise<void> {
    await manager.update(DeviceEntity, { id, accountId }, changes);
  }

  // ---- before the phone knows its account (cross-account by design) ----

  /**
   * Redeems a pairing code (its SHA-256) once, in the caller's transaction: a single conditional
   * UPDATE, so two phones cannot both win. The device gets the token (its SHA-256); answers the
   * device redeemed, none when the code is unknown, used, expired or its device revoked.
   */
  async redeemPairingCodeAcrossAccounts(
    codeHash: string,
    tokenHash: string,
    info: PairedDeviceInfo,
    manager: EntityManager,
  ): Promise<{ id: string; account_id: AccountId }[]> {
    // An UPDATE through TypeORM's query() answers [rows, rowCount].
    const [rows] = await manager.query<[{ id: string; account_id: AccountId }[], number]>(
      `UPDATE devices
          SET token_hash = $2, pairing_code_hash = NULL, pairing_expires_at = NULL, paired_at = now(),
              app_version = COALESCE($3, app_version), sims = COALESCE($4::jsonb, sims),
              device_info = $5::jsonb, updated_at = now()
        WHERE pairing_code_hash = $1 AND pairing_expires_at > now() AND revoked_at IS NULL
        RETURNING id, account_id`,
      [
        codeHash,
        tokenHash,
        info.appVersion,
        info.sims ? JSON.stringify(info.sims) : null,
        JSON.stringify(info.deviceInfo),
      ],
    );
    return rows;
  }

  /** The enabled, active device holding this token (its SHA-256): a socket presents only the token. */
  async findByTokenAcrossAccounts(
    tokenHash: string,
  ): Promise<{ id: string; accountId: AccountId; enabled: boolean } | undefined> {
    const device = await this.db.getRepository(DeviceEntity).findOne({
      where: { tokenHash, revokedAt: IsNull() },
      select: { id: true, accountId: true, enabled: true },
    });
    return device ? { id: device.id, accountId: device.accountId, enabled: device.enabled } : undefined;
  }

  // ---- the operator's metrics (cross-account by design) ----

  /** Device id → partsPerMinute, of the devices of all accounts whose throttle sets one. */
  async partsPerMinuteLimitsAcrossAccounts(): Promise<Map<string, number>> {
    const rows = await this.db.query<{ id: string; m: number | null }[]>(
      `SELECT id, (throttle->>'partsPerMinute')::int AS m FROM devices WHERE throttle ? 'partsPerMinute'`,
    );
    return new Map(rows.map((r) => [r.id, Number(r.m)]));
  }
}
