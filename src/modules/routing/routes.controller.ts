import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { Account, RequireScopes } from '@/common/auth.decorators.js';
import { validatePayload } from '@/common/validate-payload.js';
import { AuditContext, type RequestContext } from '@/modules/audit/audit-context.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { CreateRouteDto, UpdateRouteDto } from './dto/route.dto.js';
import { RouteNotFound } from './routing.errors.js';
import { RoutesService } from './routes.service.js';

// A malformed id cannot name anything in the caller's account: 404, as for another account's id.
const uuid = new ParseUUIDPipe({ exceptionFactory: () => new RouteNotFound() });

/** Routing rules (DESIGN.md §3). They decide where every message of the account goes: `admin` throughout. */
@Controller('v1/routes')
export class RoutesController {
  constructor(private readonly routes: RoutesService) {}

  /** `{data, nextCursor: null}` in evaluation order (position, then oldest first); an account has at most 500. */
  @Get()
  @RequireScopes('admin')
  async list(@Account() account: AccountRef) {
    return { data: await this.routes.list(account), nextCursor: null };
  }

  @Post()
  @HttpCode(201)
  @RequireScopes('admin')
  create(@Account() account: AccountRef, @Body() dto: CreateRouteDto, @AuditContext() context: RequestContext) {
    return this.routes.create(account, dto, context);
  }

  @Get(':id')
  @RequireScopes('admin')
  get(@Account() account: AccountRef, @Param('id', uuid) id: string) {
    return this.routes.get(account, id);
  }

  /**
   * The body is validated after the id is looked up, not by the global pipe: another account's
   * route is NOT_FOUND whatever the body holds, as on every id-bearing route (tenant-walk test).
   */
  @Patch(':id')
  @RequireScopes('admin')
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
  async remove(
    @Account() account: AccountRef,
    @Param('id', uuid) id: string,
    @AuditContext() context: RequestContext,
  ): Promise<void> {
    await this.routes.remove(account, id, context);
  }
}
