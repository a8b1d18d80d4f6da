import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SecretsService } from '@/modules/auth/secrets.service.js';
import { CallbackSecretsRepository } from './callback-secrets.repository.js';
import { newSigningSecret, SecretBox } from './secret-box.js';
import type { AccountId } from '@/common/account-id.js';

/** Signing secrets at rest: sealed with ENCRYPTION_KEY (SecretsService), opened only to sign. */
@Injectable()
export class WebhookSecrets {
  private box?: Promise<SecretBox>;

  constructor(
    private readonly secrets: SecretsService,
    private readonly callbackSecrets: CallbackSecretsRepository,
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
  async sealedCallbackSecret(accountId: AccountId): Promise<string> {
    return (
      (await this.callbackSecrets.find(accountId)) ??
      this.callbackSecrets.insertOrKeep(accountId, await this.seal(newSigningSecret()))
    );
  }

  /** A new callback secret, in `manager`'s transaction; the old one stops signing at once. */
  async replaceCallbackSecret(
    manager: EntityManager,
    accountId: AccountId,
  ): Promise<{ secret: string; createdAt: Date }> {
    const secret = newSigningSecret();
    const createdAt = await this.callbackSecrets.replace(accountId, manager, await this.seal(secret));
    return { secret, createdAt };
  }
}
