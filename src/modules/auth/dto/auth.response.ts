import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { enumValues } from '@/common/openapi/enum-values.js';
import { ListOf } from '@/common/openapi/list.response.js';
import type { AccountSettingsResource } from '../account-settings.service.js';
import type { TokenPair } from '../auth.service.js';
import type { KeywordReplies } from '../entities/account.entity.js';
import type { UserRole } from '../entities/user.entity.js';
import type { OAuthClientResource, TokenResponse } from '../oauth-clients.service.js';
import { SCOPES } from '../scopes.js';
import type { UserResource } from '../users.service.js';

export const ROLES = enumValues<UserRole>()(['owner', 'admin', 'developer', 'viewer']);

/** What sign-in, refresh and accepting an invitation answer. */
@ApiSchema({ name: 'TokenPair' })
export class TokenPairResponse implements TokenPair {
  @ApiProperty({ type: String, description: 'A JWT: send it as `Authorization: Bearer <accessToken>`' })
  accessToken: string;

  @ApiProperty({ type: String, enum: ['Bearer'] })
  tokenType: 'Bearer';

  @ApiProperty({ type: 'integer', description: 'Seconds until the access token expires', example: 900 })
  expiresIn: number;

  @ApiProperty({ type: String, description: 'rt_…: works once, at /v1/auth/refresh, for a new pair', pattern: '^rt_' })
  refreshToken: string;

  @ApiProperty({ type: 'integer', description: 'Seconds until the refresh token expires' })
  refreshExpiresIn: number;
}

/** The new account and its owner, signed in. */
@ApiSchema({ name: 'SignUpResult' })
export class SignUpResponse extends TokenPairResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  accountId: string;

  @ApiProperty({ type: String, format: 'uuid' })
  userId: string;
}

@ApiSchema({ name: 'MeAccount' })
class MeAccountResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  id: string;

  @ApiProperty({ type: String })
  name: string;
}

@ApiSchema({ name: 'MeUser' })
class MeUserResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  id: string;

  @ApiProperty({ type: String, format: 'email' })
  email: string;

  @ApiProperty({ enum: ROLES, enumName: 'UserRole' })
  role: UserRole;
}

/** Who a token speaks for. */
@ApiSchema({ name: 'Me' })
export class MeResponse {
  @ApiProperty({ enum: ['user', 'client'], description: 'A console user or an OAuth2 client' })
  kind: 'user' | 'client';

  @ApiProperty({ type: String, format: 'uuid', description: 'The user id or the client id' })
  subjectId: string;

  @ApiProperty({ type: [String], enum: SCOPES, description: "The token's scopes" })
  scopes: string[];

  @ApiProperty({ type: MeAccountResponse })
  account: MeAccountResponse;

  @ApiProperty({ type: MeUserResponse, nullable: true, description: 'null for an OAuth2 client' })
  user: MeUserResponse | null;
}

@ApiSchema({ name: 'User' })
export class UserResponse implements UserResource {
  @ApiProperty({ type: String, format: 'uuid' })
  id: string;

  @ApiProperty({ type: String, format: 'email' })
  email: string;

  @ApiProperty({ enum: ROLES, enumName: 'UserRole' })
  role: UserRole;

  @ApiProperty({ enum: ['active', 'invited'], description: 'invited until the person accepts the invitation' })
  status: 'active' | 'invited';

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;
}

export const UserListResponse = ListOf(UserResponse, 'UserList', true);

@ApiSchema({ name: 'Invitation' })
class InvitationResponse {
  @ApiProperty({
    type: String,
    description: 'inv_…: the invited person sends it to /v1/auth/accept-invite; shown once',
  })
  token: string;

  @ApiProperty({ type: String, format: 'date-time' })
  expiresAt: string;
}

@ApiSchema({ name: 'UserInvitation', description: 'The invited user and the one-time invitation token' })
export class UserInvitationResponse {
  @ApiProperty({ type: UserResponse })
  user: UserResponse;

  @ApiProperty({ type: InvitationResponse })
  invitation: InvitationResponse;
}

/** A machine client of the client-credentials grant; its secret is never shown here. */
@ApiSchema({ name: 'OAuthClient' })
export class OAuthClientResponse implements OAuthClientResource {
  @ApiProperty({ type: String, format: 'uuid', description: 'The client_id of the token endpoint' })
  clientId: string;

  @ApiProperty({ type: String })
  name: string;

  @ApiProperty({ type: [String], enum: SCOPES })
  scopes: string[];

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  secretRotatedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When it last obtained a token' })
  lastUsedAt: string | null;
}

/** The client with its secret: only the create and rotate answers show it. */
@ApiSchema({ name: 'CreatedOAuthClient' })
export class CreatedOAuthClientResponse extends OAuthClientResponse {
  @ApiProperty({ type: String, description: 'cs_…: the client_secret of the token endpoint; not shown again' })
  clientSecret: string;
}

export const OAuthClientListResponse = ListOf(OAuthClientResponse, 'OAuthClientList', true);

/** RFC 6749 §5.1. */
@ApiSchema({ name: 'OAuthToken' })
export class OAuthTokenResponse implements TokenResponse {
  @ApiProperty({ type: String, description: 'A JWT: send it as `Authorization: Bearer <access_token>`' })
  access_token: string;

  @ApiProperty({ type: String, enum: ['Bearer'] })
  token_type: 'Bearer';

  @ApiProperty({ type: 'integer', description: 'Seconds until it expires' })
  expires_in: number;

  @ApiProperty({
    type: String,
    description: 'The granted scopes, space-separated',
    example: 'messages:send messages:read',
  })
  scope: string;
}

/** The client-credentials request, as a form or JSON (RFC 6749 §4.4.2). */
@ApiSchema({ name: 'OAuthTokenRequest' })
export class OAuthTokenRequest {
  @ApiProperty({ type: String, enum: ['client_credentials'] })
  grant_type: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', description: 'With client_secret, unless sent as HTTP Basic' })
  client_id?: string;

  @ApiPropertyOptional({ type: String, description: 'Or HTTP Basic (client_secret_basic), not both' })
  client_secret?: string;

  @ApiPropertyOptional({
    type: String,
    description: 'Space-separated; a subset of what the client was granted (default: all of it)',
    example: 'messages:send',
  })
  scope?: string;
}

@ApiSchema({ name: 'KeywordReplies', description: 'The texts the account set; a missing one is the default answer' })
class KeywordRepliesResponse implements KeywordReplies {
  @ApiPropertyOptional({ type: String, description: 'The answer to STOP' })
  stop?: string;

  @ApiPropertyOptional({ type: String, description: 'The answer to START' })
  start?: string;

  @ApiPropertyOptional({ type: String, description: 'The answer to HELP' })
  help?: string;
}

@ApiSchema({ name: 'AccountSettings' })
export class AccountSettingsResponse implements AccountSettingsResource {
  @ApiProperty({
    type: Boolean,
    description: 'The same recipient always hears from the same phone while it is healthy',
  })
  stickyRecipients: boolean;

  @ApiPropertyOptional({
    type: KeywordRepliesResponse,
    description: 'Only once the account set one of the texts',
  })
  keywordReplies?: KeywordReplies;

  @ApiPropertyOptional({
    type: [String],
    example: ['DE', 'AT'],
    description:
      'ISO 3166 alpha-2 codes the account may send to (others are DESTINATION_BLOCKED); left out: every country',
  })
  allowedCountries?: string[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: { US: 'America/Chicago', BR: 'America/Sao_Paulo' },
    description:
      'For countries with several time zones, the IANA zone whose clock campaign quiet hours follow; left out: none chosen (such a number is quiet while any zone of its country is)',
  })
  timeZones?: Record<string, string>;
}
