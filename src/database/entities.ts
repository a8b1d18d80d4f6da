import { AuditEventEntity } from '@/modules/audit/entities/audit-event.entity.js';
import { AccountEntity } from '@/modules/auth/entities/account.entity.js';
import { OAuthClientEntity } from '@/modules/auth/entities/oauth-client.entity.js';
import { RefreshTokenEntity } from '@/modules/auth/entities/refresh-token.entity.js';
import { UserEntity } from '@/modules/auth/entities/user.entity.js';
import { CarrierMessageIdEntity } from '@/modules/carriers/entities/carrier-message-id.entity.js';
import { CarrierEntity } from '@/modules/carriers/entities/carrier.entity.js';
import { ConversationEntity } from '@/modules/conversations/entities/conversation.entity.js';
import { DeviceEntity } from '@/modules/devices/entities/device.entity.js';
import { DeadLetterEntity } from '@/modules/messages/entities/dead-letter.entity.js';
import { IdempotencyKeyEntity } from '@/modules/messages/entities/idempotency-key.entity.js';
import { InboundMessageEntity } from '@/modules/messages/entities/inbound-message.entity.js';
import { MessageEventEntity } from '@/modules/messages/entities/message-event.entity.js';
import { MessageEntity } from '@/modules/messages/entities/message.entity.js';
import { RouteEntity } from '@/modules/routing/entities/route.entity.js';
import { TemplateEntity } from '@/modules/templates/entities/template.entity.js';
import { CampaignEntity } from '@/modules/campaigns/entities/campaign.entity.js';
import { CampaignRecipientEntity } from '@/modules/campaigns/entities/campaign-recipient.entity.js';
import { CampaignImportErrorEntity } from '@/modules/campaigns/entities/campaign-import-error.entity.js';
import { SuppressionEntity } from '@/modules/suppression/entities/suppression.entity.js';
import { WebhookCallbackSecretEntity } from '@/modules/webhooks/entities/webhook-callback-secret.entity.js';
import { WebhookDeliveryEntity } from '@/modules/webhooks/entities/webhook-delivery.entity.js';
import { WebhookEndpointEntity } from '@/modules/webhooks/entities/webhook-endpoint.entity.js';
import { SettingEntity } from './setting.entity.js';

/** Every entity, listed once for the data source and the migration generator. */
export const ENTITIES = [
  AccountEntity,
  UserEntity,
  OAuthClientEntity,
  RefreshTokenEntity,
  SettingEntity,
  DeviceEntity,
  MessageEntity,
  MessageEventEntity,
  InboundMessageEntity,
  ConversationEntity,
  IdempotencyKeyEntity,
  DeadLetterEntity,
  AuditEventEntity,
  SuppressionEntity,
  WebhookEndpointEntity,
  WebhookDeliveryEntity,
  WebhookCallbackSecretEntity,
  RouteEntity,
  TemplateEntity,
  CampaignEntity,
  CampaignRecipientEntity,
  CampaignImportErrorEntity,
  CarrierEntity,
  CarrierMessageIdEntity,
];
