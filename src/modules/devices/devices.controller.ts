import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { Account, Public, RequireScopes } from '@/common/auth.decorators.js';
import { NotFound } from '@/common/errors.js';
import { validatePayload } from '@/common/validate-payload.js';
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

// A malformed id cannot name anything in the caller's account: answer 404, as for another account's id.
const uuid = new ParseUUIDPipe({ exceptionFactory: () => new NotFound('Device') });
const DeviceId = () => ApiParam({ name: 'id', format: 'uuid', description: 'The device id' });

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

  @Post()
  @RequireScopes('devices:write')
  @ApiOperation({ summary: 'Create a device and its one-time pairing code (and QR)' })
  @ApiCreatedResponse({ type: CreatedDeviceResponse })
  @ApiProblems('LIMIT_REACHED')
  create(@Account() account: AccountRef, @Body() dto: CreateDeviceDto, @AuditContext() context: RequestContext) {
    return this.devices.create(account, dto.name, context);
  }

  @Get()
  @RequireScopes('devices:read')
  @ApiOperation({ summary: 'The phones of the account with their live state' })
  @ApiOkResponse({ type: DeviceListResponse })
  async list(@Account() account: AccountRef) {
    return { data: await this.devices.list(account), nextCursor: null };
  }

  @Get(':id')
  @RequireScopes('devices:read')
  @ApiOperation({ summary: 'One phone with its live state' })
  @DeviceId()
  @ApiOkResponse({ type: DeviceResponse })
  get(@Account() account: AccountRef, @Param('id', uuid) id: string) {
    return this.devices.get(account, id);
  }

  /**
   * The body is validated after the id is looked up, not by the global pipe: another account's
   * device is NOT_FOUND whatever the body holds, as on every id-bearing route (tenant-walk test).
   */
  @Patch(':id')
  @RequireScopes('devices:write')
  @ApiOperation({ summary: 'Rename, enable or disable a phone, or change its SIM policy and limits' })
  @DeviceId()
  @ApiBody({ type: UpdateDeviceDto, examples: UPDATE_DEVICE_EXAMPLES })
  @ApiOkResponse({ type: DeviceResponse })
  async update(
    @Account() account: AccountRef,
    @Param('id', uuid) id: string,
    @Body() body: unknown,
    @AuditContext() context: RequestContext,
  ) {
    await this.devices.get(account, id);
    return this.devices.update(account, id, await validatePayload(UpdateDeviceDto, body), context);
  }

  @Post(':id/pairing')
  @RequireScopes('devices:write')
  @ApiOperation({ summary: "A new pairing code; pairing with it replaces the phone's token" })
  @DeviceId()
  @ApiCreatedResponse({ type: PairingResponse })
  pairing(@Account() account: AccountRef, @Param('id', uuid) id: string, @AuditContext() context: RequestContext) {
    return this.devices.newPairing(account, id, context);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScopes('devices:write')
  @ApiOperation({ summary: 'Revoke a phone: its token stops working and its socket drops at once' })
  @DeviceId()
  @ApiNoContentResponse({ description: 'Revoked' })
  async revoke(
    @Account() account: AccountRef,
    @Param('id', uuid) id: string,
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
