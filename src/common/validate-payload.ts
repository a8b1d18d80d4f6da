import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate } from 'class-validator';
import { ValidationFailed } from './errors.js';
import { assertSafeInput } from './safe-input.js';
import { fieldErrors } from './validation.js';

/** Validates input that does not pass through Nest's pipe (socket events, job data) with the same rules. */
export async function validatePayload<T extends object>(cls: ClassConstructor<T>, input: unknown): Promise<T> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new ValidationFailed([{ field: '', message: 'payload must be an object' }]);
  }
  assertSafeInput(input);
  const instance = plainToInstance(cls, input);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length > 0) throw new ValidationFailed(fieldErrors(errors));
  return instance;
}

/**
 * The body of a change to an object named by id, validated after the object is looked up (a
 * REST route's body typed `unknown`, so the global pipe leaves it alone): another account's id is
 * NOT_FOUND whatever the body holds, as on every id-bearing route (tenant-walk test).
 */
export async function validateAfterLookup<T extends object>(
  lookup: () => Promise<unknown>,
  cls: ClassConstructor<T>,
  input: unknown,
): Promise<T> {
  await lookup();
  return validatePayload(cls, input);
}

/**
 * A GraphQL `input` argument that the resolver validates itself, with validatePayload after the
 * id is looked up, as the REST PATCH routes validate their body: another account's id is then
 * NOT_FOUND whatever the input holds. The global pipe validates class-typed arguments only, so a
 * parameter of this plain type reaches the resolver as sent (GraphQL has checked the field types).
 */
export type UncheckedInput<Id = string> = { id: Id } & Record<string, unknown>;
