import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { ListOf } from '@/common/openapi/list.response.js';
import type { AuditEventResource } from '../audit.service.js';

@ApiSchema({ name: 'AuditActor', description: 'Who did it' })
class AuditActorResponse {
  @ApiProperty({ enum: ['user', 'client', 'device', 'system'] })
  kind: AuditEventResource['actor']['kind'];

  @ApiProperty({ type: String })
  id: string;
}

@ApiSchema({ name: 'AuditTarget', description: 'What it was done to' })
class AuditTargetResponse {
  @ApiProperty({ type: String, example: 'device' })
  type: string;

  @ApiProperty({ type: String })
  id: string;
}

/** One entry of the append-only audit trail. */
@ApiSchema({ name: 'AuditEvent' })
export class AuditEventResponse implements AuditEventResource {
  @ApiProperty({ type: String })
  id: string;

  @ApiProperty({ type: AuditActorResponse })
  actor: AuditActorResponse;

  @ApiProperty({ type: String, description: 'What happened', example: 'device.revoked' })
  action: string;

  @ApiProperty({ type: AuditTargetResponse })
  target: AuditTargetResponse;

  @ApiProperty({ type: String, format: 'date-time' })
  at: string;

  @ApiProperty({ type: String, nullable: true, description: "The caller's address" })
  ip: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The X-Request-Id of the change' })
  requestId: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'What changed; never a secret',
  })
  diff: Record<string, unknown> | null;
}

export const AuditEventListResponse = ListOf(AuditEventResponse, 'AuditEventList');
