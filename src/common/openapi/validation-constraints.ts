import { getMetadataStorage } from 'class-validator';
import type { ParameterObject, SchemaObject } from '@nestjs/swagger';

/**
 * The request schemas take their limits from the class-validator rules that enforce them, so the
 * document cannot promise a limit the pipe does not apply (or miss one it does). `@ApiProperty`
 * on a DTO field says what class-validator cannot: the type, nullability, a description, an
 * example. Explicit values in `@ApiProperty` win.
 */

/** One class-validator rule (the type is not exported from the package's entry point). */
type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

type Schema = SchemaObject & { type?: string | string[]; const?: unknown };

/** class-validator keeps its rules by class in a private map; there is no public way to list the classes. */
function validatedClasses(): Function[] {
  const storage = getMetadataStorage() as unknown as { validationMetadatas?: Map<Function | string, unknown> };
  if (!(storage.validationMetadatas instanceof Map)) {
    throw new Error('class-validator changed its metadata storage: update validation-constraints.ts');
  }
  return [...storage.validationMetadatas.keys()].filter((k): k is Function => typeof k === 'function');
}

export function rulesOf(cls: Function): Map<string, ValidationMetadata[]> {
  const rules = getMetadataStorage().getTargetValidationMetadatas(cls, '', false, false);
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const rule of rules) {
    const list = byProperty.get(rule.propertyName) ?? [];
    list.push(rule);
    byProperty.set(rule.propertyName, list);
  }
  return byProperty;
}

function setIfAbsent<K extends keyof Schema>(schema: Schema, key: K, value: Schema[K]): void {
  if (schema[key] === undefined) schema[key] = value;
}

function isNumeric(schema: Schema): boolean {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return types.includes('integer') || types.includes('number');
}

/** Rules whose first constraint is a limit of the value (or, with `each`, of each item), by keyword. */
const VALUE_LIMITS = new Map<string, 'minLength' | 'maxLength' | 'minimum' | 'maximum'>([
  ['minLength', 'minLength'],
  ['maxLength', 'maxLength'],
  ['min', 'minimum'],
  ['max', 'maximum'],
]);

/** Rules whose first constraint is a limit of the array itself, by keyword. */
const ARRAY_LIMITS = new Map<string, 'minItems' | 'maxItems'>([
  ['arrayMinSize', 'minItems'],
  ['arrayMaxSize', 'maxItems'],
]);

/** Rules that are a string format of the value (or, with `each`, of each item). */
const FORMATS = new Map<string, string>([
  ['isUuid', 'uuid'],
  ['isEmail', 'email'],
  ['isUrl', 'uri'],
  ['isIso8601', 'date-time'],
]);

/** One class-validator rule as JSON Schema keywords on the value (or, with `each`, on the items). */
function applyRule(schema: Schema, rule: ValidationMetadata): void {
  const target: Schema = rule.each && schema.items && !('$ref' in schema.items) ? schema.items : schema;
  const [first, second] = (rule.constraints ?? []) as unknown[];
  const name = rule.name ?? '';
  const valueLimit = VALUE_LIMITS.get(name);
  if (valueLimit) return setIfAbsent(target, valueLimit, first as number);
  const arrayLimit = ARRAY_LIMITS.get(name);
  if (arrayLimit) return setIfAbsent(schema, arrayLimit, first as number);
  const format = FORMATS.get(name);
  if (format) return setIfAbsent(target, 'format', format);
  switch (name) {
    case 'isIn':
      setIfAbsent(target, 'enum', [...(first as readonly unknown[])]);
      break;
    case 'isInt':
      if (!isNumeric(target) || target.type === 'number') target.type = 'integer';
      break;
    case 'arrayUnique':
      // With a selector, items are unique by one field only: not JSON Schema's whole-item uniqueness.
      if (typeof first !== 'function') setIfAbsent(schema, 'uniqueItems', true);
      break;
    case 'matches': {
      const pattern =
        first instanceof RegExp
          ? first
          : typeof first === 'string'
            ? new RegExp(first, typeof second === 'string' ? second : '')
            : null;
      // A flag (i, m…) has no JSON Schema equivalent: such a rule is left to the description.
      if (pattern && pattern.flags === '') setIfAbsent(target, 'pattern', pattern.source);
      break;
    }
    default:
      break;
  }
}

/** Optional when any rule is conditional (`@IsOptional`, `@ValidateIf`): the pipe lets it be left out. */
export function isOptional(rules: ValidationMetadata[]): boolean {
  return rules.some((r) => r.type === 'conditionalValidation');
}

/** `@IsOptional` also lets null through (class-validator skips the other rules for null and undefined). */
function acceptsNull(rules: ValidationMetadata[]): boolean {
  return rules.some((r) => r.type === 'conditionalValidation' && r.name === 'isOptional');
}

function addNull(schema: Schema): Schema {
  if ('$ref' in schema || schema.allOf || schema.oneOf) {
    if (schema.anyOf) return schema;
    return { anyOf: [schema, { type: 'null' }] };
  }
  if (schema.anyOf) {
    if (!schema.anyOf.some((s) => (s as Schema).type === 'null')) schema.anyOf.push({ type: 'null' });
    return schema;
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.includes('null')) schema.type = [...types, 'null'];
  }
  const values: unknown[] | undefined = schema.enum;
  if (Array.isArray(values) && !values.includes(null)) schema.enum = [...values, null];
  return schema;
}

/** The rules of one DTO class onto its component schema: limits, formats, and which fields are required. */
export function applyToObjectSchema(schema: Schema, cls: Function): void {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const required: string[] = [];
  for (const [name, rules] of rulesOf(cls)) {
    const property = properties[name];
    if (!property) continue;
    for (const rule of rules) applyRule(property, rule);
    if (acceptsNull(rules)) properties[name] = addNull(property);
    if (!isOptional(rules)) required.push(name);
  }
  // Properties without any rule keep what @ApiProperty said.
  const unruled = (schema.required ?? []).filter((name) => !rulesOf(cls).has(name));
  const all = [...new Set([...unruled, ...required])];
  if (all.length > 0) schema.required = all;
  else delete schema.required;
}

/** Every DTO class whose schema the document holds, by its schema name (the class name). */
export function applyToComponents(schemas: Record<string, Schema>): void {
  for (const cls of validatedClasses()) {
    const schema = schemas[cls.name];
    if (schema && schema.properties) applyToObjectSchema(schema, cls);
  }
}

/** A query DTO's rules onto the operation's query parameters. */
export function applyToQueryParameters(parameters: ParameterObject[], cls: Function): void {
  for (const [name, rules] of rulesOf(cls)) {
    const parameter = parameters.find((p) => p.in === 'query' && p.name === name);
    if (!parameter?.schema || '$ref' in parameter.schema) continue;
    for (const rule of rules) applyRule(parameter.schema, rule);
    parameter.required = !isOptional(rules);
  }
}
