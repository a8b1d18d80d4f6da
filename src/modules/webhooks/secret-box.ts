import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/** A new signing secret in the Standard Webhooks format: `whsec_` and 32 random bytes in base64. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/**
 * AES-256-GCM for secrets the gateway must read back (webhook signing secrets). The key is derived
 * from ENCRYPTION_KEY with HKDF and a purpose label, so the same ENCRYPTION_KEY can serve other
 * purposes without one ciphertext ever being valid for another. Stored as
 * `v1.<iv>.<tag>.<ciphertext>` (base64url); the version leaves room for a key rotation.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(encryptionKey: string, purpose: string) {
    // Node's base64 decoder also takes the base64url alphabet, which generated keys use.
    const material = Buffer.from(encryptionKey, 'base64');
    this.key = Buffer.from(hkdfSync('sha256', material, Buffer.alloc(0), `sms-gateway ${purpose}`, 32));
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), sealed]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  open(stored: string): string {
    const [version, iv, tag, sealed] = stored.split('.');
    if (version !== VERSION || !iv || !tag || sealed === undefined) throw new Error('not a sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8');
  }
}
