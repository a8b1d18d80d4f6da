import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Account, RequireScopes } from '@/common/auth.decorators.js';
import { validatePayload, type UncheckedInput } from '@/common/validate-payload.js';
import { AuditContext, type RequestContext } from '@/modules/audit/audit-context.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { CreateTemplateDto, DeleteTemplateInput, PreviewTemplateDto, UpdateTemplateInput } from './dto/template.dto.js';
import { TemplateModel, TemplatePreviewModel } from './models/template.model.js';
import { TemplatesService } from './templates.service.js';

/** GraphQL shell over TemplatesService: the same operations as `/v1/templates`. */
@Resolver(() => TemplateModel)
export class TemplatesResolver {
  constructor(private readonly templates: TemplatesService) {}

  @Query(() => [TemplateModel], { name: 'templates', description: 'The templates of the account, by name' })
  @RequireScopes('messages:send')
  templatesList(@Account() account: AccountRef) {
    return this.templates.list(account);
  }

  @Query(() => TemplateModel, { description: 'One template (NOT_FOUND for an id of another account)' })
  @RequireScopes('messages:send')
  template(@Account() account: AccountRef, @Args('id', { type: () => ID }) id: string) {
    return this.templates.get(account, id);
  }

  @Query(() => TemplatePreviewModel, {
    description: 'A template rendered with sample values, measured as a send counts it; nothing is stored',
  })
  @RequireScopes('messages:send')
  async templatePreview(
    @Account() account: AccountRef,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => PreviewTemplateDto, nullable: true }) input: unknown,
  ) {
    await this.templates.get(account, id);
    const { variables } = await validatePayload(PreviewTemplateDto, input ?? {});
    return this.templates.preview(account, id, variables);
  }

  @Mutation(() => TemplateModel)
  @RequireScopes('messages:send')
  createTemplate(
    @Account() account: AccountRef,
    @Args('input', { type: () => CreateTemplateDto }) input: CreateTemplateDto,
    @AuditContext() context: RequestContext,
  ) {
    return this.templates.create(account, input, context);
  }

  /** Another account's id is NOT_FOUND whatever the input holds: the input is validated after the lookup. */
  @Mutation(() => TemplateModel)
  @RequireScopes('messages:send')
  async updateTemplate(
    @Account() account: AccountRef,
    @Args('input', { type: () => UpdateTemplateInput }) input: UncheckedInput,
    @AuditContext() context: RequestContext,
  ) {
    await this.templates.get(account, input.id);
    const { id, ...fields } = await validatePayload(UpdateTemplateInput, input);
    return this.templates.update(account, id, fields, context);
  }

  @Mutation(() => Boolean)
  @RequireScopes('messages:send')
  async deleteTemplate(
    @Account() account: AccountRef,
    @Args('input', { type: () => DeleteTemplateInput }) input: DeleteTemplateInput,
    @AuditContext() context: RequestContext,
  ): Promise<boolean> {
    await this.templates.remove(account, input.id, context);
    return true;
  }
}
