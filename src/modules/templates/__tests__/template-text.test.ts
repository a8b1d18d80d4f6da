import { describe, expect, it } from 'vitest';
import { TemplateText, TemplateVariableMissing } from '../template-text.js';

describe('TemplateText', () => {
  it('lists its variables once each, in order of first use', () => {
    expect(
      TemplateText.parse('Hi {{name}}, order {{order.id}} for {{ name }}: {{{code}}} {{& tail}}').variables,
    ).toEqual(['name', 'order.id', 'code', 'tail']);
  });

  it('fills values before defaults and escapes nothing (SMS is not HTML)', () => {
    const text = TemplateText.parse('Hi {{name}} & co: <b>{{code}}</b> at {{shop}}');
    expect(text.render({ name: 'Zoë <x>', code: 'A&B' }, { shop: 'Main St', name: 'friend' })).toBe(
      'Hi Zoë <x> & co: <b>A&B</b> at Main St',
    );
  });

  it('names every missing variable in TEMPLATE_VARIABLE_MISSING', () => {
    const text = TemplateText.parse('{{a}} {{b}} {{c}}');
    const error = (() => {
      try {
        text.render({ b: 'x' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(TemplateVariableMissing);
    expect(error).toMatchObject({ code: 'TEMPLATE_VARIABLE_MISSING', names: ['a', 'c'] });
    expect((error as Error).message).toContain('"a", "c"');
  });

  it('refuses sections, partials, comments, delimiter changes, bad names and unclosed tags', () => {
    for (const body of [
      '{{#vip}}Hi{{/vip}}',
      '{{^x}}y{{/x}}',
      '{{> footer}}',
      '{{! note}}',
      '{{=<% %>=}}',
      '{{1abc}}',
      'Hi {{name',
    ]) {
      expect(() => TemplateText.parse(body), body).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    }
  });

  it('keeps plain text as it is', () => {
    expect(TemplateText.parse('No variables here. {not one}').render({})).toBe('No variables here. {not one}');
  });
});
