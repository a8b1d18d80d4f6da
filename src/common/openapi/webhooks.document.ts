import type { OpenAPIObject } from '@nestjs/swagger';

export const WEBHOOK_MODELS: Function[] = [];

export function addWebhooks(_document: OpenAPIObject): void {}
