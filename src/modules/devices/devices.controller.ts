import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Account, Public, RequireScopes } from '@/common/auth.decorators.js';
import { NotFound } from '@/common/errors.js';
import { resourceRoutes } from '@/common/resource-routes.js';
import { validateAfterLookup } from '@/common/validate-payload.js';
import { AuditContext, type RequestContext } from '@/modules/audit/audit-context.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { DevicesService } from './devices.service.js';
import { CreateDeviceDto, PairDto } from './dto/device.dto.js';
import { UpdateDeviceDto } from './dto/update-device.dto.js';
import {
  CreatedDeviceResponse,
  DeviceListResponse,
  DeviceResponse,
  PairingResponse,
  PairResultResponse,
} from './dto/device.response.js';
import { ApiProblems } from '@/common/openapi/api-problems.decorator.js';

const Device = resourceRoutes({ scope: 'devices:write', id: 'The device id', notFound: () => new NotFound('Device') });

const UPDATE_DEVICE_EXAMPLES = {
  limits: {
    summary: 'At most 30 parts a minute, SIM 1 at most 500 a day',
    value: { throttle: { partsPerMinute: 30 }, simThrottles: { '1': { partsPerDay: 500 } }, simPolicy: 'round-robin' },
  },
  disable: { summary: 'Take the phone out of service', value: { enabled: false } },
};

@Controller('v1/devices')
@ApiTags('devices')
export class DevicesController {
  constructor(private readonly devices: DevicesService) {}

  @Device.Create({
    summary: 'Create a device and its one-time pairing code (and QR)',
    body: CreateDeviceDto,
    type: CreatedDeviceResponse,
    problems: ['LIMIT_REACHED'],
  })
  create(@Account() account: AccountRef, @Body() dto: CreateDeviceDto, @AuditContext() context: RequestContext) {
    return this.devices.create(account, dto.name, context);
  }

  @Device.List({
    summary: 'The phones of the account with their live state',
    type: DeviceListResponse,
    scope: 'devices:read',
  })
  async list(@Account() account: AccountRef) {
    return { data: await this.devices.list(account), nextCursor: null };
  }

  @Device.Get({ summary: 'One phone with its live state', type: DeviceResponse, scope: 'devices:read' })
  get(@Account() account: AccountRef, @Device.Id() id: string) {
    return this.devices.get(account, id);
  }

  @Device.Patch({
    summary: 'Rename, enable or disable a phone, or change its SIM policy and limits',
    body: UpdateDeviceDto,
    examples: UPDATE_DEVICE_EXAMPLES,
    type: DeviceResponse,
  })
  async update(
    @Account() account: AccountRef,
    @Device.Id() id: string,
    @Body() body: unknown,
    @AuditContext() context: RequestContext,
  ) {
    const changes = await validateAfterLookup(() => this.devices.get(account, id), UpdateDeviceDto, body);
    return this.devices.update(account, id, changes, context);
  }

  @Post(':id/pairing')
  @RequireScopes('devices:write')
  @ApiOperation({ summary: "A new pairing code; pairing with it replaces the phone's token" })
  @Device.IdParam()
  @ApiCreatedResponse({ type: PairingResponse })
  pairing(@Account() account: AccountRef, @Device.Id() id: string, @AuditContext() context: RequestContext) {
    return this.devices.newPairing(account, id, context);
  }

  @Device.Delete({ summary: 'Revoke a phone: its token stops working and its socket drops at once', done: 'Revoked' })
  async revoke(
    @Account() account: AccountRef,
    @Device.Id() id: string,
    @AuditContext() context: RequestContext,
  ): Promise<void> {
    await this.devices.revoke(account, id, context);
  }
}

@Controller('v1/agent')
@ApiTags('devices')
export class AgentPairingController {
  constructor(private readonly devices: DevicesService) {}

  /** The phone redeems its one-time code for a device token (DESIGN.md §5). */
  @Post('pair')
  @HttpCode(201)
  @Public()
  @ApiOperation({ summary: "The phone redeems its pairing code for a device token (the agent's call)" })
  @ApiCreatedResponse({ type: PairResultResponse })
  @ApiProblems('INVALID_PAIRING_CODE')
  pair(@Body() dto: PairDto, @AuditContext() context: RequestContext) {
    return this.devices.pair(dto.code, dto.device, context);
  }
}
