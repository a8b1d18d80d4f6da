import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Passport } from 'passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { Unauthenticated } from '@/common/errors.js';
import type { UserRole } from './entities/user.entity.js';
import { SCOPES, type AccountRef, type Scope } from './scopes.js';
import { SecretsService } from './secrets.service.js';
import { accountIdOf } from '@/common/account-id.js';

export const JWT_AUDIENCE = 'sms-gateway';
export const JWT_ISSUER = 'sms-gateway';
/** Pinned: refuses `alg: none` and key-confusion tricks. */
export const JWT_ALGORITHM = 'HS256';

/** The claims of our access tokens (signed by AuthService and OAuthClientsService). */
export interface AccessClaims {
  sub: string;
  acc: string;
  kind: 'user' | 'client';
  role?: UserRole;
  scope: string;
  /** The user's token version when the token was issued (users only; absent in tokens before it existed). */
  ver?: number;
  exp?: number;
}

/** What a valid token says: the caller, its token version and its expiry (ms since the epoch). */
export interface VerifiedToken {
  account: AccountRef;
  version: number;
  expiresAt: number;
}

/**
 * Bearer tokens through passport-jwt (the design card's choice): signature, algorithm, audience,
 * issuer and expiry are its checks; `validate` turns the claims into the caller. Whether the user
 * or client still may use the token is AuthService's question, asked against the database.
 */
/** Each strategy's own Passport (see getPassportInstance). */
const instances = new WeakMap<object, InstanceType<typeof Passport>>();

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(secrets: SecretsService) {
    // Read once (the development secret lives in the database); a failed read is tried again.
    let secret: Promise<string> | undefined;
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKeyProvider: (_request: unknown, _token: unknown, done: (error: unknown, secret?: string) => void) => {
        secret ??= secrets.jwtSecret();
        secret.then(
          (value) => done(null, value),
          (error: unknown) => {
            secret = undefined;
            done(error);
          },
        );
      },
      algorithms: [JWT_ALGORITHM],
      audience: JWT_AUDIENCE,
      issuer: JWT_ISSUER,
    });
  }

  /**
   * Its own Passport, not the process-wide one: a gateway's strategy holds that gateway's secret,
   * and several gateways in one process (the tests) would otherwise replace each other's.
   */
  getPassportInstance(): InstanceType<typeof Passport> {
    let instance = instances.get(this);
    if (!instance) {
      instance = new Passport();
      instances.set(this, instance);
    }
    return instance;
  }

  /**
   * Runs this strategy on one token, as @nestjs/passport's AuthGuard runs it on a request: the same
   * check for HTTP, GraphQL and a subscription's connection_init (which has no HTTP request).
   */
  verify(token: string): Promise<VerifiedToken> {
    return new Promise((resolve, reject) => {
      const request = { headers: { authorization: `Bearer ${token}` } };
      const authenticate = this.getPassportInstance().authenticate(
        'jwt',
        { session: false },
        (error: unknown, verified: VerifiedToken | false | undefined) => {
          if (error instanceof Unauthenticated || (!error && !verified)) {
            reject(
              error instanceof Unauthenticated ? error : new Unauthenticated('The bearer token is invalid or expired'),
            );
          } else if (error) {
            reject(error instanceof Error ? error : new Error('The token could not be verified'));
          } else {
            resolve(verified as VerifiedToken);
          }
        },
      ) as (request: unknown, response: unknown, next: (error?: unknown) => void) => void;
      authenticate(request, {}, (error?: unknown) =>
        reject(error instanceof Error ? error : new Error('The token could not be verified')),
      );
    });
  }

  validate(claims: AccessClaims): VerifiedToken {
    if (typeof claims.sub !== 'string' || typeof claims.acc !== 'string' || typeof claims.scope !== 'string') {
      throw new Unauthenticated('The bearer token is invalid or expired');
    }
    if (claims.kind !== 'user' && claims.kind !== 'client') throw new Unauthenticated('The bearer token is invalid');
    const scopes = claims.scope.split(' ').filter((s): s is Scope => (SCOPES as readonly string[]).includes(s));
    return {
      account: {
        accountId: accountIdOf(claims.acc),
        subjectId: claims.sub,
        kind: claims.kind,
        role: claims.role,
        scopes,
      },
      version: typeof claims.ver === 'number' ? claims.ver : 0,
      expiresAt: (claims.exp ?? 0) * 1000,
    };
  }
}
