import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@/config/app-config.js';
import { SecretsRepository } from './secrets.repository.js';

/**
 * JWT_SECRET and ENCRYPTION_KEY: from the environment in production (required there), otherwise
 * generated on first boot and kept in the database, so restarts keep tokens valid without a `.env`.
 */
@Injectable()
export class SecretsService {
  private readonly logger = new Logger(SecretsService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly repo: SecretsRepository,
  ) {}

  jwtSecret(): Promise<string> {
    return this.config.JWT_SECRET ? Promise.resolve(this.config.JWT_SECRET) : this.stored('jwt_secret');
  }

  encryptionKey(): Promise<string> {
    return this.config.ENCRYPTION_KEY ? Promise.resolve(this.config.ENCRYPTION_KEY) : this.stored('encryption_key');
  }

  private async stored(key: string): Promise<string> {
    const candidate = randomBytes(32).toString('base64url');
    // Concurrent first boots agree on one value: the first one stored.
    const value = await this.repo.insertOrKeepAcrossAccounts(key, candidate);
    if (value === candidate) this.logger.log(`generated ${key} and stored it in the database (development)`);
    return value;
  }
}
