import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { SecretsService } from '@/modules/auth/secrets.service.js';
import { SecretBox } from '@/modules/webhooks/secret-box.js';

/**
 * Carrier credentials at rest (the SMPP password, the HTTP carrier's password or token): sealed with
 * ENCRYPTION_KEY under their own purpose label, opened only to connect or send. Also the DLR
 * tokens of HTTP carriers: an HMAC of the carrier id under a key derived from ENCRYPTION_KEY, so
 * nothing secret is stored for them and a token is checked without a lookup.
 */
@Injectable()
export class CarrierSecrets {
  private keys?: Promise<{ box: SecretBox; dlr: Buffer }>;

  constructor(private readonly secrets: SecretsService) {}

  private material() {
    this.keys ??= this.secrets
      .encryptionKey()
      .then((key) => ({
        box: new SecretBox(key, 'carrier credentials'),
        dlr: Buffer.from(
          hkdfSync('sha256', Buffer.from(key, 'base64'), Buffer.alloc(0), 'sms-gateway carrier dlr tokens', 32),
        ),
      }))
      .catch((error: unknown) => {
        this.keys = undefined;
        throw error;
      });
    return this.keys;
  }

  async seal(secret: string): Promise<string> {
    return (await this.material()).box.seal(secret);
  }

  async open(sealed: string): Promise<string> {
    return (await this.material()).box.open(sealed);
  }

  /** The token an HTTP carrier puts in its DLR callbacks (`?token=` or `X-Carrier-Token`). */
  async dlrToken(carrierId: string): Promise<string> {
    return createHmac('sha256', (await this.material()).dlr)
      .update(`dlr:${carrierId}`)
      .digest('base64url');
  }

  async checkDlrToken(carrierId: string, presented: string): Promise<boolean> {
    const expected = Buffer.from(await this.dlrToken(carrierId));
    const given = Buffer.from(presented);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
