import { PairingError } from '../../src/lib/index';

export interface ShownError {
  code: string;
  message: string;
}

/** What the pair screen says when pairing failed: the server's code, and what to do about it. */
export function describePairingError(error: unknown): ShownError {
  if (error instanceof PairingError) {
    switch (error.code) {
      case 'INVALID_PAIRING_CODE':
        return { code: error.code, message: 'The code is unknown, used or expired. Create a new one in the console.' };
      case 'RATE_LIMITED':
        return { code: error.code, message: 'Too many attempts. Wait a minute and try again.' };
      default:
        return { code: error.code, message: `The server refused pairing (HTTP ${error.status}).` };
    }
  }
  // fetch rejects with a TypeError when the server cannot be reached at all.
  if (error instanceof TypeError) {
    return {
      code: 'NETWORK_ERROR',
      message: 'The server could not be reached. Check the URL and that this phone is online.',
    };
  }
  return { code: 'PAIRING_FAILED', message: error instanceof Error ? error.message : String(error) };
}
