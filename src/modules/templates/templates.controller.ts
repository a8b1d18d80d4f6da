import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { Account, RequireScopes } from '@/common/auth.decorators.js';
import { ApiProblems } from '@/common/openapi/api-problems.decorator.js';
import { validatePayload } from '@/common/validate-payload.js';
import { AuditContext, type RequestContext } from '@/modules/audit/audit-context.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { CreateTemplateDto, PreviewTemplateDto, UpdateTemplateDto } from './dto/template.dto.js';
import { TemplateListResponse, TemplateModel, TemplatePreviewModel } from './models/template.model.js';
import { TemplateNotFound, TemplatesService } from './templates.service.js';

// A malformed id cannot name anything in the caller's account: 404, as for another account's id.
const uuid = new ParseUUIDPipe({ exceptionFactory: () => new TemplateNotFound() });
const TemplateId = () => ApiParam({ name: 'id', format: 'uuid', description: 'The template id' });

/** Message templates (issue 19): whoever may send may keep them (`messages:send`). */
@Controller('v1/templates')
@ApiTags('templates')
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  /** `{data, nextCursor: null}` by name; an account has at most ACCOUNT_MAX_TEMPLATES (1,000). */
  @Get()
  @RequireScopes('messages:send')
  @ApiOperation({ summary: 'The templates of the account, by name' })
  @ApiOkResponse({ type: TemplateListResponse })
  async list(@Account() account: AccountRef) {
    return { data: await this.templates.list(account), nextCursor: null };
  }

  @Post()
  @HttpCode(201)
  @RequireScopes('messages:send')
  @ApiOperation({ summary: 'Create a template: a body with {{variables}}, a name unique in the account' })
  @ApiBody({ type: CreateTemplateDto })
  @ApiCreatedResponse({ type: TemplateModel })
  @ApiProblems('LIMIT_REACHED')
  create(@Account() account: AccountRef, @Body() dto: CreateTemplateDto, @AuditContext() context: RequestContext) {
    return this.templates.create(account, dto, context);
  }

  @Get(':id')
  @RequireScopes('messages:send')
  @ApiOperation({ summary: 'One template' })
  @TemplateId()
  @ApiOkResponse({ type: TemplateModel })
  get(@Account() account: AccountRef, @Param('id', uuid) id: string) {
    return this.templates.get(account, id);
  }

  /** The body is validated after the id is looked up: another account's template is NOT_FOUND whatever it holds. */
  @Patch(':id')
  @RequireScopes('messages:send')
  @ApiOperation({ summary: 'Change a template: each field given replaces the stored one' })
  @TemplateId()
  @ApiBody({ type: UpdateTemplateDto })
  @ApiOkResponse({ type: TemplateModel })
  async update(
    @Account() account: AccountRef,
    @Param('id', uuid) id: string,
    @Body() body: unknown,
    @AuditContext() context: RequestContext,
  ) {
    await this.templates.get(account, id);
    return this.templates.update(account, id, await validatePayload(UpdateTemplateDto, body), context);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireScopes('messages:send')
  @ApiOperation({ summary: 'Delete a template (messages sent with it keep their text)' })
  @TemplateId()
  @ApiNoContentResponse({ description: 'Deleted' })
  async remove(
    @Account() account: AccountRef,
    @Param('id', uuid) id: string,
    @AuditContext() context: RequestContext,
  ): Promise<void> {
    await this.templates.remove(account, id, context);
  }

  @Post(':id/preview')
  @HttpCode(200)
  @RequireScopes('messages:send')
  @ApiOperation({
    summary: 'Render a template with sample values: its text, segments and encoding; nothing is stored',
  })
  @TemplateId()
  @ApiBody({ type: PreviewTemplateDto })
  @ApiOkResponse({ type: TemplatePreviewModel })
  @ApiProblems('TEMPLATE_VARIABLE_MISSING', 'INVALID_BODY')
  async preview(@Account() account: AccountRef, @Param('id', uuid) id: string, @Body() body: unknown) {
    await this.templates.get(account, id);
    return this.templates.preview(account, id, (await validatePayload(PreviewTemplateDto, body)).variables);
  }
}
