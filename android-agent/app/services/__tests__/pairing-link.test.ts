import { describe, expect, it } from '@jest/globals';
import { CLEARTEXT_REFUSED, isRefusedCleartext, parsePairingLink, validatePairingForm } from '../pairing-link';

describe('parsePairingLink', () => {
  it("reads the console's QR code: server URL and code", () => {
    const link = `smsgw://pair?server=${encodeURIComponent('https://sms.example.com:8443/gw')}&code=ABCD-EFGH-1234`;
    expect(parsePairingLink(link)).toEqual({
      ok: true,
      value: { serverUrl: 'https://sms.example.com:8443/gw', code: 'ABCD-EFGH-1234' },
    });
  });

  it('accepts the parameters in any order and a lower-case code', () => {
    expect(parsePairingLink('smsgw://pair?code=abcd-1234&server=http%3A%2F%2F10.0.2.2%3A3000')).toEqual({
      ok: true,
      value: { serverUrl: 'http://10.0.2.2:3000', code: 'ABCD-1234' },
    });
  });

  it('says so when the QR code is not a pairing code', () => {
    const result = parsePairingLink('https://example.com/some/page');
    expect(result).toEqual({ ok: false, error: 'This QR code is not a pairing code from the SMS Gateway console.' });
  });

  it('says what is missing from a truncated pairing code', () => {
    expect(parsePairingLink('smsgw://pair?code=ABCD-1234')).toMatchObject({
      ok: false,
      error: expect.stringContaining('lacks the server or the code'),
    });
  });

  it('refuses a damaged escape sequence', () => {
    expect(parsePairingLink('smsgw://pair?server=%E0%A4%A&code=ABCD-1234')).toMatchObject({ ok: false });
  });
});

describe('validatePairingForm', () => {
  it('trims, drops a trailing slash and upper-cases the code', () => {
    expect(validatePairingForm(' https://gw.example.com/ ', ' abcd-1234 ')).toEqual({
      ok: true,
      value: { serverUrl: 'https://gw.example.com', code: 'ABCD-1234' },
    });
  });

  it.each([
    ['', 'ABCD-1234', 'Enter the server URL'],
    ['gw.example.com', 'ABCD-1234', 'must start with http:// or https://'],
    ['ftp://gw.example.com', 'ABCD-1234', 'must start with http:// or https://'],
    ['https://gw.example.com?x=1', 'ABCD-1234', 'must start with http:// or https://'],
    ['https://gw.example.com', '', 'Enter the pairing code'],
    ['https://gw.example.com', 'AB C!', 'letters, digits and dashes'],
  ])('refuses server %j with code %j', (server, code, message) => {
    const result = validatePairingForm(server, code);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toContain(message);
  });
});

describe('http:// servers in a release build', () => {
  it('refuses an http:// server at pairing and says why, naming the way out', () => {
    const result = validatePairingForm('http://192.168.1.20:3000', 'ABCD-EFGH-1234', false);

    expect(result).toEqual({ ok: false, error: CLEARTEXT_REFUSED });
    expect(CLEARTEXT_REFUSED).toMatch(/https:\/\/ servers only/);
    expect(CLEARTEXT_REFUSED).toMatch(/development build/);
  });

  it('refuses it from a scanned code too, and still takes https://', () => {
    const link = (server: string) => `smsgw://pair?server=${encodeURIComponent(server)}&code=ABCD-1234`;

    expect(parsePairingLink(link('HTTP://10.0.2.2:3000'), false)).toEqual({ ok: false, error: CLEARTEXT_REFUSED });
    expect(parsePairingLink(link('https://sms.example.com'), false)).toEqual({
      ok: true,
      value: { serverUrl: 'https://sms.example.com', code: 'ABCD-1234' },
    });
  });

  it('lets a development build (whose manifest allows cleartext) pair with http://', () => {
    expect(validatePairingForm('http://10.0.2.2:3000', 'ABCD-1234', true)).toMatchObject({ ok: true });
    expect(isRefusedCleartext('http://10.0.2.2:3000', true)).toBe(false);
  });
});
