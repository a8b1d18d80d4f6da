import { NotFound } from '@/common/errors.js';

export class WebhookNotFound extends NotFound {
  constructor() {
    super('Webhook');
  }
}

export class WebhookDeliveryNotFound extends NotFound {
  constructor() {
    super('Webhook delivery');
  }
}
