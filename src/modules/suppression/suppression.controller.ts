import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { Account, RequireScopes } from '@/common/auth.decorators.js';
import { toListResponse } from '@/common/pagination.js';
import { AuditContext, type RequestContext } from '@/modules/audit/audit-context.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { CsvBody, csvStreamOf } from '@/common/csv-body.js';
import { AddSuppressionDto, ListSuppressionsQueryDto } from './dto/suppression.dto.js';
import { IMPORT_MAX_BYTES, SuppressionService } from './suppression.service.js';
import { ApiProblems } from '@/common/openapi/api-problems.decorator.js';
import { ImportReportResponse, SuppressionListResponse, SuppressionResponse } from './dto/suppression.response.js';

@Controller('v1/suppressions')
@ApiTags('suppressions')
export class SuppressionController {
  constructor(private readonly suppressions: SuppressionService) {}

  /** `GET /v1/suppressions?phoneNumber=&reason=&cursor=&limit=`: newest first, `{data, nextCursor}`. */
  @Get()
  @RequireScopes('suppressions:read')
  @ApiOperation({ summary: 'The opt-out list, newest first (cursor-paginated)' })
  @ApiOkResponse({ type: SuppressionListResponse })
  @ApiProblems('INVALID_PHONE_NUMBER')
  async list(@Account() account: AccountRef, @Query() query: ListSuppressionsQueryDto) {
    return toListResponse(await this.suppressions.list(account, query));
  }

  /** 201 with the new entry, or 200 with the existing one when the number is on the list already. */
  @Post()
  @RequireScopes('suppressions:write')
  @ApiOperation({ summary: 'Add a number to the opt-out list' })
  @ApiCreatedResponse({ type: SuppressionResponse, description: 'Added' })
  @ApiOkResponse({ type: SuppressionResponse, description: 'The number was on the list already' })
  @ApiProblems('INVALID_PHONE_NUMBER')
  async add(
    @Account() account: AccountRef,
    @Body() dto: AddSuppressionDto,
    @AuditContext() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { suppression, created } = await this.suppressions.add(account, dto, context);
    void reply.status(created ? 201 : 200);
    return suppression;
  }

  /** `text/csv` with a `phoneNumber` column, streamed (up to 100 MiB): `{imported, duplicates, invalid, invalidCount}`. */
  @Post('import')
  @HttpCode(200)
  @CsvBody(IMPORT_MAX_BYTES)
  @RequireScopes('suppressions:write')
  @ApiOperation({
    summary: 'Import numbers from a CSV file',
    description: 'A `phoneNumber` column; streamed, up to 100 MiB. Invalid rows are reported, not fatal.',
  })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: 'phoneNumber\n+4915123456789\n+4915198765432\n' } })
  @ApiOkResponse({ type: ImportReportResponse })
  import(@Account() account: AccountRef, @Req() request: FastifyRequest, @AuditContext() context: RequestContext) {
    const body = csvStreamOf(request, 'Send the body as text/csv with a phoneNumber column');
    return this.suppressions.import(account, body, context);
  }

  /** The whole list as `text/csv` (`phoneNumber,reason,sourceMessageId,createdAt`), streamed. */
  @Get('export')
  @RequireScopes('suppressions:read')
  @ApiOperation({ summary: 'The whole list as CSV (phoneNumber, reason, sourceMessageId, createdAt)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The list as CSV', content: { 'text/csv': { schema: { type: 'string' } } } })
  export(@Account() account: AccountRef): StreamableFile {
    return new StreamableFile(this.suppressions.export(account), {
      type: 'text/csv; charset=utf-8',
      disposition: 'attachment; filename="suppressions.csv"',
    });
  }

  /** `DELETE /v1/suppressions/%2B4915123456789`: 204, or 404 when the account's list lacks the number. */
  @Delete(':phoneNumber')
  @HttpCode(204)
  @RequireScopes('suppressions:write')
  @ApiOperation({ summary: 'Take a number off the list' })
  @ApiParam({ name: 'phoneNumber', description: 'E.164, the + encoded: /v1/suppressions/%2B4915123456789' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblems('INVALID_PHONE_NUMBER')
  async remove(
    @Account() account: AccountRef,
    @Param('phoneNumber') phoneNumber: string,
    @AuditContext() context: RequestContext,
  ): Promise<void> {
    await this.suppressions.remove(account, phoneNumber, context);
  }
}
