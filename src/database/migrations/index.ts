import { Initial1795652343797 } from './1795652343797-Initial.js';
import { OAuthClients1795656829186 } from './1795656829186-OAuthClients.js';
import { Pipeline1795653964232 } from './1795653964232-Pipeline.js';
import { Audit1795700000000 } from './1795700000000-Audit.js';
import { RefreshTokens1795700001000 } from './1795700001000-RefreshTokens.js';
import { UserInvites1795700002000 } from './1795700002000-UserInvites.js';
import { Fleet1795700003000 } from './1795700003000-Fleet.js';
import { Suppressions1795700004000 } from './1795700004000-Suppressions.js';
import { Webhooks1795700005000 } from './1795700005000-Webhooks.js';
import { SuppressionWebhooks1795700006000 } from './1795700006000-SuppressionWebhooks.js';
import { Routes1795700007000 } from './1795700007000-Routes.js';
import { Carriers1795700008000 } from './1795700008000-Carriers.js';
import { MessageRoutes1795700009000 } from './1795700009000-MessageRoutes.js';
import { TraceContext1795700010000 } from './1795700010000-TraceContext.js';
import { InboundTraceContext1795700011000 } from './1795700011000-InboundTraceContext.js';
import { WebhookSecretOverlap1795700012000 } from './1795700012000-WebhookSecretOverlap.js';
import { UserTokenVersion1795700013000 } from './1795700013000-UserTokenVersion.js';
import { MessagesSentIndex1795700014000 } from './1795700014000-MessagesSentIndex.js';
import { Conversations1795700015000 } from './1795700015000-Conversations.js';
import { AuditFilterIndexes1795700016000 } from './1795700016000-AuditFilterIndexes.js';
import { OperatorAccount1795700017000 } from './1795700017000-OperatorAccount.js';
import { SuppressionImportStaging1795700020000 } from './1795700020000-SuppressionImportStaging.js';
import { WebhookLanes1795700032000 } from './1795700032000-WebhookLanes.js';
import { DeliveryReports1795700033000 } from './1795700033000-DeliveryReports.js';
import { WebhookOutboxStatements1795700034000 } from './1795700034000-WebhookOutboxStatements.js';
import { WebhookOutboxPlan1795700035000 } from './1795700035000-WebhookOutboxPlan.js';
import { BatchIdempotency1795700036000 } from './1795700036000-BatchIdempotency.js';
import { ClientReference1795700037000 } from './1795700037000-ClientReference.js';
import { Templates1795700038000 } from './1795700038000-Templates.js';
import { Campaigns1795700039000 } from './1795700039000-Campaigns.js';
import { WebhookPayloadRouteId1795700040000 } from './1795700040000-WebhookPayloadRouteId.js';
import { BatteryOptimizationExempt1795700041000 } from './1795700041000-BatteryOptimizationExempt.js';

/** Migrations in order. Generated with `npm run migration:generate -- Name`, reviewed, then listed here. */
export const MIGRATIONS = [
  Initial1795652343797,
  Pipeline1795653964232,
  OAuthClients1795656829186,
  Audit1795700000000,
  RefreshTokens1795700001000,
  UserInvites1795700002000,
  Fleet1795700003000,
  Suppressions1795700004000,
  Webhooks1795700005000,
  SuppressionWebhooks1795700006000,
  Routes1795700007000,
  Carriers1795700008000,
  MessageRoutes1795700009000,
  TraceContext1795700010000,
  InboundTraceContext1795700011000,
  WebhookSecretOverlap1795700012000,
  UserTokenVersion1795700013000,
  MessagesSentIndex1795700014000,
  Conversations1795700015000,
  AuditFilterIndexes1795700016000,
  OperatorAccount1795700017000,
  SuppressionImportStaging1795700020000,
  WebhookLanes1795700032000,
  DeliveryReports1795700033000,
  WebhookOutboxStatements1795700034000,
  WebhookOutboxPlan1795700035000,
  BatchIdempotency1795700036000,
  ClientReference1795700037000,
  Templates1795700038000,
  Campaigns1795700039000,
  WebhookPayloadRouteId1795700040000,
  BatteryOptimizationExempt1795700041000,
];
