import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { checkAccountLimit } from '@/common/account-limits.js';
import { AppConfig } from '@/config/app-config.js';
import type { RequestContext } from '@/modules/audit/audit-context.js';
import { AuditService, auditedBy } from '@/modules/audit/audit.service.js';
import { NotFound } from '@/common/errors.js';
import { newId, isUuid } from '@/common/ids.js';
import { OAuthClientEntity } from './entities/oauth-client.entity.js';
import { OAuthClientsRepository } from './oauth-clients.repository.js';
import { OAuthError } from './oauth.errors.js';
import { SCOPES, type AccountRef, type Scope } from './scopes.js';
import type { AccountId } from '@/common/account-id.js';

export interface OAuthClientResource {
  clientId: string;
  name: string;
  scopes: string[];
  createdAt: string;
  secretRotatedAt: string | null;
  lastUsedAt: string | null;
}

export interface TokenRequest {
  grantType?: string;
  clientId?: string;
  clientSecret?: string;
  scope?: string;
}

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function newSecret(): string {
  return `cs_${randomBytes(32).toString('base64url')}`;
}

/** Machine clients and the client-credentials grant (RFC 6749 §4.4). */
@Injectable()
export class OAuthClientsService {
  constructor(
    private readonly db: DataSource,
    private readonly clients: OAuthClientsRepository,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  private toResource(c: OAuthClientEntity): OAuthClientResource {
    return {
      clientId: c.id,
      name: c.name,
      scopes: c.scopes,
      createdAt: c.createdAt.toISOString(),
      secretRotatedAt: c.secretRotatedAt?.toISOString() ?? null,
      lastUsedAt: c.lastUsedAt?.toISOString() ?? null,
    };
  }

  /** The secret is in this answer only; the database keeps its hash. */
  async create(
    account: AccountRef,
    name: string,
    scopes: Scope[],
    context?: RequestContext,
  ): Promise<OAuthClientResource & { clientSecret: string }> {
    const secret = newSecret();
    const client = Object.assign(new OAuthClientEntity(), {
      id: newId(),
      accountId: account.accountId,
      name,
      secretHash: sha256(secret).toString('hex'),
      scopes: [...new Set(scopes)],
      createdBy: account.kind === 'user' && isUuid(account.subjectId) ? account.subjectId : null,
      createdAt: new Date(),
      secretRotatedAt: null,
      revokedAt: null,
      lastUsedAt: null,
    } satisfies OAuthClientEntity);
    await this.db.transaction(async (manager) => {
      await checkAccountLimit(manager, account.accountId, 'oauthClients', this.config.ACCOUNT_MAX_OAUTH_CLIENTS);
      await this.clients.insert(account.accountId, client, manager);
      await this.audit.record(manager, {
        ...auditedBy(account, context),
        action: 'oauth_client.created',
        target: { type: 'oauth_client', id: client.id },
        diff: { name, scopes: client.scopes },
      });
    });
    return { ...this.toResource(client), clientSecret: secret };
  }

  async list(account: AccountRef): Promise<OAuthClientResource[]> {
    const rows = await this.clients.listActive(account.accountId);
    return rows.map((c) => this.toResource(c));
  }

  /** A new secret; the old one stops working at once. */
  async rotate(
    account: AccountRef,
    id: string,
    context?: RequestContext,
  ): Promise<OAuthClientResource & { clientSecret: string }> {
    const client = await this.find(account, id);
    const secret = newSecret();
    client.secretHash = sha256(secret).toString('hex');
    client.secretRotatedAt = new Date();
    await this.db.transaction(async (manager) => {
      await this.clients.setSecret(account.accountId, id, client, manager);
      await this.audit.record(manager, {
        ...auditedBy(account, context),
        action: 'oauth_client.secret_rotated',
        target: { type: 'oauth_client', id },
      });
    });
    return { ...this.toResource(client), clientSecret: secret };
  }

  /** Revokes the client: new tokens are refused and issued ones stop working within seconds. */
  async revoke(account: AccountRef, id: string, context?: RequestContext): Promise<void> {
    await this.find(account, id);
    await this.db.transaction(async (manager) => {
      await this.clients.revoke(account.accountId, id, new Date(), manager);
      await this.audit.record(manager, {
        ...auditedBy(account, context),
        action: 'oauth_client.revoked',
        target: { type: 'oauth_client', id },
      });
    });
  }

  async isActive(accountId: AccountId, id: string): Promise<boolean> {
    return this.clients.isActive(accountId, id);
  }

  private async find(account: AccountRef, id: string): Promise<OAuthClientEntity> {
    const client = isUuid(id) ? await this.clients.findActive(account.accountId, id) : null;
    if (!client) throw new NotFound('OAuth client');
    return client;
  }

  /** The token endpoint: client credentials in, a scoped access token out. */
  async token(request: TokenRequest): Promise<TokenResponse> {
    if (request.grantType === undefined) throw new OAuthError('invalid_request', 'grant_type is required');
    if (request.grantType !== 'client_credentials') {
      throw new OAuthError('unsupported_grant_type', 'Only grant_type=client_credentials is supported');
    }
    if (!request.clientId || !request.clientSecret)
      throw new OAuthError('invalid_client', 'Client authentication failed');
    const client = isUuid(request.clientId) ? await this.clients.findActiveAcrossAccounts(request.clientId) : null;
    // Compare hashes in constant time; an unknown client costs the same as a wrong secret.
    const expected = Buffer.from(client?.secretHash ?? '0'.repeat(64), 'hex');
    const given = sha256(request.clientSecret);
    if (!client || !timingSafeEqual(expected, given))
      throw new OAuthError('invalid_client', 'Client authentication failed');

    const granted = client.scopes.filter((s): s is Scope => (SCOPES as readonly string[]).includes(s));
    let scopes = granted;
    if (request.scope !== undefined) {
      const asked = request.scope.split(' ').filter(Boolean);
      const refused = asked.filter((s) => !granted.includes(s as Scope));
      if (asked.length === 0 || refused.length > 0) {
        throw new OAuthError('invalid_scope', `This client was not granted: ${refused.join(' ') || '(empty scope)'}`);
      }
      scopes = asked as Scope[];
    }
    const accessToken = await this.jwt.signAsync({
      sub: client.id,
      acc: client.accountId,
      kind: 'client',
      scope: scopes.join(' '),
    });
    await this.clients.setLastUsed(client.accountId, client.id, new Date());
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: this.config.JWT_TTL_SECONDS,
      scope: scopes.join(' '),
    };
  }
}
