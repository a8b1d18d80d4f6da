import type { UserRole } from './entities/user.entity.js';
import type { AccountId } from '@/common/account-id.js';

export const SCOPES = [
  'messages:send',
  'messages:read',
  'devices:read',
  'devices:write',
  'suppressions:read',
  'suppressions:write',
  'webhooks:write',
  'admin',
] as const;
export type Scope = (typeof SCOPES)[number];

/** The permission table: what each console role may do, expressed as OAuth2 scopes. */
export function scopesForRole(role: UserRole): Scope[] {
  switch (role) {
    case 'owner':
    case 'admin':
      return [...SCOPES];
    case 'developer':
      return SCOPES.filter((scope) => scope !== 'admin');
    case 'viewer':
      return ['messages:read', 'devices:read', 'suppressions:read'];
  }
}

/** Who is calling: every service method takes this, and every query filters by its accountId. */
export interface AccountRef {
  accountId: AccountId;
  kind: 'user' | 'client';
  subjectId: string;
  role?: UserRole;
  scopes: Scope[];
}
