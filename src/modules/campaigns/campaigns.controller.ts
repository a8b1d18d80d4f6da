import { Readable } from 'node:stream';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Account, RequireScopes } from '@/common/auth.decorators.js';
import { CsvBody, csvStreamOf } from '@/common/csv-body.js';
import { ApiProblems } from '@/common/openapi/api-problems.decorator.js';
import { toListResponse } from '@/common/pagination.js';
import { AuditContext, type RequestContext } from '@/modules/audit/audit-context.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { CampaignNotFound, CampaignsService, RECIPIENTS_MAX_BYTES } from './campaigns.service.js';
import { CreateCampaignDto, ImportRecipientsQueryDto, ListCampaignsQueryDto } from './dto/campaign.dto.js';
import { CampaignListResponse, CampaignModel, ImportReportModel } from './models/campaign.model.js';

// A malformed id cannot name anything in the caller's account: 404, as for another account's id.
const uuid = new ParseUUIDPipe({ exceptionFactory: () => new CampaignNotFound() });
const CampaignId = () => ApiParam({ name: 'id', format: 'uuid', description: 'The campaign id' });
const csv = (name: string, stream: Readable) =>
  new StreamableFile(stream, { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${name}"` });

/**
 * Campaigns (issue 19): whoever may send may run them (`messages:send`); whoever may read
 * messages may follow them (`messages:read`).
 */
@Controller('v1/campaigns')
@ApiTags('campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Get()
  @RequireScopes('messages:read')
  @ApiOperation({ summary: 'The campaigns of the account, newest first, with their counts' })
  @ApiOkResponse({ type: CampaignListResponse })
  async list(@Account() account: AccountRef, @Query() query: ListCampaignsQueryDto) {
    return toListResponse(await this.campaigns.list(account, query));
  }

  @Post()
  @HttpCode(201)
  @RequireScopes('messages:send')
  @ApiOperation({
    summary:
      'Create a draft: a template or a body, quiet hours, pace, start; recipients as a list or a CSV upload next',
  })
  @ApiBody({ type: CreateCampaignDto })
  @ApiCreatedResponse({ type: CampaignModel })
  @ApiProblems('NOT_FOUND', 'TEMPLATE_VARIABLE_MISSING', 'INVALID_SCHEDULE', 'INVALID_BODY', 'BODY_TOO_LONG')
  create(@Account() account: AccountRef, @Body() dto: CreateCampaignDto, @AuditContext() context: RequestContext) {
    return this.campaigns.create(account, dto, context);
  }

  @Get(':id')
  @RequireScopes('messages:read')
  @ApiOperation({ summary: 'One campaign with its counts' })
  @CampaignId()
  @ApiOkResponse({ type: CampaignModel })
  get(@Account() account: AccountRef, @Param('id', uuid) id: string) {
    return this.campaigns.get(account, id);
  }

  /** The draft's recipients from a CSV, replacing an earlier upload. */
  @Post(':id/recipients')
  @HttpCode(200)
  @CsvBody(RECIPIENTS_MAX_BYTES)
  @RequireScopes('messages:send')
  @ApiOperation({
    summary: "Upload the draft's recipients as CSV (streamed, up to 1,000,000 rows); replaces an earlier upload",
    description:
      'A header line; a phone column (phoneColumn, else phone, phoneNumber, to, mobile, number or msisdn) and a ' +
      'column per template variable (by its name, or mapped with columns). Invalid, duplicate and suppressed rows are ' +
      'counted and skipped; a bad header, a file that is not CSV or one over the limits imports nothing.',
  })
  @CampaignId()
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: 'phone,name\n+4915123456789,Ada\n+4915198765432,Grace\n' } })
  @ApiOkResponse({ type: ImportReportModel })
  @ApiProblems('CAMPAIGN_STATE_CONFLICT', 'TEMPLATE_VARIABLE_MISSING', 'UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE')
  async importRecipients(
    @Account() account: AccountRef,
    @Param('id', uuid) id: string,
    @Query() query: ImportRecipientsQueryDto,
    @Req() request: FastifyRequest,
    @AuditContext() context: RequestContext,
  ) {
    await this.campaigns.row(account, id);
    const body = csvStreamOf(request, 'Send the recipients as text/csv');
    return this.campaigns.importCsv(account, id, body, query, context);
  }

  @Get(':id/recipients/errors')
  @RequireScopes('messages:read')
  @ApiOperation({ summary: 'The rows the upload refused, as CSV (line, value, code, message)' })
  @CampaignId()
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The refused rows as CSV', content: { 'text/csv': { schema: { type: 'string' } } } })
  async importErrors(@Account() account: AccountRef, @Param('id', uuid) id: string): Promise<StreamableFile> {
    return csv('refused-rows.csv', Readable.from([await this.campaigns.importErrorsCsv(account, id)]));
  }

  @Post(':id/launch')
  @HttpCode(200)
  @RequireScopes('messages:send')
  @ApiOperation({
    summary: 'Start the draft (at its startAt, or now); a campaign launched before is answered as it is',
  })
  @CampaignId()
  @ApiOkResponse({ type: CampaignModel })
  @ApiProblems('CAMPAIGN_NOT_LAUNCHABLE')
  launch(@Account() account: AccountRef, @Param('id', uuid) id: string, @AuditContext() context: RequestContext) {
    return this.campaigns.launch(account, id, context);
  }

  @Post(':id/pause')
  @HttpCode(200)
  @RequireScopes('messages:send')
  @ApiOperation({ summary: 'No new message within a second; messages already handed on still go' })
  @CampaignId()
  @ApiOkResponse({ type: CampaignModel })
  @ApiProblems('CAMPAIGN_STATE_CONFLICT')
  pause(@Account() account: AccountRef, @Param('id', uuid) id: string, @AuditContext() context: RequestContext) {
    return this.campaigns.pause(account, id, context);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @RequireScopes('messages:send')
  @ApiOperation({ summary: 'Go on where the pause stopped' })
  @CampaignId()
  @ApiOkResponse({ type: CampaignModel })
  @ApiProblems('CAMPAIGN_STATE_CONFLICT')
  resume(@Account() account: AccountRef, @Param('id', uuid) id: string, @AuditContext() context: RequestContext) {
    return this.campaigns.resume(account, id, context);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequireScopes('messages:send')
  @ApiOperation({
    summary: 'End it: waiting recipients get nothing, messages not yet handed to a phone or carrier are canceled',
  })
  @CampaignId()
  @ApiOkResponse({ type: CampaignModel })
  @ApiProblems('CAMPAIGN_STATE_CONFLICT')
  cancel(@Account() account: AccountRef, @Param('id', uuid) id: string, @AuditContext() context: RequestContext) {
    return this.campaigns.cancel(account, id, context);
  }

  @Get(':id/results')
  @RequireScopes('messages:read')
  @ApiOperation({
    summary:
      'Per recipient, by line, as CSV (streamed): line, phoneNumber, status, errorCode, messageId, sentAt, deliveredAt, optedOut',
  })
  @CampaignId()
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The results as CSV', content: { 'text/csv': { schema: { type: 'string' } } } })
  async results(@Account() account: AccountRef, @Param('id', uuid) id: string): Promise<StreamableFile> {
    return csv('campaign-results.csv', await this.campaigns.results(account, id));
  }
}
