import 'reflect-metadata';
import { getMetadataStorage, IsInt, IsString, validate } from 'class-validator';
import { describe, expect, it } from 'vitest';
import { memoizeValidationMetadata } from '../validation-metadata-cache.js';

const options = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };
/** Each failed property with the rules it broke, as `property:rule`. */
const failed = async (object: object) =>
  (await validate(object, options)).flatMap((e) =>
    Object.keys(e.constraints ?? {}).map((rule) => `${e.property}:${rule}`),
  );

describe('memoized class-validator lookups', () => {
  memoizeValidationMetadata();
  memoizeValidationMetadata(); // idempotent: the storage is patched once

  it('answers the same rules for the same class and options without looking them up again', () => {
    class Probe {
      @IsString()
      name!: string;
    }
    const storage = getMetadataStorage();
    const first = storage.getTargetValidationMetadatas(Probe, '', true, false);
    expect(first.map((m) => m.propertyName)).toEqual(['name']);
    expect(storage.getTargetValidationMetadatas(Probe, '', true, false)).toBe(first);
    expect(storage.groupByPropertyName(first)).toBe(storage.groupByPropertyName(first));
  });

  it('validates as class-validator does, inherited rules included', async () => {
    class Base {
      @IsString()
      name!: unknown;
    }
    class Child extends Base {
      @IsInt()
      count!: unknown;
    }
    expect(await failed(Object.assign(new Base(), { name: 1 }))).toEqual(['name:isString']);
    expect(await failed(Object.assign(new Child(), { name: 'x', count: 'many' }))).toEqual(['count:isInt']);
    expect(await failed(Object.assign(new Child(), { name: 2, count: 3 }))).toEqual(['name:isString']);
    expect(await failed(Object.assign(new Child(), { name: 'x', count: 3, extra: true }))).toEqual([
      'extra:whitelistValidation',
    ]);
  });

  it('sees a rule registered after the class was first validated', async () => {
    class Late {
      @IsString()
      name!: unknown;
      count!: unknown;
    }
    expect(await failed(Object.assign(new Late(), { name: 'x' }))).toEqual([]);
    IsInt()(Late.prototype, 'count');
    // Not `whitelistValidation` (no rule known for it): the new rule itself.
    expect(await failed(Object.assign(new Late(), { name: 'x', count: 'many' }))).toEqual(['count:isInt']);
  });
});
