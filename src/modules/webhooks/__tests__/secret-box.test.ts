import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { newSigningSecret, SecretBox } from '../secret-box.js';

describe('signing secrets', () => {
  const key = randomBytes(32).toString('base64url');

  it('makes Standard Webhooks secrets (whsec_ and 32 bytes) that the library accepts', () => {
    const secret = newSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const webhook = new Webhook(secret);
    const now = new Date();
    const signature = webhook.sign('msg_1', now, '{"a":1}');
    const headers = {
      'webhook-id': 'msg_1',
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': signature,
    };
    expect(webhook.verify('{"a":1}', headers)).toEqual({ a: 1 });
    expect(newSigningSecret()).not.toBe(secret);
  });

  it('seals a secret so that only the same key and purpose open it', () => {
    const box = new SecretBox(key, 'webhook signing secrets');
    const secret = newSigningSecret();
    const sealed = box.seal(secret);
    expect(sealed).not.toContain(secret.slice(6));
    expect(sealed).not.toBe(box.seal(secret));
    expect(box.open(sealed)).toBe(secret);
    expect(() => new SecretBox(key, 'something else').open(sealed)).toThrow();
    expect(() =>
      new SecretBox(randomBytes(32).toString('base64url'), 'webhook signing secrets').open(sealed),
    ).toThrow();
    const [v, iv, tag, body] = sealed.split('.');
    const tampered = [v, iv, tag, Buffer.from('x' + body, 'base64url').toString('base64url')].join('.');
    expect(() => box.open(tampered)).toThrow();
  });
});
