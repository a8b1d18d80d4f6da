import { createHash, randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { hash } from '@node-rs/argon2';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '@/config/app-config.js';
import { Forbidden, Unauthenticated, ValidationFailed } from '@/common/errors.js';
import { newId } from '@/common/ids.js';
import type { RequestContext } from '@/modules/audit/audit-context.js';
import { AuditService } from '@/modules/audit/audit.service.js';
import { AccountsRepository } from './accounts.repository.js';
import { LoginThrottle } from './login-throttle.js';
import { OAuthClientsService } from './oauth-clients.service.js';
import { PasswordHasher } from './password-hasher.js';
import { UsersService } from './users.service.js';
import type { UserEntity } from './entities/user.entity.js';
import { RefreshTokensRepository } from './refresh-tokens.repository.js';
import { UsersRepository } from './users.repository.js';
import { JwtStrategy, type AccessClaims } from './jwt.strategy.js';
import { scopesForRole, type AccountRef } from './scopes.js';
import { accountIdOf, type AccountId } from '@/common/account-id.js';

export { JWT_AUDIENCE, JWT_ISSUER } from './jwt.strategy.js';

/**
 * How long a verified token is taken on trust before the database is asked again whether its user
 * (token version: removed, role or password changed) or client (revoked) still may use it. With
 * the time that check takes, such a token stops working within 5 seconds, in every process.
 */
export const TOKEN_RECHECK_MS = 3000;

export interface TokenPair {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
}

/** The token of an `Authorization` value (`Bearer <token>`), or undefined when it is not one. */
export function bearerToken(authorization: unknown): string | undefined {
  if (typeof authorization !== 'string') return undefined;
  return /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(authorization.trim())?.[1];
}

/** Who a bearer token speaks for, and until when (its `exp`). */
export interface Authenticated {
  account: AccountRef;
  expiresAt: Date;
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export interface BootstrapResult {
  email: string;
  /** Only when this boot generated it: printed once, never stored in clear. */
  generatedPassword?: string;
  created: boolean;
}

// A hash of a random password, verified when the email is unknown so both paths cost the same time.
const DUMMY_HASH = hash(randomBytes(16).toString('hex'));

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly db: DataSource,
    private readonly accounts: AccountsRepository,
    private readonly usersRepo: UsersRepository,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly clients: OAuthClientsService,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditService,
    private readonly users: UsersService,
    private readonly strategy: JwtStrategy,
    private readonly passwords: PasswordHasher,
  ) {}

  async login(email: string, password: string, context?: RequestContext): Promise<TokenPair> {
    const attempt = await this.throttle.begin(email, context?.ip);
    let user: UserEntity | null;
    let ok: boolean;
    try {
      user = await this.usersRepo.findByEmailAcrossAccounts(email.trim().toLowerCase());
      ok = await this.passwords.verify(user?.passwordHash ?? (await DUMMY_HASH), password);
    } catch (error) {
      await attempt.abandoned();
      throw error;
    }
    if (!user || !ok) {
      await attempt.failed();
      throw new Unauthenticated('Email or password is wrong');
    }
    await attempt.succeeded();
    await this.audit.record(this.db.manager, {
      accountId: user.accountId,
      actor: { kind: 'user', id: user.id },
      action: 'user.signed_in',
      target: { type: 'user', id: user.id },
      context,
    });
    return this.issue(user);
  }

  /** An access token and a refresh token of a new family (or of `familyId`, on rotation). */
  private async issue(
    user: UserEntity,
    familyId = newId(),
    manager: EntityManager = this.db.manager,
  ): Promise<TokenPair> {
    const claims: AccessClaims = {
      sub: user.id,
      acc: user.accountId,
      kind: 'user',
      role: user.role,
      scope: scopesForRole(user.role).join(' '),
      ver: user.tokenVersion,
    };
    const accessToken = await this.jwt.signAsync(claims);
    const refreshToken = `rt_${randomBytes(32).toString('base64url')}`;
    const now = new Date();
    await this.refreshTokens.insert(
      user.accountId,
      {
        id: newId(),
        userId: user.id,
        familyId,
        tokenHash: sha256(refreshToken),
        createdAt: now,
        expiresAt: new Date(now.getTime() + this.config.REFRESH_TTL_SECONDS * 1000),
        usedAt: null,
        revokedAt: null,
      },
      manager,
    );
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.config.JWT_TTL_SECONDS,
      refreshToken,
      refreshExpiresIn: this.config.REFRESH_TTL_SECONDS,
    };
  }

  /**
   * Trades a refresh token for new tokens. Each refresh token works once: a second use means it
   * leaked (or was stolen and used first), so its whole family is revoked and both parties must
   * sign in again (refresh token rotation, as RFC 9700 recommends).
   */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const found = await this.refreshTokens.findByHashAcrossAccounts(sha256(refreshToken));
    if (!found || found.revokedAt || found.expiresAt.getTime() <= Date.now()) {
      throw new Unauthenticated('The refresh token is invalid, expired or revoked');
    }
    // Mark it used only if nobody did first: one statement, so two concurrent uses cannot both win.
    if (!(await this.refreshTokens.markUsed(found.accountId, found.id))) {
      await this.revokeFamily(found.accountId, found.familyId);
      this.logger.warn({ userId: found.userId }, 'a used refresh token was presented again; its family is revoked');
      throw new Unauthenticated('The refresh token was already used; sign in again');
    }
    const user = await this.usersRepo.find(found.accountId, found.userId);
    if (!user) throw new Unauthenticated('The user of this refresh token no longer exists');
    return this.issue(user, found.familyId);
  }

  /** The invited person chooses a password and is signed in. */
  async acceptInvite(token: string, password: string, context?: RequestContext): Promise<TokenPair> {
    return this.issue(await this.users.acceptInvite(token, password, context));
  }

  /** Ends the session of this refresh token (its whole family). Unknown tokens are ignored. */
  async logout(refreshToken: string): Promise<void> {
    const found = await this.refreshTokens.findByHashAcrossAccounts(sha256(refreshToken));
    if (found) await this.revokeFamily(found.accountId, found.familyId);
  }

  private async revokeFamily(accountId: AccountId, familyId: string): Promise<void> {
    await this.refreshTokens.revokeFamily(accountId, familyId);
  }

  /**
   * Verified tokens, trusted for TOKEN_RECHECK_MS (at most until they expire): an API client sends
   * the same token with every request, and verifying it each time was a measurable share of a send
   * (see the bench notes). Bounded.
   */
  private readonly verified = new Map<string, Authenticated & { recheckAt: number }>();
  /** Verifications under way, so a burst of requests with one token asks the database once. */
  private readonly verifying = new Map<string, Promise<Authenticated & { recheckAt: number }>>();

  /**
   * The check of every authenticated call: an `Authorization` value (the HTTP header, or a GraphQL
   * subscription's connection_init payload) must be `Bearer <token>` with a valid token (the
   * passport-jwt strategy) whose user or client still may use it. Any defect (missing, expired,
   * forged, wrong audience, alg none, revoked client, removed user, an older token version) is
   * UNAUTHENTICATED. A cached token costs a map lookup: no I/O.
   */
  async authenticate(authorization: unknown): Promise<Authenticated> {
    const token = bearerToken(authorization);
    if (!token) throw new Unauthenticated();
    const cached = this.verified.get(token);
    if (cached && cached.recheckAt > Date.now()) return cached;
    let pending = this.verifying.get(token);
    if (!pending) {
      pending = this.verify(token).finally(() => this.verifying.delete(token));
      this.verifying.set(token, pending);
    }
    return pending;
  }

  private async verify(token: string): Promise<Authenticated & { recheckAt: number }> {
    this.verified.delete(token);
    const { account, version, expiresAt } = await this.strategy.verify(token);
    if (account.kind === 'client') {
      if (!(await this.clients.isActive(account.accountId, account.subjectId)))
        throw new Unauthenticated('This client was revoked');
    } else {
      const tokenVersion = await this.usersRepo.tokenVersion(account.accountId, account.subjectId);
      if (tokenVersion === undefined) throw new Unauthenticated('The user of this token no longer exists');
      if (tokenVersion !== version) {
        throw new Unauthenticated("This token was issued before the user's role or password changed; sign in again");
      }
    }
    if (this.verified.size >= 10_000) this.verified.delete(this.verified.keys().next().value as string);
    const entry = {
      account,
      expiresAt: new Date(expiresAt),
      recheckAt: Math.min(expiresAt, Date.now() + TOKEN_RECHECK_MS),
    };
    this.verified.set(token, entry);
    return entry;
  }

  /**
   * Creates the operator account and its owner when no account is marked operator yet (DESIGN.md
   * §8): on a first boot, before the process listens, so no sign-up can come first. The operator
   * account is the one with `is_operator`, never merely the oldest.
   */
  async bootstrapAdmin(): Promise<BootstrapResult> {
    const email = this.config.BOOTSTRAP_ADMIN_EMAIL.trim().toLowerCase();
    const password = this.config.BOOTSTRAP_ADMIN_PASSWORD ?? randomBytes(12).toString('base64url');
    const passwordHash = await this.passwords.hash(password);
    return this.db.transaction(async (tx) => {
      // Serialise concurrent first boots of several processes.
      await this.accounts.lockBootstrapAcrossAccounts(tx);
      if (await this.accounts.operatorExistsAcrossAccounts(tx)) return { email, created: false };
      if (await this.usersRepo.emailTakenAcrossAccounts(email, tx)) {
        // Someone else's account holds this email: it is not made the operator's. Nobody is one.
        this.logger.warn(
          'no operator account exists and BOOTSTRAP_ADMIN_EMAIL belongs to another account; none created',
        );
        return { email, created: false };
      }
      const accountId = accountIdOf(newId());
      await this.accounts.insert(accountId, { name: 'Default', isOperator: true }, tx);
      await this.usersRepo.insert(accountId, { id: newId(), email, passwordHash, role: 'owner' }, tx);
      this.logger.log('created the bootstrap admin account');
      return { email, created: true, generatedPassword: this.config.BOOTSTRAP_ADMIN_PASSWORD ? undefined : password };
    });
  }

  /** Self-service sign-up (SIGNUP=open): a new account and its owner, signed in. */
  async signup(email: string, password: string, accountName: string, context?: RequestContext) {
    if (!this.config.signupOpen)
      throw new Forbidden('Sign-up is closed on this gateway; ask an administrator for an account');
    const normalized = email.trim().toLowerCase();
    if (await this.usersRepo.emailTakenAcrossAccounts(normalized)) {
      throw new ValidationFailed([{ field: 'email', message: 'email is already registered' }]);
    }
    let ids: { accountId: AccountId; userId: string };
    try {
      ids = await this.createAccount(accountName, normalized, password, context);
    } catch (error) {
      // Two sign-ups with one email at once: the unique index lets one through.
      if ((error as { code?: string }).code === '23505') {
        throw new ValidationFailed([{ field: 'email', message: 'email is already registered' }]);
      }
      throw error;
    }
    const user = await this.usersRepo.findOrFail(ids.accountId, ids.userId);
    return { accountId: ids.accountId, userId: ids.userId, ...(await this.issue(user)) };
  }

  /** A user changes their own password; the current one must be right. */
  async changePassword(
    account: AccountRef,
    currentPassword: string,
    newPassword: string,
    context?: RequestContext,
  ): Promise<void> {
    if (account.kind !== 'user') throw new Forbidden('Only a person signed in with a password can change it');
    const user = await this.usersRepo.find(account.accountId, account.subjectId);
    if (!user?.passwordHash || !(await this.passwords.verify(user.passwordHash, currentPassword))) {
      throw new Unauthenticated('The current password is wrong');
    }
    const passwordHash = await this.passwords.hash(newPassword);
    await this.db.transaction(async (tx) => {
      // The version bump ends the access tokens of the old password within seconds, as refresh tokens end here.
      await this.usersRepo.setPassword(user.accountId, user.id, passwordHash, tx);
      // Every session of the old password ends with it.
      await this.refreshTokens.revokeAllOfUser(user.accountId, user.id, tx);
      await this.audit.record(tx, {
        accountId: user.accountId,
        actor: { kind: 'user', id: user.id },
        action: 'user.password_changed',
        target: { type: 'user', id: user.id },
        context,
      });
    });
  }

  /** Who is calling: the account, and the user or client behind the token. */
  async me(account: AccountRef) {
    const found = await this.accounts.find(account.accountId);
    if (!found) throw new Unauthenticated('The account of this token no longer exists');
    const user = account.kind === 'user' ? await this.usersRepo.find(account.accountId, account.subjectId) : null;
    return {
      kind: account.kind,
      subjectId: account.subjectId,
      scopes: account.scopes,
      account: { id: found.id, name: found.name },
      user: user ? { id: user.id, email: user.email, role: user.role } : null,
    };
  }

  /** Used by tests and the demo: a new account with an owner. */
  async createAccount(
    name: string,
    email: string,
    password: string,
    context?: RequestContext,
  ): Promise<{ accountId: AccountId; userId: string }> {
    const passwordHash = await this.passwords.hash(password);
    return this.db.transaction(async (tx) => {
      const accountId = accountIdOf(newId());
      const userId = newId();
      await this.accounts.insert(accountId, { name }, tx);
      await this.usersRepo.insert(
        accountId,
        { id: userId, email: email.toLowerCase(), passwordHash, role: 'owner' },
        tx,
      );
      await this.audit.record(tx, {
        accountId,
        actor: { kind: 'user', id: userId },
        action: 'account.created',
        target: { type: 'account', id: accountId },
        diff: { name, owner: userId },
        context,
      });
      return { accountId, userId };
    });
  }

  /** The operator account (the bootstrap admin's), marked as such; undefined before the bootstrap. */
  async operatorAccountId(): Promise<AccountId | undefined> {
    const account = await this.accounts.findOperatorAcrossAccounts();
    return account?.id;
  }
}
