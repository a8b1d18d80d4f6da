import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Forbidden, NotFound, Unauthenticated, ValidationFailed } from '@/common/errors.js';
import { isUuid, newId } from '@/common/ids.js';
import type { RequestContext } from '@/modules/audit/audit-context.js';
import { AuditService, auditedBy } from '@/modules/audit/audit.service.js';
import { UserEntity, type UserRole } from './entities/user.entity.js';
import { PasswordHasher } from './password-hasher.js';
import { UsersRepository } from './users.repository.js';
import type { AccountRef } from './scopes.js';
import type { AccountId } from '@/common/account-id.js';

export const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;

const RANK: Record<UserRole, number> = { viewer: 0, developer: 1, admin: 2, owner: 3 };

/** The role an actor acts with: a person's own, or `admin` for a client holding the admin scope. */
function actingRole(account: AccountRef): UserRole {
  return account.role ?? 'admin';
}

/**
 * The one rule for role changes: you may give or take away only roles up to your own, `owner`
 * only if you are one, and never change yourself (so no one escalates or locks themselves out).
 */
export function mayManage(actor: UserRole, target: UserRole, newRole?: UserRole): boolean {
  const limit = RANK[actor];
  if (RANK[target] > limit) return false;
  if (newRole !== undefined && RANK[newRole] > limit) return false;
  if ((target === 'owner' || newRole === 'owner') && actor !== 'owner') return false;
  return true;
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export interface UserResource {
  id: string;
  email: string;
  role: UserRole;
  status: 'active' | 'invited';
  createdAt: string;
}

function toResource(u: UserEntity): UserResource {
  return {
    id: u.id,
    email: u.email,
    role: u.role,
    status: u.passwordHash ? 'active' : 'invited',
    createdAt: u.createdAt.toISOString(),
  };
}

@Injectable()
export class UsersService {
  constructor(
    private readonly db: DataSource,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    private readonly passwords: PasswordHasher,
  ) {}

  async list(account: AccountRef): Promise<UserResource[]> {
    const users = await this.users.list(account.accountId);
    return users.map(toResource);
  }

  /** Invites a person into the caller's account; the token is in this answer only. */
  async invite(account: AccountRef, email: string, role: UserRole, context?: RequestContext) {
    if (!mayManage(actingRole(account), role, role)) throw new Forbidden(`Your role may not invite an ${role}`);
    const normalized = email.trim().toLowerCase();
    const token = `inv_${randomBytes(32).toString('base64url')}`;
    const user = Object.assign(new UserEntity(), {
      id: newId(),
      accountId: account.accountId,
      email: normalized,
      passwordHash: null,
      role,
      inviteTokenHash: sha256(token),
      inviteExpiresAt: new Date(Date.now() + INVITE_TTL_MS),
    });
    try {
      await this.db.transaction(async (tx) => {
        await this.users.insert(account.accountId, user, tx);
        await this.audit.record(tx, {
          ...auditedBy(account, context),
          action: 'user.invited',
          target: { type: 'user', id: user.id },
          diff: { email: normalized, role },
        });
      });
    } catch (error) {
      if ((error as { code?: string }).code === '23505') {
        throw new ValidationFailed([{ field: 'email', message: 'email is already registered' }]);
      }
      throw error;
    }
    const saved = await this.find(account.accountId, user.id);
    return { user: toResource(saved), invitation: { token, expiresAt: user.inviteExpiresAt.toISOString() } };
  }

  /** The invited person sets a password with the token; returns the user to sign in. */
  async acceptInvite(token: string, password: string, context?: RequestContext): Promise<UserEntity> {
    const user = await this.users.findByInviteTokenAcrossAccounts(sha256(token));
    if (!user || !user.inviteExpiresAt || user.inviteExpiresAt.getTime() <= Date.now() || user.passwordHash) {
      throw new Unauthenticated('The invitation is unknown, used or expired');
    }
    const passwordHash = await this.passwords.hash(password);
    await this.db.transaction(async (tx) => {
      await this.users.acceptInvite(user.accountId, user.id, passwordHash, tx);
      await this.audit.record(tx, {
        accountId: user.accountId,
        actor: { kind: 'user', id: user.id },
        action: 'user.joined',
        target: { type: 'user', id: user.id },
        context,
      });
    });
    return this.find(user.accountId, user.id);
  }

  async changeRole(account: AccountRef, id: string, role: UserRole, context?: RequestContext): Promise<UserResource> {
    const target = await this.find(account.accountId, id);
    if (target.id === account.subjectId) throw new Forbidden('You cannot change your own role');
    if (!mayManage(actingRole(account), target.role, role))
      throw new Forbidden(`Your role may not make an ${target.role} an ${role}`);
    await this.db.transaction(async (tx) => {
      if (target.role === 'owner' && role !== 'owner') await this.keepAnOwner(tx, account.accountId);
      // The version bump ends the access tokens of the old role within seconds (AuthService).
      await this.users.setRole(account.accountId, id, role, tx);
      await this.audit.record(tx, {
        ...auditedBy(account, context),
        action: 'user.role_changed',
        target: { type: 'user', id },
        diff: { role: { from: target.role, to: role } },
      });
    });
    return toResource(await this.find(account.accountId, id));
  }

  async remove(account: AccountRef, id: string, context?: RequestContext): Promise<void> {
    const target = await this.find(account.accountId, id);
    if (target.id === account.subjectId) throw new Forbidden('You cannot remove yourself');
    if (!mayManage(actingRole(account), target.role)) throw new Forbidden(`Your role may not remove an ${target.role}`);
    await this.db.transaction(async (tx) => {
      if (target.role === 'owner') await this.keepAnOwner(tx, account.accountId);
      await this.users.delete(account.accountId, id, tx);
      await this.audit.record(tx, {
        ...auditedBy(account, context),
        action: 'user.removed',
        target: { type: 'user', id },
        diff: { email: target.email, role: target.role },
      });
    });
  }

  /** An account always keeps at least one owner (checked under a lock on the account's owners). */
  private async keepAnOwner(tx: EntityManager, accountId: AccountId): Promise<void> {
    if ((await this.users.lockActiveOwners(accountId, tx)) <= 1)
      throw new Forbidden('An account needs at least one owner');
  }

  private async find(accountId: AccountId, id: string): Promise<UserEntity> {
    const user = isUuid(id) ? await this.users.find(accountId, id) : null;
    if (!user) throw new NotFound('User');
    return user;
  }
}
