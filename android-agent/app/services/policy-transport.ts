import {
  AgentErrorCodes,
  countSmsParts,
  PartsWindow,
  SmsTransportError,
  type IncomingSms,
  type PartEvent,
  type SendRequest,
  type SendResult,
  type SimInfo,
  type SmsTransport,
  transportErrorCode,
} from '../../src/lib/index';
import { queueIdOf } from '../../modules/sms-transport/src/native-sms-transport';

/** SmsTransportModule's rejection when READ_PHONE_STATE is not granted. */
const PERMISSION_DENIED = 'PERMISSION_DENIED';

export interface PhonePolicy {
  disabledSimSlots: readonly number[];
  maxPartsPerMinute: number;
}

export interface Budget {
  limit: number;
  used: number;
  left: number;
}

/**
 * The user's settings applied at the SIM boundary, whatever the server asks: a disabled SIM is
 * not listed in `hello` and never sent from (its received SMS are still forwarded), and the
 * phone's own parts-per-minute ceiling is refused with THROTTLED, which the agent treats like
 * Android's own limit (nothing was sent; it waits and tries again).
 */
export class PolicyTransport implements SmsTransport {
  private readonly window = new PartsWindow();
  /** The last SIM list was refused for want of READ_PHONE_STATE. */
  private simsUnreadable = false;
  private simsListed = false;
  /** The native queue id of the received SMS being handed to the agent right now. */
  private handing: string | undefined;

  constructor(
    private readonly inner: SmsTransport,
    private readonly policy: () => PhonePolicy,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Every SIM the phone has, disabled ones included: the settings screen lists them. None when
   * READ_PHONE_STATE is refused: the phone still connects (with no SIM in its hello) and sends
   * through Android's default SIM, rather than failing to start.
   */
  async allSims(): Promise<SimInfo[]> {
    try {
      const sims = (await this.inner.listSims()).map((sim) => ({ ...sim }));
      this.simsUnreadable = false;
      this.simsListed = true;
      return sims;
    } catch (error) {
      if (transportErrorCode(error) !== PERMISSION_DENIED) {
        throw error;
      }
      this.simsUnreadable = true;
      this.simsListed = true;
      return [];
    }
  }

  async listSims(): Promise<SimInfo[]> {
    return (await this.allSims()).filter((sim) => this.enabled(sim.slot));
  }

  async send(request: SendRequest): Promise<SendResult> {
    const simSlot = await this.chooseSim(request.simSlot);
    const parts = countSmsParts(request.body).parts;
    const { used, limit } = this.budget();
    // A message longer than the whole budget goes alone into an empty minute, or it would wait forever.
    if (used > 0 && used + parts > limit) {
      throw new SmsTransportError(AgentErrorCodes.THROTTLED, `over this phone's ${limit} parts per minute`);
    }
    const result = await this.inner.send({ ...request, simSlot });
    this.window.record(this.now(), result.parts);
    return result;
  }

  onPartEvent(listener: (event: PartEvent) => void): () => void {
    return this.inner.onPartEvent(listener);
  }

  /**
   * Every SIM's SMS, disabled ones included: the policy is about sending, and a STOP that reaches a
   * SIM the user turned off later (or a reply to it) must still suppress the number.
   */
  onIncoming(listener: (sms: IncomingSms) => void): () => void {
    return this.inner.onIncoming((sms) => {
      this.handing = queueIdOf(sms);
      try {
        listener(sms);
      } finally {
        this.handing = undefined;
      }
    });
  }

  /**
   * The native queue's id of the SMS being handed over, while the agent's listener runs: the agent
   * asks for the SMS's id there (its idFactory), and the queue's id makes a repeat recognisable.
   */
  incomingIdInHand(): string | undefined {
    return this.handing;
  }

  /** Parts handed to the radio in the last rolling minute, against the phone's own ceiling. */
  budget(): Budget {
    const limit = this.policy().maxPartsPerMinute;
    const used = this.window.used(this.now());
    return { limit, used, left: Math.max(0, limit - used) };
  }

  /** The slot to send from; undefined means Android's default SIM (only when the SIMs cannot be read). */
  private async chooseSim(requested: number | undefined): Promise<number | undefined> {
    // A requested slot needs no list (the native side finds its subscription), unless there has
    // been none yet or it was refused last time: then ask, the permission may have been granted since.
    const sims = requested === undefined || !this.simsListed || this.simsUnreadable ? await this.listSims() : [];
    if (this.simsUnreadable) {
      if (requested !== undefined) {
        throw new SmsTransportError(
          AgentErrorCodes.NO_SUCH_SIM,
          `SIM ${requested + 1} was asked for, but without READ_PHONE_STATE this phone cannot choose a SIM`,
        );
      }
      if (this.policy().disabledSimSlots.length > 0) {
        // The default SIM may be the one the user turned off; without the list we cannot tell.
        throw new SmsTransportError(
          AgentErrorCodes.NO_SUCH_SIM,
          'a SIM is turned off in the settings, and without READ_PHONE_STATE this phone cannot tell which SIM Android would use',
        );
      }
      return undefined;
    }
    const simSlot = requested ?? sims[0]?.slot;
    if (simSlot === undefined || !this.enabled(simSlot)) {
      throw new SmsTransportError(AgentErrorCodes.NO_SUCH_SIM, 'no SIM in use for this message');
    }
    return simSlot;
  }

  private enabled(slot: number): boolean {
    return !this.policy().disabledSimSlots.includes(slot);
  }
}
