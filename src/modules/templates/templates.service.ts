import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { checkAccountLimit } from '@/common/account-limits.js';
import { NotFound, ValidationFailed, type FieldError } from '@/common/errors.js';
import { AppConfig } from '@/config/app-config.js';
import { isUuid } from '@/common/ids.js';
import type { RequestContext } from '@/modules/audit/audit-context.js';
import { AuditService, auditedBy } from '@/modules/audit/audit.service.js';
import type { AccountRef } from '@/modules/auth/scopes.js';
import { measureBody } from '@/modules/messages/message-validation.js';
import type { CreateTemplateDto, UpdateTemplateDto } from './dto/template.dto.js';
import { toTemplateResource, type TemplatePreview, type TemplateResource } from './template.resource.js';
import { TemplateText, VARIABLE_NAME } from './template-text.js';
import { TemplatesRepository, type TemplateRow, type TemplateValues } from './templates.repository.js';

/** At most this many characters in one variable's value. */
export const MAX_VARIABLE_VALUE = 1_000;

export class TemplateNotFound extends NotFound {
  constructor() {
    super('Template');
  }
}

/**
 * `variables` and `defaults` are maps of variable names to text: anything else is
 * VALIDATION_FAILED naming the entry (a number is taken as its text).
 */
export function checkValues(values: unknown, field: string): Record<string, string> {
  if (values === undefined || values === null) return {};
  if (typeof values !== 'object' || Array.isArray(values)) {
    throw new ValidationFailed([{ field, message: `${field} must be an object of names to text` }]);
  }
  const out: Record<string, string> = {};
  const errors: FieldError[] = [];
  for (const [name, value] of Object.entries(values)) {
    if (!VARIABLE_NAME.test(name)) errors.push({ field: `${field}.${name}`, message: 'not a variable name' });
    else if (typeof value === 'number' && Number.isFinite(value)) out[name] = String(value);
    else if (typeof value !== 'string' || value.length > MAX_VARIABLE_VALUE) {
      errors.push({ field: `${field}.${name}`, message: `must be text of at most ${MAX_VARIABLE_VALUE} characters` });
    } else out[name] = value;
  }
  if (errors.length > 0) throw new ValidationFailed(errors);
  return out;
}

/** Message templates (issue 19): `/v1/templates`, GraphQL, and the rendering sends ask for. */
@Injectable()
export class TemplatesService {
  constructor(
    private readonly repo: TemplatesRepository,
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  async list(account: AccountRef): Promise<TemplateResource[]> {
    return (await this.repo.list(account.accountId)).map(toTemplateResource);
  }

  async get(account: AccountRef, id: string): Promise<TemplateResource> {
    return toTemplateResource(await this.row(account, id));
  }

  async create(account: AccountRef, dto: CreateTemplateDto, context?: RequestContext): Promise<TemplateResource> {
    const values = this.values(dto.name, dto.body, dto.defaults);
    const row = await this.db.transaction(async (manager) => {
      await checkAccountLimit(manager, account.accountId, 'templates', this.config.ACCOUNT_MAX_TEMPLATES);
      const created = await this.repo.insert(account.accountId, manager, values);
      if (!created) throw this.nameTaken();
      await this.audit.record(manager, {
        ...auditedBy(account, context),
        action: 'template.created',
        target: { type: 'template', id: created.id },
        diff: { name: created.name, body: created.body, defaults: created.defaults },
      });
      return created;
    });
    return toTemplateResource(row);
  }

  async update(
    account: AccountRef,
    id: string,
    dto: UpdateTemplateDto,
    context?: RequestContext,
  ): Promise<TemplateResource> {
    const row = await this.db.transaction(async (manager) => {
      const before = await this.repo.find(account.accountId, id, manager);
      if (!before) throw new TemplateNotFound();
      const values = this.values(dto.name ?? before.name, dto.body ?? before.body, dto.defaults ?? before.defaults);
      const updated = await this.repo.update(account.accountId, manager, id, values);
      if (!updated) throw this.nameTaken();
      const from: Record<string, unknown> = {};
      const to: Record<string, unknown> = {};
      for (const key of ['name', 'body', 'defaults'] as const) {
        if (JSON.stringify(before[key]) !== JSON.stringify(updated[key]))
          [from[key], to[key]] = [before[key], updated[key]];
      }
      await this.audit.record(manager, {
        ...auditedBy(account, context),
        action: 'template.updated',
        target: { type: 'template', id },
        diff: { from, to },
      });
      return updated;
    });
    return toTemplateResource(row);
  }

  async remove(account: AccountRef, id: string, context?: RequestContext): Promise<void> {
    if (!isUuid(id)) throw new TemplateNotFound();
    await this.db.transaction(async (manager) => {
      const deleted = await this.repo.delete(account.accountId, manager, id);
      if (!deleted) throw new TemplateNotFound();
      await this.audit.record(manager, {
        ...auditedBy(account, context),
        action: 'template.deleted',
        target: { type: 'template', id },
        diff: { name: deleted.name },
      });
    });
  }

  /** The text with these values, measured as a send counts it; nothing is stored. */
  async preview(account: AccountRef, id: string, variables: unknown): Promise<TemplatePreview> {
    const row = await this.row(account, id);
    const text = TemplateText.parse(row.body);
    const body = text.render(checkValues(variables, 'variables'), row.defaults);
    const { segments, encoding } = measureBody(body);
    return { body, segments, encoding, variables: text.variables };
  }

  /**
   * The bodies of sends that name templates, in order (sends check the result as any body). One
   * read for all the templates of a batch; another account's id is NOT_FOUND.
   */
  async renderer(account: AccountRef, ids: string[]): Promise<(id: string, variables: unknown) => string> {
    const wanted = [...new Set(ids.filter(isUuid))];
    const rows = wanted.length > 0 ? await this.repo.findMany(account.accountId, wanted) : [];
    const byId = new Map(rows.map((r) => [r.id, { text: TemplateText.parse(r.body), defaults: r.defaults }]));
    return (id, variables) => {
      const template = byId.get(id);
      if (!template) throw new TemplateNotFound();
      return template.text.render(checkValues(variables, 'variables'), template.defaults);
    };
  }

  private async row(account: AccountRef, id: string): Promise<TemplateRow> {
    const row = isUuid(id) ? await this.repo.find(account.accountId, id) : undefined;
    if (!row) throw new TemplateNotFound();
    return row;
  }

  private values(name: string, body: string, defaults: unknown): TemplateValues {
    TemplateText.parse(body);
    return { name, body, defaults: checkValues(defaults, 'defaults') };
  }

  private nameTaken(): ValidationFailed {
    return new ValidationFailed([{ field: 'name', message: 'the account has a template of this name' }]);
  }
}
