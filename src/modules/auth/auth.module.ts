import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { AppConfig } from '@/config/app-config.js';
import { AuditModule } from '@/modules/audit/audit.module.js';
import { AccountsRepository } from './accounts.repository.js';
import { AccountSettingsCache } from './account-settings-cache.js';
import { AccountSettingsController } from './account-settings.controller.js';
import { AccountSettingsResolver } from './account-settings.resolver.js';
import { AccountSettingsService } from './account-settings.service.js';
import { AuthController } from './auth.controller.js';
import { AuthResolver } from './auth.resolver.js';
import { LoginThrottle } from './login-throttle.js';
import { MeResolver } from './me.resolver.js';
import { PasswordHasher } from './password-hasher.js';
import { UsersController } from './users.controller.js';
import { UsersResolver } from './users.resolver.js';
import { UsersService } from './users.service.js';
import { OAuthClientsRepository } from './oauth-clients.repository.js';
import { OAuthClientsResolver } from './oauth-clients.resolver.js';
import { OAuthClientsService } from './oauth-clients.service.js';
import { OAuthClientsController, OAuthTokenController } from './oauth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER, JwtStrategy } from './jwt.strategy.js';
import { RefreshTokensRepository } from './refresh-tokens.repository.js';
import { SecretsRepository } from './secrets.repository.js';
import { SecretsService } from './secrets.service.js';
import { UsersRepository } from './users.repository.js';

@Module({
  imports: [
    AuditModule,
    PassportModule,
    JwtModule.registerAsync({
      extraProviders: [SecretsService, SecretsRepository],
      inject: [SecretsService, AppConfig],
      useFactory: async (secrets: SecretsService, config: AppConfig) => ({
        secret: await secrets.jwtSecret(),
        // Signing only: tokens are verified by the passport-jwt strategy (JwtStrategy), pinned the same way.
        signOptions: {
          algorithm: JWT_ALGORITHM,
          expiresIn: config.JWT_TTL_SECONDS,
          audience: JWT_AUDIENCE,
          issuer: JWT_ISSUER,
        },
        verifyOptions: { algorithms: [JWT_ALGORITHM], audience: JWT_AUDIENCE, issuer: JWT_ISSUER },
      }),
    }),
  ],
  controllers: [
    AuthController,
    OAuthClientsController,
    OAuthTokenController,
    UsersController,
    AccountSettingsController,
  ],
  providers: [
    AuthService,
    JwtStrategy,
    SecretsService,
    OAuthClientsService,
    LoginThrottle,
    PasswordHasher,
    MeResolver,
    AuthResolver,
    UsersService,
    UsersResolver,
    OAuthClientsResolver,
    AccountSettingsService,
    AccountSettingsCache,
    AccountSettingsResolver,
    AccountsRepository,
    UsersRepository,
    RefreshTokensRepository,
    OAuthClientsRepository,
    SecretsRepository,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, SecretsService, AccountSettingsCache],
})
export class AuthModule {}
