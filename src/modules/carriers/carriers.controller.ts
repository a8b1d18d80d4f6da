import { Body, Controller, Headers, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Account, Public } from '@/common/auth.decorators.js';
import { resourceRoutes } from '@/common/resource-routes.js';
import { validateAfterLookup, validatePayload } from '@/common/validate-payload.js';
import { AuditContext, type RequestContext } from '@/modules/audit/audit-context.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { CarrierNotFound } from './carriers.errors.js';
import { CarriersService } from './carriers.service.js';
import { CarrierDlrDto, CreateCarrierDto, UpdateCarrierDto } from './dto/carrier.dto.js';

import { CarrierListResponse, CarrierResponse, DlrResultResponse } from './dto/carrier.response.js';

const Carrier = resourceRoutes({ scope: 'admin', id: 'The carrier id', notFound: () => new CarrierNotFound() });

const CARRIER_EXAMPLES = {
  smpp: {
    summary: 'An SMPP 3.4 link',
    value: {
      name: 'Acme SMSC',
      kind: 'smpp',
      smpp: { host: 'smsc.example.net', port: 2775, systemId: 'acme', password: 'secret' },
    },
  },
  http: {
    summary: 'An HTTP API',
    value: {
      name: 'Acme HTTP',
      kind: 'http',
      http: {
        url: 'https://api.example.net/sms',
        method: 'POST',
        bodyTemplate: '{"to":"{to}","text":"{body}","ref":"{messageId}"}',
        auth: 'bearer',
        secret: 'token',
        messageIdPath: 'id',
      },
    },
  },
};

/** SMPP and HTTP carrier connections (DESIGN.md §3). They hold credentials and cost money: `admin` throughout. */
@Controller('v1/carriers')
@ApiTags('carriers')
export class CarriersController {
  constructor(private readonly carriers: CarriersService) {}

  @Carrier.Create({
    summary: 'Create an SMPP or HTTP carrier connection',
    body: CreateCarrierDto,
    examples: CARRIER_EXAMPLES,
    type: CarrierResponse,
    problems: ['WEBHOOK_URL_FORBIDDEN', 'LIMIT_REACHED'],
  })
  create(@Account() account: AccountRef, @Body() dto: CreateCarrierDto, @AuditContext() context: RequestContext) {
    return this.carriers.create(account, dto, context);
  }

  @Carrier.List({ summary: 'The carriers with their live state', type: CarrierListResponse })
  async list(@Account() account: AccountRef) {
    return { data: await this.carriers.list(account), nextCursor: null };
  }

  /** The carrier with its live `state` (bound, connecting, reconnecting, down, disabled) and counters. */
  @Carrier.Get({ summary: 'One carrier with its live state and counters', type: CarrierResponse })
  get(@Account() account: AccountRef, @Carrier.Id() id: string) {
    return this.carriers.get(account, id);
  }

  @Carrier.Patch({
    summary: 'Change a carrier',
    body: UpdateCarrierDto,
    type: CarrierResponse,
    problems: ['WEBHOOK_URL_FORBIDDEN'],
  })
  async update(
    @Account() account: AccountRef,
    @Carrier.Id() id: string,
    @Body() body: unknown,
    @AuditContext() context: RequestContext,
  ) {
    const changes = await validateAfterLookup(() => this.carriers.get(account, id), UpdateCarrierDto, body);
    return this.carriers.update(account, id, changes, context);
  }

  @Carrier.Delete({ summary: 'Delete a carrier' })
  async remove(
    @Account() account: AccountRef,
    @Carrier.Id() id: string,
    @AuditContext() context: RequestContext,
  ): Promise<void> {
    await this.carriers.remove(account, id, context);
  }

  /**
   * An HTTP carrier's delivery report: `{messageId, status, errorCode?}` with the carrier's DLR
   * token in `?token=` or the `X-Carrier-Token` header (the carrier's `http.dlrUrl` has it). No
   * bearer token: the carrier is not a user. The token is checked before the body is looked at.
   */
  @Post(':id/dlr')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary: "An HTTP carrier's delivery report",
    description: "The carrier's own call (its `dlrUrl`), authenticated by the carrier's DLR token, not a bearer token.",
  })
  @Carrier.IdParam()
  @ApiQuery({ name: 'token', required: false, description: "The carrier's DLR token (or the X-Carrier-Token header)" })
  @ApiHeader({ name: 'X-Carrier-Token', required: false, description: "The carrier's DLR token" })
  @ApiBody({ type: CarrierDlrDto })
  @ApiOkResponse({ type: DlrResultResponse })
  async dlr(
    @Carrier.Id() id: string,
    @Query('token') queryToken: unknown,
    @Headers('x-carrier-token') headerToken: unknown,
    @Body() body: unknown,
  ) {
    const token =
      typeof headerToken === 'string' ? headerToken : typeof queryToken === 'string' ? queryToken : undefined;
    const carrier = await this.carriers.authenticateDlr(id, token);
    return this.carriers.receiveDlr(carrier, await validatePayload(CarrierDlrDto, body));
  }
}
