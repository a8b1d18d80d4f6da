declare const brand: unique symbol;

/**
 * An account's id, as a type of its own: every repository method takes one first (the tenant is a
 * type, STYLE.md), so a query that forgets its tenant, or is handed some other id, does not compile.
 * A plain string becomes one only through `accountIdOf`, where the id comes from a place that
 * vouches for it.
 */
export type AccountId = string & { readonly [brand]: 'AccountId' };

/**
 * The id of an account, from a place that vouches for it: a verified token's claims, a row of the
 * account's own data, a job or an event the gateway itself wrote. Never from a request's input.
 */
export function accountIdOf(id: string): AccountId {
  return id as AccountId;
}
