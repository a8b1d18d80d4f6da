import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Account, RequireScopes } from '@/common/auth.decorators.js';
import { AuditContext, type RequestContext } from '@/modules/audit/audit-context.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { DevicesService } from './devices.service.js';
import { CreateDeviceDto } from './dto/device.dto.js';
import { CreateDevicePayloadModel, DeviceModel } from './models/device.model.js';

@Resolver(() => DeviceModel)
export class DevicesResolver {
  constructor(private readonly devices: DevicesService) {}

  @Query(() => [DeviceModel], { name: 'devices' })
  @RequireScopes('devices:read')
  devicesList(@Account() account: AccountRef) {
    return this.devices.list(account);
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
}
