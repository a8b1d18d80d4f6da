import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { ValidationFailed, type FieldError } from './errors.js';
import { assertSafeInput } from './safe-input.js';
import { memoizeValidationMetadata } from './validation-metadata-cache.js';

// The pipe and validatePayload (which imports this module) share class-validator's memoized lookups.
memoizeValidationMetadata();

/**
 * Fields of a DTO whose items the service validates one by one (a batch: one bad item fails only
 * itself), so the pipe leaves their text to that per-item check.
 */
export const CHECKED_PER_ITEM = Symbol('checkedPerItem');
type PerItem = { [CHECKED_PER_ITEM]?: readonly string[] };

const WALKED = new Set<unknown>(['body', 'query', 'param']);

/**
 * Every argument (body, query, path parameter, GraphQL input) is refused when a string in it holds NUL or a
 * lone surrogate, or when it nests too deep: before class-validator and class-transformer walk
 * it, and before any of it can reach a shared INSERT.
 */
class SafeValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Not custom decorators (ours, not the caller's), nor a body typed `unknown`: Nest names socket
    // payloads and GraphQL arguments `body` too, and validatePayload checks those untyped inputs.
    const untyped = metadata.metatype === undefined || metadata.metatype === Object;
    if (!WALKED.has(metadata.type) || (metadata.type === 'body' && untyped)) return super.transform(value, metadata);
    const perItem = (metadata.metatype as PerItem | undefined)?.[CHECKED_PER_ITEM];
    if (perItem && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const rest = Object.fromEntries(Object.entries(value).filter(([key]) => !perItem.includes(key)));
      assertSafeInput(rest);
    } else {
      assertSafeInput(value, metadata.type === 'param' && metadata.data ? metadata.data : '');
    }
    return super.transform(value, metadata);
  }
}

function fieldErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([rule, message]) => ({
      field,
      message: rule === 'whitelistValidation' ? `${field} is not an allowed field` : message,
    }));
    return own.concat(fieldErrors(e.children ?? [], field));
  });
}

/** The global pipe (STYLE.md): unknown fields are refused, not stripped, so mass assignment fails loudly. */
export function createValidationPipe(): ValidationPipe {
  return new SafeValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailed(fieldErrors(errors)),
  });
}

export { fieldErrors };
