import { describe, expect, it } from 'vitest';
import { formatTraceparent, parseTraceparent, startPhoneSpan } from '../trace.js';

const PARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

describe('trace context on the phone', () => {
  it('parses a W3C traceparent and writes it back unchanged', () => {
    const context = parseTraceparent(PARENT);
    expect(context).toEqual({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: 1,
      isRemote: true,
    });
    expect(formatTraceparent(context!)).toBe(PARENT);
  });

  it.each([
    ['no value', undefined],
    ['the forbidden version ff', 'ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'],
    ['an all-zero trace id', '00-00000000000000000000000000000000-b7ad6b7169203331-01'],
    ['an all-zero span id', '00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01'],
    ['upper-case hex', '00-0AF7651916CD43DD8448EB211C80319C-B7AD6B7169203331-01'],
    ['a short span id', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b71692033-01'],
  ])('ignores %s', (_name, value) => {
    expect(parseTraceparent(value)).toBeUndefined();
  });

  it('starts no span without a parent, and without a tracer provider forwards the parent unchanged', () => {
    expect(startPhoneSpan('m1', {})).toBeUndefined();
    const span = startPhoneSpan('m1', { traceparent: PARENT, tracestate: 'vendor=1' });
    // No SDK is registered in this test: the span does not record, and the reports join the
    // server's span directly.
    expect(span?.carrier).toEqual({ traceparent: PARENT, tracestate: 'vendor=1' });
    span?.end({ status: 'sent' });
  });
});
