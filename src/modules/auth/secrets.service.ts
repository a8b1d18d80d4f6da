import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@/config/app-config.js';

/**
 * JWT_SECRET and ENCRYPTION_KEY: from the environment in production (required there), otherwise
 * generated on first boot and kept in the database, so restarts keep tokens valid without a `.env`.
 */
@Injectable()
export class SecretsService {
  private readonly logger = new Logger(SecretsService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly db: DataSource,
  ) {}

  jwtSecret(): Promise<string> {
    return this.config.JWT_SECRET ? Promise.resolve(this.config.JWT_SECRET) : this.stored('jwt_secret');
  }

  encryptionKey(): Promise<string> {
    return this.config.ENCRYPTION_KEY ? Promise.resolve(this.config.ENCRYPTION_KEY) : this.stored('encryption_key');
  }

  private async stored(key: string): Promise<string> {
    const candidate = randomBytes(32).toString('base64url');
    // Insert-or-keep in one statement: concurrent first boots agree on one value.
    const rows: { value: string }[] = await this.db.query(
      `INSERT INTO settings (key, value) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET value = settings.value RETURNING value`,
      [key, candidate],
    );
    if (rows[0].value === candidate) this.logger.log(`generated ${key} and stored it in the database (development)`);
    return rows[0].value;
  }
}
