import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { Account, Public, RequireScopes } from '@/common/auth.decorators.js';
import { AuditContext, type RequestContext } from '@/modules/audit/audit-context.js';
import { CreateOAuthClientDto } from './dto/oauth.dto.js';
import { OAuthClientsService, type TokenRequest } from './oauth-clients.service.js';
import { OAuthError } from './oauth.errors.js';
import type { AccountRef } from './scopes.js';
import { ApiProblems, ApiProblemsOf } from '@/common/openapi/api-problems.decorator.js';
import { OAuthProblemResponse } from '@/common/openapi/problem.response.js';
import {
  CreatedOAuthClientResponse,
  OAuthClientListResponse,
  OAuthTokenRequest,
  OAuthTokenResponse,
} from './dto/auth.response.js';

@Controller('v1/oauth-clients')
@ApiTags('oauth')
export class OAuthClientsController {
  constructor(private readonly clients: OAuthClientsService) {}

  @Post()
  @HttpCode(201)
  @RequireScopes('admin')
  @ApiOperation({ summary: 'Create an OAuth2 client (its secret is shown once)' })
  @ApiCreatedResponse({ type: CreatedOAuthClientResponse })
  @ApiProblems('LIMIT_REACHED')
  create(@Account() account: AccountRef, @Body() dto: CreateOAuthClientDto, @AuditContext() context: RequestContext) {
    return this.clients.create(account, dto.name, dto.scopes, context);
  }

  @Get()
  @RequireScopes('admin')
  @ApiOperation({ summary: 'The OAuth2 clients of the account' })
  @ApiOkResponse({ type: OAuthClientListResponse })
  async list(@Account() account: AccountRef) {
    return { data: await this.clients.list(account), nextCursor: null };
  }

  @Post(':id/rotate')
  @HttpCode(200)
  @RequireScopes('admin')
  @ApiOperation({ summary: 'A new secret for a client (shown once); the old one stops working' })
  @ApiOkResponse({ type: CreatedOAuthClientResponse })
  rotate(@Account() account: AccountRef, @Param('id') id: string, @AuditContext() context: RequestContext) {
    return this.clients.rotate(account, id, context);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScopes('admin')
  @ApiOperation({ summary: 'Revoke a client: its tokens stop working' })
  @ApiNoContentResponse({ description: 'Revoked' })
  async revoke(
    @Account() account: AccountRef,
    @Param('id') id: string,
    @AuditContext() context: RequestContext,
  ): Promise<void> {
    await this.clients.revoke(account, id, context);
  }
}

function field(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new OAuthError('invalid_request', `${name} must be a string`);
  return value;
}

/** `client_secret_basic`: `Basic base64(urlencode(id):urlencode(secret))` (RFC 6749 §2.3.1). */
function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  if (!header) return undefined;
  const match = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header.trim());
  if (!match) throw new OAuthError('invalid_client', 'The Authorization header is not HTTP Basic');
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new OAuthError('invalid_client', 'The Authorization header is not HTTP Basic');
  try {
    return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
  } catch {
    throw new OAuthError('invalid_client', 'The Authorization header is not HTTP Basic');
  }
}

@Controller('v1/oauth')
@ApiTags('oauth')
export class OAuthTokenController {
  constructor(private readonly clients: OAuthClientsService) {}

  /** RFC 6749 §4.4, form or JSON body; client_secret_basic or client_secret_post. */
  @Post('token')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary: 'OAuth2 client credentials: a scoped access token for a machine client',
    description:
      'RFC 6749 §4.4. Authenticate with HTTP Basic (client_secret_basic) or client_id and client_secret in the body (client_secret_post). ' +
      "Errors carry RFC 6749's `error` and `error_description` besides the problem members.",
  })
  @ApiConsumes('application/x-www-form-urlencoded', 'application/json')
  @ApiBody({
    schema: { $ref: getSchemaPath(OAuthTokenRequest) },
    examples: { form: { value: { grant_type: 'client_credentials', scope: 'messages:send' } } },
  })
  @ApiExtraModels(OAuthTokenRequest)
  @ApiOkResponse({
    type: OAuthTokenResponse,
    headers: { 'Cache-Control': { schema: { type: 'string', enum: ['no-store'] } } },
  })
  @ApiProblemsOf(OAuthProblemResponse, 'UNAUTHENTICATED', 'FORBIDDEN')
  async token(
    @Body() body: unknown,
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    void reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new OAuthError('invalid_request', 'Send the parameters as a form or a JSON object');
    }
    const params = body as Record<string, unknown>;
    const basic = basicCredentials(authorization);
    const postedId = field(params, 'client_id');
    const postedSecret = field(params, 'client_secret');
    if (basic && postedSecret !== undefined) {
      throw new OAuthError('invalid_request', 'Use one client authentication method, not two');
    }
    const request: TokenRequest = {
      grantType: field(params, 'grant_type'),
      clientId: basic?.id ?? postedId,
      clientSecret: basic?.secret ?? postedSecret,
      scope: field(params, 'scope'),
    };
    return this.clients.token(request);
  }
}
