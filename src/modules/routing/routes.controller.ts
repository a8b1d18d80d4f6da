import { Body, Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Account } from '@/common/auth.decorators.js';
import { resourceRoutes } from '@/common/resource-routes.js';
import { validateAfterLookup } from '@/common/validate-payload.js';
import { AuditContext, type RequestContext } from '@/modules/audit/audit-context.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { CreateRouteDto, UpdateRouteDto } from './dto/route.dto.js';
import { RouteNotFound } from './routing.errors.js';
import { RoutesService } from './routes.service.js';
import { RouteListResponse, RouteResponse } from './dto/route.response.js';

const Route = resourceRoutes({ scope: 'admin', id: 'The route id', notFound: () => new RouteNotFound() });

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
  @Route.List({ summary: 'The routing rules in evaluation order', type: RouteListResponse })
  async list(@Account() account: AccountRef) {
    return { data: await this.routes.list(account), nextCursor: null };
  }

  @Route.Create({
    summary: 'Create a routing rule',
    body: CreateRouteDto,
    examples: ROUTE_EXAMPLES,
    type: RouteResponse,
  })
  create(@Account() account: AccountRef, @Body() dto: CreateRouteDto, @AuditContext() context: RequestContext) {
    return this.routes.create(account, dto, context);
  }

  @Route.Get({ summary: 'One routing rule', type: RouteResponse })
  get(@Account() account: AccountRef, @Route.Id() id: string) {
    return this.routes.get(account, id);
  }

  @Route.Patch({
    summary: 'Change a routing rule: each field given replaces the stored one whole',
    body: UpdateRouteDto,
    type: RouteResponse,
  })
  async update(
    @Account() account: AccountRef,
    @Route.Id() id: string,
    @Body() body: unknown,
    @AuditContext() context: RequestContext,
  ) {
    const changes = await validateAfterLookup(() => this.routes.get(account, id), UpdateRouteDto, body);
    return this.routes.update(account, id, changes, context);
  }

  @Route.Delete({ summary: 'Delete a routing rule' })
  async remove(
    @Account() account: AccountRef,
    @Route.Id() id: string,
    @AuditContext() context: RequestContext,
  ): Promise<void> {
    await this.routes.remove(account, id, context);
  }
}
