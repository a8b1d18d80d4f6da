import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestGateway } from '../support/gateway.js';

describe('a body measured before sending (POST /v1/messages/preview, GraphQL messagePreview)', () => {
  let gw: TestGateway;
  let owner: string;

  beforeAll(async () => {
    gw = await TestGateway.start();
    owner = await gw.login();
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('answers the encoding and segments a send would use, in REST and GraphQL alike, and stores nothing', async () => {
    const before = await gw.footprint();
    const body = `Привет ${'x'.repeat(70)}`;
    const rest = await gw.request('POST', '/v1/messages/preview', { token: owner, json: { body } });
    expect(rest.status).toBe(200);
    expect(rest.body).toEqual({
      encoding: 'UCS-2',
      segments: 2,
      characters: 77,
      charactersPerSegment: 67,
      remainingInSegment: 57,
      maxSegments: 10,
    });
    const gql = await gw.graphql(
      'query($body: String!) { messagePreview(body: $body) { encoding segments characters charactersPerSegment remainingInSegment maxSegments } }',
      { body },
      owner,
    );
    expect(gql.body.data.messagePreview).toEqual(rest.body);
    expect(await gw.footprint()).toEqual(before);
  });

  it('refuses a control character with INVALID_BODY and a body over 4,096 characters with VALIDATION_FAILED', async () => {
    const control = await gw.request('POST', '/v1/messages/preview', { token: owner, json: { body: 'a\u0007' } });
    expect(control.status).toBe(422);
    expect(control.body.code).toBe('INVALID_BODY');
    const huge = await gw.request('POST', '/v1/messages/preview', { token: owner, json: { body: 'a'.repeat(4097) } });
    expect(huge.status).toBe(400);
    expect(huge.body.code).toBe('VALIDATION_FAILED');
    const gql = await gw.graphql('{ messagePreview(body: "a\\u0000") { segments } }', {}, owner);
    expect(gql.body.errors[0].extensions.code).toBe('INVALID_BODY');
  });

  it('is for callers who may send: a viewer is refused', async () => {
    const viewer = await gw.addMember(owner, 'viewer');
    const res = await gw.request('POST', '/v1/messages/preview', { token: viewer.accessToken, json: { body: 'hi' } });
    expect(res.status).toBe(403);
  });
});
