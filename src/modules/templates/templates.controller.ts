import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Account, RequireScopes } from '@/common/auth.decorators.js';
import { resourceRoutes } from '@/common/resource-routes.js';
import { ApiProblems } from '@/common/openapi/api-problems.decorator.js';
import { validateAfterLookup } from '@/common/validate-payload.js';
import { AuditContext, type RequestContext } from '@/modules/audit/audit-context.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { CreateTemplateDto, PreviewTemplateDto, UpdateTemplateDto } from './dto/template.dto.js';
import { TemplateListResponse, TemplateModel, TemplatePreviewModel } from './models/template.model.js';
import { TemplateNotFound, TemplatesService } from './templates.service.js';

const Template = resourceRoutes({
  scope: 'messages:send',
  id: 'The template id',
  notFound: () => new TemplateNotFound(),
});

/** Message templates (issue 19): whoever may send may keep them (`messages:send`). */
@Controller('v1/templates')
@ApiTags('templates')
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  /** `{data, nextCursor: null}` by name; an account has at most ACCOUNT_MAX_TEMPLATES (1,000). */
  @Template.List({ summary: 'The templates of the account, by name', type: TemplateListResponse })
  async list(@Account() account: AccountRef) {
    return { data: await this.templates.list(account), nextCursor: null };
  }

  @Template.Create({
    summary: 'Create a template: a body with {{variables}}, a name unique in the account',
    body: CreateTemplateDto,
    type: TemplateModel,
    problems: ['LIMIT_REACHED'],
  })
  create(@Account() account: AccountRef, @Body() dto: CreateTemplateDto, @AuditContext() context: RequestContext) {
    return this.templates.create(account, dto, context);
  }

  @Template.Get({ summary: 'One template', type: TemplateModel })
  get(@Account() account: AccountRef, @Template.Id() id: string) {
    return this.templates.get(account, id);
  }

  @Template.Patch({
    summary: 'Change a template: each field given replaces the stored one',
    body: UpdateTemplateDto,
    type: TemplateModel,
  })
  async update(
    @Account() account: AccountRef,
    @Template.Id() id: string,
    @Body() body: unknown,
    @AuditContext() context: RequestContext,
  ) {
    const changes = await validateAfterLookup(() => this.templates.get(account, id), UpdateTemplateDto, body);
    return this.templates.update(account, id, changes, context);
  }

  @Template.Delete({ summary: 'Delete a template (messages sent with it keep their text)' })
  async remove(
    @Account() account: AccountRef,
    @Template.Id() id: string,
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
  @Template.IdParam()
  @ApiBody({ type: PreviewTemplateDto })
  @ApiOkResponse({ type: TemplatePreviewModel })
  @ApiProblems('TEMPLATE_VARIABLE_MISSING', 'INVALID_BODY')
  async preview(@Account() account: AccountRef, @Template.Id() id: string, @Body() body: unknown) {
    const { variables } = await validateAfterLookup(() => this.templates.get(account, id), PreviewTemplateDto, body);
    return this.templates.preview(account, id, variables);
  }
}
