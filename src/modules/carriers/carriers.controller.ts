import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { Account, Public, RequireScopes } from '@/common/auth.decorators.js';
import { validatePayload } from '@/common/validate-payload.js';
import { AuditContext, type RequestContext } from '@/modules/audit/audit-context.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { CarrierNotFound } from './carriers.errors.js';
import { CarriersService } from './carriers.service.js';
import { CarrierDlrDto, CreateCarrierDto, UpdateCarrierDto } from './dto/carrier.dto.js';
import { ApiProblems } from '@/common/openapi/api-problems.decorator.js';
import { CarrierListResponse, CarrierResponse, DlrResultResponse } from './dto/carrier.response.js';

// A malformed id cannot name anything in the caller's account: 404, as for another account's id.
const uuid = new ParseUUIDPipe({ exceptionFactory: () => new CarrierNotFound() });
const CarrierId = () => ApiParam({ name: 'id', format: 'uuid', description: 'The carrier id' });

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

  @Post()
  @HttpCode(201)
  @RequireScopes('admin')
  @ApiOperation({ summary: 'Create an SMPP or HTTP carrier connection' })
  @ApiBody({ type: CreateCarrierDto, examples: CARRIER_EXAMPLES })
  @ApiCreatedResponse({ type: CarrierResponse })
  @ApiProblems('WEBHOOK_URL_FORBIDDEN', 'LIMIT_REACHED')
  create(@Account() account: AccountRef, @Body() dto: CreateCarrierDto, @AuditContext() context: RequestContext) {
    return this.carriers.create(account, dto, context);
  }

  @Get()
  @RequireScopes('admin')
  @ApiOperation({ summary: 'The carriers with their live state' })
  @ApiOkResponse({ type: CarrierListResponse })
  async list(@Account() account: AccountRef) {
    return { data: await this.carriers.list(account), nextCursor: null };
  }

  /** The carrier with its live `state` (bound, connecting, reconnecting, down, disabled) and counters. */
  @Get(':id')
  @RequireScopes('admin')
  @ApiOperation({ summary: 'One carrier with its live state and counters' })
  @CarrierId()
  @ApiOkResponse({ type: CarrierResponse })
  get(@Account() account: AccountRef, @Param('id', uuid) id: string) {
    return this.carriers.get(account, id);
  }

  /** The body is validated after the id is looked up: another account's carrier is NOT_FOUND whatever the body holds. */
  @Patch(':id')
  @RequireScopes('admin')
  @ApiOperation({ summary: 'Change a carrier' })
  @CarrierId()
  @ApiBody({ type: UpdateCarrierDto })
  @ApiOkResponse({ type: CarrierResponse })
  @ApiProblems('WEBHOOK_URL_FORBIDDEN')
  async update(
    @Account() account: AccountRef,
    @Param('id', uuid) id: string,
    @Body() body: unknown,
    @AuditContext() context: RequestContext,
  ) {
    await this.carriers.get(account, id);
    return this.carriers.update(account, id, await validatePayload(UpdateCarrierDto, body), context);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScopes('admin')
  @ApiOperation({ summary: 'Delete a carrier' })
  @CarrierId()
  @ApiNoContentResponse({ description: 'Deleted' })
  async remove(
    @Account() account: AccountRef,
    @Param('id', uuid) id: string,
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
  @CarrierId()
  @ApiQuery({ name: 'token', required: false, description: "The carrier's DLR token (or the X-Carrier-Token header)" })
  @ApiHeader({ name: 'X-Carrier-Token', required: false, description: "The carrier's DLR token" })
  @ApiBody({ type: CarrierDlrDto })
  @ApiOkResponse({ type: DlrResultResponse })
  async dlr(
    @Param('id', uuid) id: string,
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
