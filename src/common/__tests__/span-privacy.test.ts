import { describe, expect, it } from 'vitest';
import { redactUrlAttribute } from '../span-privacy.js';

describe('redactUrlAttribute', () => {
  it('keeps query names and drops their values', () => {
    expect(redactUrlAttribute('url.query', 'to=%2B14155550100&limit=5&flag')).toBe('to=REDACTED&limit=REDACTED&flag');
  });

  it('drops numbers and long secrets from paths but keeps ids and words', () => {
    expect(redactUrlAttribute('url.path', '/v1/conversations/%2B14155550100/messages')).toBe(
      '/v1/conversations/REDACTED/messages',
    );
    expect(redactUrlAttribute('url.path', '/v1/messages/0192f1e2-3c4d-7e5f-8a9b-0c1d2e3f4a5b')).toBe(
      '/v1/messages/0192f1e2-3c4d-7e5f-8a9b-0c1d2e3f4a5b',
    );
    expect(redactUrlAttribute('http.target', '/send/4155550100?text=hi')).toBe('/send/REDACTED?text=REDACTED');
  });

  it('rewrites a full URL without its credentials, secrets or query values', () => {
    expect(
      redactUrlAttribute(
        'url.full',
        'https://user:pw@hooks.example.com/services/T0001/B0001/abcdefghijklmnopqrstuvwx?k=1',
      ),
    ).toBe('https://hooks.example.com/services/T0001/B0001/REDACTED?k=REDACTED');
    expect(redactUrlAttribute('url.full', 'not a url')).toBe('REDACTED');
  });
});
