/**
 * The signed-in user's tokens. The access token lives in memory only; the refresh token is kept in
 * sessionStorage so a reload of this tab stays signed in (it dies with the tab, and each refresh
 * rotates it: a stolen copy that is used twice ends the whole session on the server).
 */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

const REFRESH_KEY = 'smsgw.refreshToken';
const ENDED_KEY = 'smsgw.sessionEnded';

type Listener = () => void;

class Session {
  private access?: { token: string; expiresAt: number };
  private listeners = new Set<Listener>();
  private refreshing?: Promise<boolean>;

  get accessToken(): string | undefined {
    return this.access?.token;
  }

  get refreshToken(): string | undefined {
    return sessionStorage.getItem(REFRESH_KEY) ?? undefined;
  }

  /** True while the access token has more than `marginMs` to live. */
  fresh(marginMs = 15_000): boolean {
    return !!this.access && this.access.expiresAt - Date.now() > marginMs;
  }

  start(pair: TokenPair): void {
    this.access = { token: pair.accessToken, expiresAt: Date.now() + pair.expiresIn * 1000 };
    sessionStorage.setItem(REFRESH_KEY, pair.refreshToken);
    sessionStorage.removeItem(ENDED_KEY);
    this.emit();
  }

  end(reason?: string): void {
    this.access = undefined;
    sessionStorage.removeItem(REFRESH_KEY);
    if (reason) sessionStorage.setItem(ENDED_KEY, reason);
    this.emit();
  }

  /** Why the last session ended (a refused refresh): the sign-in page shows it until the next sign-in. */
  get endReason(): string | undefined {
    return sessionStorage.getItem(ENDED_KEY) ?? undefined;
  }

  /**
   * New tokens for the refresh token, once at a time however many requests ask. False (and the
   * session ended) when the server refuses it: signed out elsewhere, revoked, or reused.
   */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async doRefresh(): Promise<boolean> {
    const refreshToken = this.refreshToken;
    if (!refreshToken) return false;
    const result = await postGraphQL<{ refreshToken: TokenPair }>(REFRESH_MUTATION, { input: { refreshToken } });
    if (result.data?.refreshToken) {
      this.start(result.data.refreshToken);
      return true;
    }
    // A network failure is not a verdict on the session: keep the refresh token for the next try.
    if (result.networkError) return false;
    this.end('Your session ended. Please sign in again.');
    return false;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

export const session = new Session();

const REFRESH_MUTATION = `mutation Refresh($input: RefreshTokenInput!) {
  refreshToken(input: $input) { accessToken refreshToken expiresIn }
}`;

/** A bare POST /graphql, for the token calls that must not go through the authenticated client. */
export async function postGraphQL<T>(
  query: string,
  variables: Record<string, unknown>,
): Promise<{ data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[]; networkError?: true }> {
  try {
    const res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: T };
  } catch {
    return { networkError: true };
  }
}
