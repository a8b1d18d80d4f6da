import { describe, expect, it } from 'vitest';
import { mapHttpResponse, renderJsonBody, renderUrl, templateProblems, valueAtPath } from '../http/http-template.js';

const VALUES = { to: '+4915123456789', from: 'ACME & Co', body: 'Hi "you"\n/?#', messageId: 'm-1' };

describe('HTTP carrier templates and answers', () => {
  it('URL-encodes every value put into the URL', () => {
    expect(renderUrl('https://api.example.com/send?to={to}&from={from}&text={body}&ref={messageId}', VALUES)).toBe(
      'https://api.example.com/send?to=%2B4915123456789&from=ACME%20%26%20Co&text=Hi%20%22you%22%0A%2F%3F%23&ref=m-1',
    );
  });

  it('JSON-escapes every value put into the body template', () => {
    const body = renderJsonBody('{"to":"{to}","text":"{body}","meta":{"id":"{messageId}"}}', VALUES);
    expect(JSON.parse(body)).toEqual({ to: VALUES.to, text: VALUES.body, meta: { id: 'm-1' } });
  });

  it('refuses placeholders in the scheme, host or port, credentials in the URL, and a body that is not JSON', () => {
    expect(templateProblems('https://{to}.example.com/send', undefined)).toEqual([
      expect.objectContaining({ field: 'http.url' }),
    ]);
    expect(templateProblems('https://u:p@example.com/', undefined)[0].field).toBe('http.url');
    expect(templateProblems('ftp://example.com/', undefined)[0].field).toBe('http.url');
    expect(templateProblems('https://example.com/send', '{"text": {body}}')[0].field).toBe('http.bodyTemplate');
    expect(templateProblems('https://example.com/send/{to}?q={body}', '{"text":"{body}"}')).toEqual([]);
  });

  it('finds the message id at a dotted path, array indexes included', () => {
    expect(valueAtPath({ data: { messages: [{ id: 'abc' }] } }, 'data.messages.0.id')).toBe('abc');
    expect(valueAtPath({ id: 12345 }, 'id')).toBe('12345');
    expect(valueAtPath({ id: null }, 'id')).toBeUndefined();
    expect(valueAtPath('text', 'id')).toBeUndefined();
  });

  it('maps answers: success with the id, 4xx permanent, 408/429/5xx/3xx worth another try', () => {
    expect(mapHttpResponse(200, '{"result":{"id":"c-1"}}', { messageIdPath: 'result.id' })).toEqual({
      accepted: true,
      carrierMessageId: 'c-1',
    });
    expect(mapHttpResponse(202, 'not json', { messageIdPath: 'id' })).toEqual({ accepted: true });
    expect(mapHttpResponse(200, '', { successStatus: [201] })).toEqual({
      accepted: false,
      code: 'HTTP_200',
      permanent: false,
    });
    expect(mapHttpResponse(201, '', { successStatus: [201] })).toEqual({ accepted: true });
    expect(mapHttpResponse(400, '', {})).toEqual({ accepted: false, code: 'HTTP_400', permanent: true });
    expect(mapHttpResponse(401, '', {})).toMatchObject({ permanent: true });
    expect(mapHttpResponse(429, '', {})).toMatchObject({ permanent: false });
    expect(mapHttpResponse(408, '', {})).toMatchObject({ permanent: false });
    expect(mapHttpResponse(503, '', {})).toEqual({ accepted: false, code: 'HTTP_503', permanent: false });
    expect(mapHttpResponse(302, '', {})).toMatchObject({ permanent: false });
  });
});
