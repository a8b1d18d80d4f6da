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
import { Account, RequireScopes } from '@/common/auth.decorators.js';
import { validatePayload } from '@/common/validate-payload.js';
import { AuditContext, type RequestContext } from '@/modules/audit/audit-context.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { CreateRouteDto, UpdateRouteDto } from './dto/route.dto.js';
import { RouteNotFound } from './routing.errors.js';
import { RoutesService } from './routes.service.js';
import { RouteListResponse, RouteResponse } from './dto/route.response.js';

// A malformed id cannot name anything in the caller's account: 404, as for another account's id.
const uuid = new ParseUUIDPipe({ exceptionFactory: () => new RouteNotFound() });
const RouteId = () => ApiParam({ name: 'id', format: 'uuid', description: 'The route id' });

const ROUTE_EXAMPLES = {
  failover: {
    summary: 'German numbers: the phone pool first, then a carrier',
    value: {
      name: 'Germany',
      match: { prefixes: ['+49'] },
      strategy: 'failover',
      targets: [
        { kind: 'pool', deviceIds: ['0195f3a2-7c4e-7b8a-9d10-2f3e4a5b6c7d'] },
        { kind: 'carrier', carrierId: '0195f3a2-8d5f-7c9b-8e21-3a4b5c6d7e8f' },
      ],
    },
  },
  fallback: {
    summary: 'Everything else: all phones',
    value: { name: 'Default', strategy: 'failover', targets: [{ kind: 'devices' }], isDefault: true },
  },
};

/** Routing rules (DESIGN.md §3). They decide where every message of the account goes: `admin` throughout. */
@Controller('v1/routes')
@ApiTags('routing')
export class RoutesController {
  constructor(private readonly routes: RoutesService) {}

  /** `{data, nextCursor: null}` in evaluation order (position, then oldest first); an account has at most 500. */
  @Get()
  @RequireScopes('admin')
  @ApiOperation({ summary: 'The routing rules in evaluation order' })
  @ApiOkResponse({ type: RouteListResponse })
  async list(@Account() account: AccountRef) {
    return { data: await this.routes.list(account), nextCursor: null };
  }

  @Post()
  @HttpCode(201)
  @RequireScopes('admin')
  @ApiOperation({ summary: 'Create a routing rule' })
  @ApiBody({ type: CreateRouteDto, examples: ROUTE_EXAMPLES })
  @ApiCreatedResponse({ type: RouteResponse })
  create(@Account() account: AccountRef, @Body() dto: CreateRouteDto, @AuditContext() context: RequestContext) {
    return this.routes.create(account, dto, context);
  }

  @Get(':id')
  @RequireScopes('admin')
  @ApiOperation({ summary: 'One routing rule' })
  @RouteId()
  @ApiOkResponse({ type: RouteResponse })
  get(@Account() account: AccountRef, @Param('id', uuid) id: string) {
    return this.routes.get(account, id);
  }

  /**
   * The body is validated after the id is looked up, not by the global pipe: another account's
   * route is NOT_FOUND whatever the body holds, as on every id-bearing route (tenant-walk test).
   */
  @Patch(':id')
  @RequireScopes('admin')
  @ApiOperation({ summary: 'Change a routing rule: each field given replaces the stored one whole' })
  @RouteId()
  @ApiBody({ type: UpdateRouteDto })
  @ApiOkResponse({ type: RouteResponse })
  async update(
    @Account() account: AccountRef,
    @Param('id', uuid) id: string,
    @Body() body: unknown,
    @AuditContext() context: RequestContext,
  ) {
    await this.routes.get(account, id);
    return this.routes.update(account, id, await validatePayload(UpdateRouteDto, body), context);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScopes('admin')
  @ApiOperation({ summary: 'Delete a routing rule' })
  @RouteId()
  @ApiNoContentResponse({ description: 'Deleted' })
  async remove(
    @Account() account: AccountRef,
    @Param('id', uuid) id: string,
    @AuditContext() context: RequestContext,
  ): Promise<void> {
    await this.routes.remove(account, id, context);
  }
}
