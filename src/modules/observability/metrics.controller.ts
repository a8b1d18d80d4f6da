import { Controller, Get, Injectable, Res, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '@/common/auth.decorators.js';
import { Forbidden, Unauthenticated } from '@/common/errors.js';
import { AppConfig } from '@/config/app-config.js';
import { MetricsAccess } from './metrics-access.js';
import { MetricsService } from './metrics.service.js';
import { ApiProblems } from '@/common/openapi/api-problems.decorator.js';

/** Not a user's bearer token: the scraper's own METRICS_TOKEN, or an address in METRICS_ALLOW. */
@Injectable()
export class MetricsGuard implements CanActivate {
  private readonly access: MetricsAccess;

  constructor(config: AppConfig) {
    this.access = new MetricsAccess(config.METRICS_ALLOW, config.METRICS_TOKEN);
  }

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const verdict = this.access.check(req.ip, req.headers.authorization);
    if (verdict === 'unauthenticated')
      throw new Unauthenticated('/metrics needs Authorization: Bearer <METRICS_TOKEN>');
    if (verdict === 'forbidden') throw new Forbidden('This address is not in METRICS_ALLOW');
    return true;
  }
}

@Controller('metrics')
@ApiTags('operations')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  /** Prometheus text exposition (DESIGN.md §3); docs/operations.md says what to do with it. */
  @Get()
  @Public()
  @UseGuards(MetricsGuard)
  @ApiOperation({
    summary: 'Prometheus metrics',
    description: 'Not a user token: `Authorization: Bearer <METRICS_TOKEN>`, or an address in METRICS_ALLOW.',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'The Prometheus text exposition',
    content: { 'text/plain': { schema: { type: 'string' } } },
  })
  @ApiProblems('UNAUTHENTICATED', 'FORBIDDEN')
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const text = await this.metrics.exposition();
    void reply.header('content-type', this.metrics.contentType);
    return text;
  }
}
