import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { Account, Public, RequireScopes } from '@/common/auth.decorators.js';
import { NotFound } from '@/common/errors.js';
import { validatePayload } from '@/common/validate-payload.js';
import { AuditContext, type RequestContext } from '@/modules/audit/audit-context.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { DevicesService } from './devices.service.js';
import { CreateDeviceDto, PairDto } from './dto/device.dto.js';
import { UpdateDeviceDto } from './dto/update-device.dto.js';

// A malformed id cannot name anything in the caller's account: answer 404, as for another account's id.
const uuid = new ParseUUIDPipe({ exceptionFactory: () => new NotFound('Device') });

@Controller('v1/devices')
export class DevicesController {
  constructor(private readonly devices: DevicesService) {}

  @Post()
  @RequireScopes('devices:write')
  create(@Account() account: AccountRef, @Body() dto: CreateDeviceDto, @AuditContext() context: RequestContext) {
    return this.devices.create(account, dto.name, context);
  }

  @Get()
  @RequireScopes('devices:read')
  async list(@Account() account: AccountRef) {
    return { data: await this.devices.list(account), nextCursor: null };
  }

  @Get(':id')
  @RequireScopes('devices:read')
  get(@Account() account: AccountRef, @Param('id', uuid) id: string) {
    return this.devices.get(account, id);
  }

  /**
   * The body is validated after the id is looked up, not by the global pipe: another account's
   * device is NOT_FOUND whatever the body holds, as on every id-bearing route (tenant-walk test).
   */
  @Patch(':id')
  @RequireScopes('devices:write')
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
  pairing(@Account() account: AccountRef, @Param('id', uuid) id: string, @AuditContext() context: RequestContext) {
    return this.devices.newPairing(account, id, context);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScopes('devices:write')
  async revoke(
    @Account() account: AccountRef,
    @Param('id', uuid) id: string,
    @AuditContext() context: RequestContext,
  ): Promise<void> {
    await this.devices.revoke(account, id, context);
  }
}

@Controller('v1/agent')
export class AgentPairingController {
  constructor(private readonly devices: DevicesService) {}

  /** The phone redeems its one-time code for a device token (DESIGN.md §5). */
  @Post('pair')
  @HttpCode(201)
  @Public()
  pair(@Body() dto: PairDto, @AuditContext() context: RequestContext) {
    return this.devices.pair(dto.code, dto.device, context);
  }
}
