import Mustache from 'mustache';
import { AppError, ValidationFailed } from '@/common/errors.js';

/** A variable's name: a letter or `_`, then up to 63 letters, digits, `_`, `.` or `-`. */
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;
export const MAX_TEMPLATE_BODY = 10_000;

type Token = [type: string, value: string, ...rest: unknown[]];

/** 422 TEMPLATE_VARIABLE_MISSING: a send or preview lacks a variable the template needs. */
export class TemplateVariableMissing extends AppError {
  constructor(readonly names: string[]) {
    super(
      'TEMPLATE_VARIABLE_MISSING',
      `The template needs ${names.map((n) => `"${n}"`).join(', ')}: give ${names.length === 1 ? 'it' : 'them'} in variables`,
      names.map((name) => ({ field: `variables.${name}`, message: `${name} is missing` })),
    );
  }
}

/**
 * A template body in Mustache's logic-less syntax reduced to what SMS needs: text and
 * `{{variable}}` (also `{{{variable}}}` and `{{& variable}}`, the same here: nothing is
 * HTML-escaped). Sections, partials, comments and delimiter changes are refused, so a template is
 * never code. Parsing is Mustache's own (the `mustache` package); rendering joins the tokens.
 */
export class TemplateText {
  private constructor(private readonly tokens: Token[]) {}

  static parse(body: string, field = 'body'): TemplateText {
    let tokens: Token[];
    try {
      tokens = Mustache.parse(body);
    } catch (error) {
      throw new ValidationFailed([{ field, message: `${field} is not a valid template: ${(error as Error).message}` }]);
    }
    for (const [type, value] of tokens) {
      if (type === 'text') continue;
      if (type !== 'name' && type !== '&') {
        throw new ValidationFailed([
          { field, message: `${field} may only hold text and {{variables}} (no sections, partials or comments)` },
        ]);
      }
      if (!VARIABLE_NAME.test(value)) {
        throw new ValidationFailed([{ field, message: `"${value}" is not a variable name (letters, digits, _ . -)` }]);
      }
    }
    return new TemplateText(tokens);
  }

  /** The variables the body uses, each once, in order of first use. */
  get variables(): string[] {
    return [...new Set(this.tokens.filter(([type]) => type !== 'text').map(([, value]) => value))];
  }

  /** The text with every variable filled from `values`, then `defaults`; TEMPLATE_VARIABLE_MISSING names the rest. */
  render(values: Record<string, string>, defaults: Record<string, string> = {}): string {
    const value = (name: string): string | undefined =>
      Object.hasOwn(values, name) ? values[name] : Object.hasOwn(defaults, name) ? defaults[name] : undefined;
    const missing = this.variables.filter((name) => value(name) === undefined);
    if (missing.length > 0) throw new TemplateVariableMissing(missing);
    return this.tokens.map(([type, text]) => (type === 'text' ? text : value(text)!)).join('');
  }
}
