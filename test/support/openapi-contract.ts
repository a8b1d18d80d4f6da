import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats';

// ajv-formats is CommonJS: under ESM its function may be the default export's `default`.
const addFormats = ((addFormatsModule as unknown as { default?: FormatsPlugin }).default ??
  addFormatsModule) as unknown as FormatsPlugin;

/**
 * The contract check of the e2e suite: every answer a test receives through `TestGateway.request`
 * must be one the OpenAPI document (served at /docs/openapi.json) describes for its operation and
 * status: a documented status, a documented content type, a body that validates against the
 * documented schema (JSON Schema 2020-12, the dialect of OpenAPI 3.1), and for problems a `code`
 * the operation lists. Named object schemas are checked closed here (no member the document does
 * not name), so a field the code sends but the document forgets fails too; the served document
 * stays open, as clients expect.
 */

/** Outside the REST contract: GraphQL (and GraphiQL), probes, metrics, the docs themselves, the queue dashboard. */
const OUTSIDE = /^\/(graphql|graphiql|health|metrics|docs|admin\/queues)(\/|$|\?)/;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Operation {
  template: string;
  method: string;
  regex: RegExp;
  params: number;
  responses: Record<string, JsonObject>;
}

export class ContractViolation extends Error {
  override name = 'ContractViolation';
}

const SCHEMAS_ID = 'https://sms-gateway.invalid/schemas';
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A deep copy with `#/components/schemas/X` pointing into the schemas resource and OpenAPI's extensions dropped. */
function rewrite(node: Json, closeObjects: boolean): Json {
  if (Array.isArray(node)) return node.map((n) => rewrite(n, closeObjects));
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-')) continue;
    if (key === '$ref' && typeof value === 'string') {
      out.$ref = value.replace('#/components/schemas/', `${SCHEMAS_ID}#/$defs/`);
    } else if (key === 'properties' && isObject(value)) {
      // Property names are data, not keywords: rewrite the schemas under them, keep the names.
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v, false)]));
    } else if (key === 'example' || key === 'examples' || key === 'enum' || key === 'const' || key === 'default') {
      out[key] = value;
    } else {
      out[key] = rewrite(value, false);
    }
  }
  const isObjectSchema = out.type === 'object' || (Array.isArray(out.type) && out.type.includes('object'));
  if (closeObjects && isObjectSchema && isObject(out.properties) && out.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  return out;
}

function mediaTypeOf(headers: Headers): string | undefined {
  return headers.get('content-type')?.split(';')[0].trim().toLowerCase() || undefined;
}

function isJsonMediaType(type: string): boolean {
  return type === 'application/json' || type.endsWith('+json');
}

function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .slice(0, 8)
    .map((e) => `  ${e.instancePath || '(body)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
    .join('\n');
}

export class OpenApiContract {
  private readonly ajv: Ajv2020;
  private readonly operations: Operation[] = [];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(readonly document: JsonObject) {
    this.ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false });
    addFormats(this.ajv);
    // OpenAPI's own annotations inside schemas.
    for (const keyword of ['example', 'discriminator', 'xml', 'externalDocs']) this.ajv.addKeyword(keyword);
    const components = isObject(document.components) ? document.components : {};
    const schemas = isObject(components.schemas) ? components.schemas : {};
    const defs = Object.fromEntries(Object.entries(schemas).map(([name, s]) => [name, rewrite(s, true)]));
    this.ajv.addSchema({ $id: SCHEMAS_ID, $defs: defs });

    const paths = isObject(document.paths) ? document.paths : {};
    for (const [template, item] of Object.entries(paths)) {
      if (!isObject(item)) continue;
      const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
      for (const method of HTTP_METHODS) {
        const operation = item[method];
        if (!isObject(operation) || !isObject(operation.responses)) continue;
        this.operations.push({
          template,
          method,
          regex: new RegExp(`^${pattern}$`),
          params: (template.match(/\{/g) ?? []).length,
          responses: operation.responses as Record<string, JsonObject>,
        });
      }
    }
    // Literal segments win over parameters, as in the router (`/v1/messages/dead-letters` before `/{id}`).
    this.operations.sort((a, b) => a.params - b.params);
  }

  static async load(baseUrl: string): Promise<OpenApiContract> {
    const res = await fetch(`${baseUrl}/docs/openapi.json`);
    if (res.status !== 200) throw new Error(`GET /docs/openapi.json answered ${res.status}`);
    return new OpenApiContract((await res.json()) as JsonObject);
  }

  /** The operation a request reaches, by method and path template. */
  operationFor(method: string, path: string): Operation | undefined {
    const pathname = path.split('?')[0];
    return this.operations.find((o) => o.method === method.toLowerCase() && o.regex.test(pathname));
  }

  private validator(key: string, schema: Json): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(rewrite(schema, false) as JsonObject);
      this.validators.set(key, validate);
    }
    return validate;
  }

  /** Throws a ContractViolation when the answer is not one the document describes. */
  check(method: string, path: string, status: number, headers: Headers, text: string, body: unknown): void {
    const pathname = path.split('?')[0];
    if (OUTSIDE.test(pathname)) return;
    const where = `${method.toUpperCase()} ${path} → ${status}`;
    const fail = (why: string): never => {
      throw new ContractViolation(`OpenAPI contract: ${where}: ${why}\n  body: ${text.slice(0, 600)}`);
    };
    const operation = this.operationFor(method, pathname);
    if (!operation) {
      // No such route: the router's 404, the same problem whatever the path.
      if (status !== 404 || !isObject(body) || body.code !== 'NOT_FOUND') {
        fail('no operation in the document has this method and path');
      }
      const validate = this.validator('Problem', { $ref: '#/components/schemas/Problem' });
      if (!validate(body)) fail(`the body is not a Problem:\n${describeErrors(validate.errors)}`);
      return;
    }
    const response =
      operation.responses[String(status)] ??
      operation.responses[`${Math.floor(status / 100)}XX`] ??
      operation.responses.default;
    if (!response) {
      fail(`status ${status} is not documented for ${operation.method.toUpperCase()} ${operation.template}`);
    }
    const content = isObject(response.content) ? response.content : undefined;
    if (!content) {
      if (text !== '') fail('the document says this answer has no body');
      return;
    }
    const mediaType = mediaTypeOf(headers);
    if (!mediaType) fail('the answer has no Content-Type');
    const media = content[mediaType!];
    if (!isObject(media)) {
      return fail(`content type ${mediaType} is not documented (documented: ${Object.keys(content).join(', ')})`);
    }
    if (!isJsonMediaType(mediaType!) || media.schema === undefined) return;
    const key = `${operation.method} ${operation.template} ${status} ${mediaType}`;
    const validate = this.validator(key, media.schema);
    if (!validate(body)) {
      fail(`the body does not match the documented schema:\n${describeErrors(validate.errors)}`);
    }
  }
}
