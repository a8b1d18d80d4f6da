import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Account, RequireScopes } from '@/common/auth.decorators.js';
import { isUuid } from '@/common/ids.js';
import { validatePayload, type UncheckedInput } from '@/common/validate-payload.js';
import { AuditContext, type RequestContext } from '@/modules/audit/audit-context.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { DevicesService, type DeviceResource } from './devices.service.js';
import { DeviceNotFound } from './devices.errors.js';
import { CreateDeviceDto, CreatePairingCodeInput, RevokeDeviceInput } from './dto/device.dto.js';
import { UpdateDeviceInput, type DeviceUpdate } from './dto/update-device.dto.js';
import { CreateDevicePayloadModel, DeviceModel, PairingModel, SimThrottleModel } from './models/device.model.js';

@Resolver(() => DeviceModel)
export class DevicesResolver {
  constructor(private readonly devices: DevicesService) {}

  @Query(() => [DeviceModel], { name: 'devices' })
  @RequireScopes('devices:read')
  devicesList(@Account() account: AccountRef) {
    return this.devices.list(account);
  }

  @Query(() => DeviceModel, { description: 'One device of the account, with its live state' })
  @RequireScopes('devices:read')
  device(@Account() account: AccountRef, @Args('id', { type: () => ID }) id: string) {
    // A malformed id cannot name anything in the caller's account: NOT_FOUND, as for another account's.
    if (!isUuid(id)) throw new DeviceNotFound();
    return this.devices.get(account, id);
  }

  @Mutation(() => CreateDevicePayloadModel)
  @RequireScopes('devices:write')
  createDevice(
    @Account() account: AccountRef,
    @Args('input', { type: () => CreateDeviceDto }) input: CreateDeviceDto,
    @AuditContext() context: RequestContext,
  ) {
    return this.devices.create(account, input.name, context);
  }

  /** Another account's id is NOT_FOUND whatever the input holds: the input is validated after the lookup. */
  @Mutation(() => DeviceModel)
  @RequireScopes('devices:write')
  async updateDevice(
    @Account() account: AccountRef,
    @Args('input', { type: () => UpdateDeviceInput }) input: UncheckedInput,
    @AuditContext() context: RequestContext,
  ) {
    if (!isUuid(input.id)) throw new DeviceNotFound();
    await this.devices.get(account, input.id);
    const { id, simThrottles, ...changes } = await validatePayload(UpdateDeviceInput, input);
    const update: DeviceUpdate = { ...changes };
    if (simThrottles) update.simThrottles = Object.fromEntries(simThrottles.map(({ slot, ...t }) => [String(slot), t]));
    return this.devices.update(account, id, update, context);
  }

  /** Revokes the device: its token stops working and its socket is dropped at once. */
  @Mutation(() => Boolean)
  @RequireScopes('devices:write')
  async revokeDevice(
    @Account() account: AccountRef,
    @Args('input', { type: () => RevokeDeviceInput }) input: RevokeDeviceInput,
    @AuditContext() context: RequestContext,
  ): Promise<boolean> {
    // A malformed id cannot name anything in the caller's account: NOT_FOUND, as for another account's.
    if (!isUuid(input.id)) throw new DeviceNotFound();
    await this.devices.revoke(account, input.id, context);
    return true;
  }

  @Mutation(() => PairingModel, {
    description: 'A new one-time pairing code (and its QR code); pairing with it replaces the device token',
  })
  @RequireScopes('devices:write')
  createPairingCode(
    @Account() account: AccountRef,
    @Args('input', { type: () => CreatePairingCodeInput }) input: CreatePairingCodeInput,
    @AuditContext() context: RequestContext,
  ) {
    if (!isUuid(input.id)) throw new DeviceNotFound();
    return this.devices.newPairing(account, input.id, context);
  }

  /** The resource's map by slot, as a list (GraphQL has no maps). */
  @ResolveField(() => [SimThrottleModel])
  simThrottles(@Parent() device: DeviceResource): SimThrottleModel[] {
    return Object.entries(device.simThrottles)
      .map(([slot, t]) => ({ slot: Number(slot), ...t }))
      .sort((a, b) => a.slot - b.slot);
  }
}
