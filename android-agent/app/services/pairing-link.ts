import { LINK_SCHEME } from './app-info';

export interface PairingTarget {
  serverUrl: string;
  code: string;
}

export type PairingInput = { ok: true; value: PairingTarget } | { ok: false; error: string };

/**
 * The console's code: 12 characters of Crockford base32 shown as XXXX-XXXX-XXXX (60 bits). Older
 * servers issued XXXX-XXXX, so any length the server accepts (6..32) is let through: the server
 * says whether a code is right.
 */
const CODE = /^[A-Z0-9-]{6,32}$/;

/** A base URL the phone can reach: http(s), a host, an optional port and path; no query or fragment. */
const SERVER_URL = /^https?:\/\/[^\s/?#@]+(\/[^\s?#]*)?$/i;

/**
 * Whether this build can reach an `http://` server. Android refuses cleartext HTTP from API 28 on
 * unless the manifest allows it, and only the debug manifest of the prebuilt project does (for
 * Metro); a network security config could open named hosts, not the LAN's address ranges, and a
 * blanket opening would send the device token in clear. So a release build pairs over https only.
 */
export const CLEARTEXT_ALLOWED: boolean = __DEV__;

export const CLEARTEXT_REFUSED =
  'This build of the app reaches https:// servers only: Android blocks unencrypted http:// in release builds, ' +
  "and the phone's token must not travel in clear. Serve the gateway over HTTPS (e.g. behind a reverse proxy " +
  'with a certificate), or use a development build for a local http:// server.';

/** True for an http:// URL this build cannot reach. */
export function isRefusedCleartext(serverUrl: string, allowCleartext: boolean = CLEARTEXT_ALLOWED): boolean {
  return !allowCleartext && /^http:\/\//i.test(serverUrl.trim());
}

/** The typed form, checked field by field; the same rules apply to a scanned code. */
export function validatePairingForm(
  serverUrl: string,
  code: string,
  allowCleartext: boolean = CLEARTEXT_ALLOWED,
): PairingInput {
  const url = serverUrl.trim().replace(/\/+$/, '');
  const normalized = code.trim().toUpperCase();
  if (!url) {
    return { ok: false, error: 'Enter the server URL shown in the console, e.g. https://sms.example.com.' };
  }
  if (!SERVER_URL.test(url)) {
    return { ok: false, error: 'The server URL must start with http:// or https:// and name a host.' };
  }
  if (isRefusedCleartext(url, allowCleartext)) {
    return { ok: false, error: CLEARTEXT_REFUSED };
  }
  if (!normalized) {
    return { ok: false, error: 'Enter the pairing code shown in the console.' };
  }
  if (!CODE.test(normalized)) {
    return { ok: false, error: 'The pairing code has letters, digits and dashes only, like ABCD-EFGH-1234.' };
  }
  return { ok: true, value: { serverUrl: url, code: normalized } };
}

/**
 * Reads the console's QR code, `smsgw://pair?server=<url>&code=<code>`. Parsed by hand: React
 * Native's URL has no searchParams.
 */
export function parsePairingLink(data: string, allowCleartext: boolean = CLEARTEXT_ALLOWED): PairingInput {
  const text = data.trim();
  const prefix = `${LINK_SCHEME}://pair?`;
  if (!text.toLowerCase().startsWith(prefix)) {
    return { ok: false, error: 'This QR code is not a pairing code from the SMS Gateway console.' };
  }
  const params = new Map<string, string>();
  for (const pair of text.slice(prefix.length).split('#')[0].split('&')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      continue;
    }
    try {
      params.set(pair.slice(0, eq), decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, ' ')));
    } catch {
      return { ok: false, error: 'This pairing QR code is damaged; show a new one in the console.' };
    }
  }
  const server = params.get('server');
  const code = params.get('code');
  if (server === undefined || code === undefined) {
    return { ok: false, error: 'This pairing QR code lacks the server or the code; show a new one in the console.' };
  }
  return validatePairingForm(server, code, allowCleartext);
}
