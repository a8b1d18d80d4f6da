import { createContext, useContext } from 'react';

export type Scope =
  | 'messages:send'
  | 'messages:read'
  | 'devices:read'
  | 'devices:write'
  | 'suppressions:read'
  | 'suppressions:write'
  | 'webhooks:write'
  | 'admin';

export interface Me {
  userId: string;
  email: string;
  role: string;
  accountName: string;
  scopes: Set<string>;
}

export const MeContext = createContext<Me | undefined>(undefined);

export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe outside a signed-in page');
  return me;
}

/** Whether the signed-in user may do what `scope` allows; the API checks again on its own. */
export function useCan(scope: Scope): boolean {
  return useMe().scopes.has(scope);
}
