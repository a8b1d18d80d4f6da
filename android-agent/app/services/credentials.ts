import * as SecureStore from 'expo-secure-store';

/** What pairing gives the phone. The token is a secret: only SecureStore holds it, and it is never logged. */
export interface Credentials {
  serverUrl: string;
  deviceId: string;
  token: string;
}

export interface CredentialStore {
  load(): Promise<Credentials | undefined>;
  save(credentials: Credentials): Promise<void>;
  clear(): Promise<void>;
}

// One item, so the server URL, device id and token can never be half-updated.
const KEY = 'gateway.credentials.v1';

/** Credentials in the Android Keystore-backed SecureStore (never AsyncStorage). */
export const secureCredentialStore: CredentialStore = {
  async load() {
    const raw = await SecureStore.getItemAsync(KEY);
    return raw === null ? undefined : parseCredentials(raw);
  },
  save(credentials) {
    return SecureStore.setItemAsync(KEY, JSON.stringify(credentials));
  },
  clear() {
    return SecureStore.deleteItemAsync(KEY);
  },
};

/** A damaged item reads as "not paired": the user pairs again rather than the app failing to start. */
export function parseCredentials(raw: string): Credentials | undefined {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null) {
    return undefined;
  }
  const { serverUrl, deviceId, token } = data as Record<string, unknown>;
  if (typeof serverUrl !== 'string' || typeof deviceId !== 'string' || typeof token !== 'string' || !token) {
    return undefined;
  }
  return { serverUrl, deviceId, token };
}
