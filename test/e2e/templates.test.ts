import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestGateway } from '../support/gateway.js';

const TO = '+4915123456789';
const BODY = 'Hi {{name}}, see you on {{date}} at {{time}}.';

/** Templates (issue 19): kept per account, previewed, and sent with variables, in REST and GraphQL. */
describe('message templates', () => {
  let gw: TestGateway;
  let token: string;
  let accountId: string;

  beforeAll(async () => {
    gw = await TestGateway.start({ ACCOUNT_MAX_TEMPLATES: '8' });
    ({ token, accountId } = await gw.createAccount('Templates'));
  });
  afterAll(async () => {
    await gw?.stop();
  });

  const create = (json: unknown, as = token) => gw.request('POST', '/v1/templates', { token: as, json });
  const messagesWith = async (body: string) =>
    (await gw.db.query('SELECT body, template_id FROM messages WHERE account_id = $1 AND body = $2', [accountId, body]))
      .rows;

  it('creates, lists, changes and deletes a template, each change in the audit trail', async () => {
    const created = await create({ name: 'Reminder', body: BODY, defaults: { time: 'noon' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Reminder',
      body: BODY,
      variables: ['name', 'date', 'time'],
      defaults: { time: 'noon' },
    });
    const id = created.body.id as string;
    expect((await gw.request('GET', '/v1/templates', { token })).body.data.map((t: { id: string }) => t.id)).toEqual([
      id,
    ]);
    const changed = await gw.request('PATCH', `/v1/templates/${id}`, { token, json: { body: 'Hi {{name}}!' } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Reminder', body: 'Hi {{name}}!', variables: ['name'] });
    expect((await gw.request('DELETE', `/v1/templates/${id}`, { token })).status).toBe(204);
    expect((await gw.request('GET', `/v1/templates/${id}`, { token })).body.code).toBe('NOT_FOUND');
    const audit = await gw.request('GET', `/v1/audit-events?targetId=${id}`, { token });
    expect(audit.body.data.map((e: { action: string }) => e.action).sort()).toEqual([
      'template.created',
      'template.deleted',
      'template.updated',
    ]);
  });

  it('refuses logic, bad names and values, and a name the account has, writing nothing', async () => {
    await create({ name: 'Taken', body: 'x' });
    const before = (await gw.db.query('SELECT count(*)::int AS n FROM templates')).rows[0].n;
    for (const json of [
      { name: 'Sections', body: '{{#vip}}Hi{{/vip}}' },
      { name: 'Partial', body: '{{> footer}}' },
      { name: 'Unclosed', body: 'Hi {{name' },
      { name: 'Taken', body: 'y' },
      { name: '', body: 'y' },
      { name: 'Tab\tname', body: 'y' },
      { name: 'Defaults', body: 'y', defaults: { name: { nested: true } } },
      { name: 'Defaults', body: 'y', defaults: { 'bad name': 'x' } },
      { name: 'Extra', body: 'y', more: 1 },
    ]) {
      const res = await create(json);
      expect(res.status, JSON.stringify(json)).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    expect((await gw.db.query('SELECT count(*)::int AS n FROM templates')).rows[0].n).toBe(before);
  });

  it('previews with values and defaults, measured as a send counts it, and names what is missing', async () => {
    const { body } = await create({ name: 'Preview', body: BODY, defaults: { time: '10:30' } });
    const preview = await gw.request('POST', `/v1/templates/${body.id}/preview`, {
      token,
      json: { variables: { name: 'Åsa', date: '12 May' } },
    });
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({
      body: 'Hi Åsa, see you on 12 May at 10:30.',
      segments: 1,
      encoding: 'GSM-7',
      variables: ['name', 'date', 'time'],
    });
    const emoji = await gw.request('POST', `/v1/templates/${body.id}/preview`, {
      token,
      json: { variables: { name: '🙂', date: 'Friday' } },
    });
    expect(emoji.body.encoding).toBe('UCS-2');
    const missing = await gw.request('POST', `/v1/templates/${body.id}/preview`, { token, json: { variables: {} } });
    expect(missing.status).toBe(422);
    expect(missing.body.code).toBe('TEMPLATE_VARIABLE_MISSING');
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toEqual(['variables.name', 'variables.date']);
  });

  it('sends a template with variables: the message keeps the rendered text and the template id', async () => {
    const { body: template } = await create({ name: 'Send me', body: 'Code {{code}} for {{name}}' });
    const sent = await gw.request('POST', '/v1/messages', {
      token,
      json: { to: TO, templateId: template.id, variables: { code: 4711, name: 'Ada' } },
    });
    expect(sent.status).toBe(202);
    expect(sent.body).toMatchObject({ body: 'Code 4711 for Ada', templateId: template.id, segments: 1 });
    expect(await messagesWith('Code 4711 for Ada')).toEqual([{ body: 'Code 4711 for Ada', template_id: template.id }]);

    const batch = await gw.request('POST', '/v1/messages/batch', {
      token,
      json: {
        messages: [
          { to: TO, templateId: template.id, variables: { code: '1', name: 'Bo' } },
          { to: TO, templateId: template.id, variables: { code: '2' } },
          { to: TO, body: 'plain', templateId: template.id },
          { to: TO, body: 'plain with variables', variables: { a: 'b' } },
          { to: TO, templateId: '0195f3a2-7c4e-7b8a-9d10-2f3e4a5b6c7d' },
        ],
      },
    });
    expect(batch.body.results.map((r: { status: number }) => r.status)).toEqual([202, 422, 400, 400, 404]);
    expect(batch.body.results[0].message.body).toBe('Code 1 for Bo');
    expect(batch.body.results[1].error.code).toBe('TEMPLATE_VARIABLE_MISSING');
    expect(await messagesWith('plain')).toEqual([]);
  });

  it("refuses a send of a missing variable or another account's template, writing nothing", async () => {
    const { body: template } = await create({ name: 'Strict', body: 'Dear {{name}}' });
    const before = await gw.footprint();
    const missing = await gw.request('POST', '/v1/messages', { token, json: { to: TO, templateId: template.id } });
    expect(missing.status).toBe(422);
    expect(missing.body.code).toBe('TEMPLATE_VARIABLE_MISSING');
    const other = await gw.createAccount('Template neighbour');
    const foreign = await gw.request('POST', '/v1/messages', {
      token: other.token,
      json: { to: TO, templateId: template.id, variables: { name: 'x' } },
    });
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('NOT_FOUND');
    expect((await gw.request('GET', `/v1/templates/${template.id}`, { token: other.token })).status).toBe(404);
    const preview = await gw.request('POST', `/v1/templates/${template.id}/preview`, { token: other.token, json: {} });
    expect(preview.status).toBe(404);
    const neither = await gw.request('POST', '/v1/messages', { token, json: { to: TO } });
    expect(neither.body.code).toBe('VALIDATION_FAILED');
    const both = await gw.request('POST', '/v1/messages', {
      token,
      json: { to: TO, body: 'x', templateId: template.id },
    });
    expect(both.body.code).toBe('VALIDATION_FAILED');
    expect(await gw.footprint()).toEqual({ ...before, accounts: before.accounts + 1, users: before.users + 1 });
  });

  it('keeps at most ACCOUNT_MAX_TEMPLATES per account: one more is 409 LIMIT_REACHED', async () => {
    const { token: own } = await gw.createAccount('Template limit');
    for (let i = 0; i < 8; i++) expect((await create({ name: `t${i}`, body: 'x' }, own)).status).toBe(201);
    const refused = await create({ name: 't8', body: 'x' }, own);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('LIMIT_REACHED');
  });

  it('does all of it through GraphQL too', async () => {
    const made = await gw.graphql(
      `mutation($input: CreateTemplateInput!) { createTemplate(input: $input) { id variables } }`,
      { input: { name: 'GraphQL', body: 'Hello {{who}}' } },
      token,
    );
    expect(made.body.errors).toBeUndefined();
    const id = made.body.data.createTemplate.id as string;
    const read = await gw.graphql(
      `query($id: ID!) { templates { name } template(id: $id) { body } templatePreview(id: $id, input: { variables: { who: "you" } }) { body segments } }`,
      { id },
      token,
    );
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data.template.body).toBe('Hello {{who}}');
    expect(read.body.data.templatePreview).toEqual({ body: 'Hello you', segments: 1 });
    const sent = await gw.graphql(
      `mutation($input: SendMessageInput!) { sendMessage(input: $input) { body templateId } }`,
      { input: { to: TO, templateId: id, variables: { who: 'GraphQL' } } },
      token,
    );
    expect(sent.body.data.sendMessage).toEqual({ body: 'Hello GraphQL', templateId: id });
    const updated = await gw.graphql(
      `mutation($input: UpdateTemplateInput!) { updateTemplate(input: $input) { name } }`,
      { input: { id, name: 'GraphQL renamed' } },
      token,
    );
    expect(updated.body.data.updateTemplate.name).toBe('GraphQL renamed');
    const deleted = await gw.graphql(
      `mutation($input: DeleteTemplateInput!) { deleteTemplate(input: $input) }`,
      { input: { id } },
      token,
    );
    expect(deleted.body.data.deleteTemplate).toBe(true);
    const missing = await gw.graphql(`query($id: ID!) { template(id: $id) { id } }`, { id }, token);
    expect(missing.body.errors[0].extensions.code).toBe('NOT_FOUND');
  });
});
