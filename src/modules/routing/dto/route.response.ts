import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { ListOf } from '@/common/openapi/list.response.js';
import {
  ROUTE_STRATEGIES,
  TARGET_KINDS,
  type RouteMatch,
  type RoutePriority,
  type RouteStrategy,
  type RouteTarget,
} from '../route-decision.js';
import type { RouteResource } from '../routes.service.js';

@ApiSchema({ name: 'RouteMatch', description: 'Every criterion given must match; none given matches every message' })
export class RouteMatchResponse implements RouteMatch {
  @ApiPropertyOptional({ type: [String], description: 'E.164 prefixes such as +49: any one matches' })
  prefixes?: string[];

  @ApiPropertyOptional({ type: [String], description: "ISO 3166-1 alpha-2 codes of the recipient's number" })
  countries?: string[];

  @ApiPropertyOptional({ enum: ['normal', 'high'] })
  priority?: RoutePriority;
}

/** One target; which id it carries depends on `kind`. */
@ApiSchema({ name: 'RouteTarget' })
export class RouteTargetResponse {
  @ApiProperty({ enum: TARGET_KINDS, description: 'devices: all phones; pool: deviceIds; device: deviceId; carrier' })
  kind: RouteTarget['kind'];

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'kind pool' })
  deviceIds?: string[];

  @ApiPropertyOptional({ type: String, format: 'uuid', description: 'kind device' })
  deviceId?: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', description: 'kind carrier' })
  carrierId?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1000, description: 'Weighted strategy' })
  weight?: number;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'number', minimum: 0 },
    description: 'Least-cost strategy: price per destination prefix ({"+49": 0.05})',
  })
  prices?: Record<string, number>;
}

@ApiSchema({ name: 'Route', description: 'A routing rule' })
export class RouteResponse implements Omit<RouteResource, 'targets'> {
  @ApiProperty({ type: String, format: 'uuid' })
  id: string;

  @ApiProperty({ type: String })
  name: string;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'Evaluation order, lower first' })
  position: number;

  @ApiProperty({ type: RouteMatchResponse })
  match: RouteMatch;

  @ApiProperty({ enum: ROUTE_STRATEGIES })
  strategy: RouteStrategy;

  @ApiProperty({ type: [RouteTargetResponse] })
  targets: RouteTargetResponse[];

  @ApiProperty({ type: Boolean, description: 'The route for messages no other route matches' })
  isDefault: boolean;

  @ApiProperty({ type: Boolean })
  enabled: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: string;
}

export const RouteListResponse = ListOf(RouteResponse, 'RouteList', true);
