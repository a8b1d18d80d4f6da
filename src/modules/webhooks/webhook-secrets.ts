import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { SecretsService } from '@/modules/auth/secrets.service.js';
import { newSigningSecret, SecretBox } from './secret-box.js';

/** Signing secrets at rest: sealed with ENCRYPTION_KEY (SecretsService), opened only to sign. */
@Injectable()
export class WebhookSecrets {
  private box?: Promise<SecretBox>;

  constructor(
    private readonly secrets: SecretsService,
    private readonly db: DataSource,
  ) {}

  private sealer(): Promise<SecretBox> {
    this.box ??= this.secrets
      .encryptionKey()
      .then((key) => new SecretBox(key, 'webhook signing secrets'))
      .catch((error: unknown) => {
        this.box = undefined;
        throw error;
      });
    return this.box;
  }

  async seal(secret: string): Promise<string> {
    return (await this.sealer()).seal(secret);
  }

  async open(sealed: string): Promise<string> {
    return (await this.sealer()).open(sealed);
  }

  /** The sealed secret that signs the account's callbackUrl requests, created on first use. */
  async sealedCallbackSecret(accountId: string): Promise<string> {
    const existing = await this.db.query<{ secret_encrypted: string }[]>(
      'SELECT secret_encrypted FROM webhook_callback_secrets WHERE account_id = $1',
      [accountId],
    );
    if (existing.length > 0) return existing[0].secret_encrypted;
    // Insert-or-keep in one statement: two first callbacks at once agree on one secret.
    const rows = await this.db.query<{ secret_encrypted: string }[]>(
      `INSERT INTO webhook_callback_secrets (account_id, secret_encrypted, created_at) VALUES ($1, $2, now())
       ON CONFLICT (account_id) DO UPDATE SET secret_encrypted = webhook_callback_secrets.secret_encrypted
       RETURNING secret_encrypted`,
      [accountId, await this.seal(newSigningSecret())],
    );
    return rows[0].secret_encrypted;
  }

  /** A new callback secret, in `manager`'s transaction; the old one stops signing at once. */
  async replaceCallbackSecret(manager: EntityManager, accountId: string): Promise<{ secret: string; createdAt: Date }> {
    const secret = newSigningSecret();
    const rows = await manager.query<{ created_at: Date }[]>(
      `INSERT INTO webhook_callback_secrets (account_id, secret_encrypted, created_at) VALUES ($1, $2, now())
       ON CONFLICT (account_id) DO UPDATE SET secret_encrypted = EXCLUDED.secret_encrypted, created_at = EXCLUDED.created_at
       RETURNING created_at`,
      [accountId, await this.seal(secret)],
    );
    return { secret, createdAt: rows[0].created_at };
  }
}
