import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate } from 'class-validator';
import { ValidationFailed } from './errors.js';
import { fieldErrors } from './validation.js';

/** Validates input that does not pass through Nest's pipe (socket events, job data) with the same rules. */
export async function validatePayload<T extends object>(cls: ClassConstructor<T>, input: unknown): Promise<T> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new ValidationFailed([{ field: '', message: 'payload must be an object' }]);
  }
  const instance = plainToInstance(cls, input);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
  if (errors.length > 0) throw new ValidationFailed(fieldErrors(errors));
  return instance;
}
