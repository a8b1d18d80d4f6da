import { SmsTransportError, type SmsTransport } from '../../src/lib/index';
import { nativeSmsTransport } from '../../modules/sms-transport/src/index';

/**
 * The one place the app reaches the native SMS module, so tests replace this file (jest.mock)
 * with a `SimulatedSmsTransport` and everything above it runs unchanged.
 */
export function createSmsTransport(
  options: {
    onProblem?: (problem: string, detail?: unknown) => void;
    /** Resolves once what the agent started storing is durable: the native queues forget an item only then. */
    stored?: () => Promise<void>;
  } = {},
): SmsTransport {
  try {
    return nativeSmsTransport(options);
  } catch (error) {
    // Expo Go, or a build without the module: the screens still open and say why nothing is sent.
    return unavailableTransport(error instanceof Error ? error.message : String(error));
  }
}

function unavailableTransport(reason: string): SmsTransport {
  const fail = (): Promise<never> => Promise.reject(new SmsTransportError('NATIVE_MODULE_MISSING', reason));
  return {
    listSims: fail,
    send: fail,
    onPartEvent: () => () => {},
    onIncoming: () => () => {},
  };
}
