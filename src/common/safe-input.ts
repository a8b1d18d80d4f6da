import { AppError, ValidationFailed, type FieldError } from './errors.js';

/** JSON documents nest at most this deep (a request body, a GraphQL variables object, a socket payload). */
export const MAX_JSON_DEPTH = 32;

/**
 * How deep a JSON text nests, counted on the text before it is parsed (one pass, no recursion),
 * stopping as soon as `limit` is passed. Brackets inside strings do not count.
 */
export function exceedsJsonDepth(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}

function unsafeText(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain a NUL character';
  if (!text.isWellFormed()) return 'must not contain a lone UTF-16 surrogate';
  return null;
}

/**
 * The first string (value or object key) in `value` that PostgreSQL cannot store (NUL) or that is
 * not Unicode (a lone surrogate), or a nesting deeper than `maxDepth`: as a field error naming its
 * path (`metadata.list[1]`). Iterative, so no input can overflow the stack.
 */
export function findUnsafeInput(value: unknown, root = '', maxDepth = MAX_JSON_DEPTH): FieldError | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  while (stack.length > 0) {
    const { value: v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const problem = unsafeText(v);
      if (problem) return { field: path, message: `${path || 'the value'} ${problem}` };
    } else if (v !== null && typeof v === 'object') {
      if (depth >= maxDepth) {
        return { field: path, message: `${path || 'the value'} is nested more than ${maxDepth} levels deep` };
      }
      if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: `${path}[${i}]`, depth: depth + 1 });
      } else {
        const entries = Object.entries(v as Record<string, unknown>);
        for (let i = entries.length - 1; i >= 0; i--) {
          const [key, item] = entries[i];
          const problem = unsafeText(key);
          if (problem) return { field: path, message: `a key of ${path || 'the value'} ${problem}` };
          stack.push({ value: item, path: path ? `${path}.${key}` : key, depth: depth + 1 });
        }
      }
    }
  }
  return null;
}

/**
 * Throws the caller's error for unsafe input: INVALID_BODY for an SMS body (DESIGN.md §3 names NUL
 * and lone surrogates there), VALIDATION_FAILED naming the field everywhere else.
 */
export function assertSafeInput(value: unknown, root = '', maxDepth = MAX_JSON_DEPTH): void {
  const problem = findUnsafeInput(value, root, maxDepth);
  if (!problem) return;
  if (/(^|\.)body$/.test(problem.field)) throw new AppError('INVALID_BODY', problem.message);
  throw new ValidationFailed([problem], problem.message);
}
