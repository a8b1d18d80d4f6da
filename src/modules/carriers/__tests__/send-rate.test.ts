import { describe, expect, it } from 'vitest';
import { SendRate } from '../smpp/send-rate.js';
import { reconnectDelay } from '../smpp/smpp-link.js';
import { commandStatusName, isPermanent } from '../smpp/smpp-status.js';

describe('SMPP link pacing', () => {
  it('allows a burst of one second at the TPS, then one token per 1/TPS seconds', () => {
    let now = 0;
    const rate = new SendRate(5, 10_000, () => now);
    for (let i = 0; i < 5; i++) expect(rate.take()).toBe(0);
    expect(rate.take()).toBe(200);
    now += 200;
    expect(rate.take()).toBe(0);
  });

  it('halves the rate on ESME_RTHROTTLED, keeps it low for the slowdown period, then doubles back', () => {
    let now = 0;
    const rate = new SendRate(8, 10_000, () => now);
    rate.throttled();
    expect(rate.current).toBe(4);
    rate.throttled();
    expect(rate.current).toBe(2);
    expect(rate.take()).toBe(500);
    now += 10_000;
    expect(rate.current).toBe(4);
    now += 10_000;
    expect(rate.current).toBe(8);
  });

  it('never slows below one submit per second', () => {
    const rate = new SendRate(2, 10_000, () => 0);
    for (let i = 0; i < 5; i++) rate.throttled();
    expect(rate.current).toBe(1);
  });

  it('backs off exponentially with jitter, within the cap', () => {
    expect(reconnectDelay(0, 1000, 60_000, () => 0)).toBe(500);
    expect(reconnectDelay(0, 1000, 60_000, () => 1)).toBe(1000);
    expect(reconnectDelay(3, 1000, 60_000, () => 1)).toBe(8000);
    expect(reconnectDelay(30, 1000, 60_000, () => 1)).toBe(60_000);
  });

  it('names command statuses and tells transient ones from permanent ones', () => {
    expect(commandStatusName(0x58)).toBe('ESME_RTHROTTLED');
    expect(commandStatusName(0x0b)).toBe('ESME_RINVDSTADR');
    expect(isPermanent(0x58)).toBe(false);
    expect(isPermanent(0x14)).toBe(false);
    expect(isPermanent(0x0b)).toBe(true);
    expect(isPermanent(0x45)).toBe(false);
  });
});
