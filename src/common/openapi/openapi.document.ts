import { RequestMethod, type INestApplication, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { ModulesContainer } from '@nestjs/core';
import {
  DocumentBuilder,
  getSchemaPath,
  SwaggerModule,
  type OpenAPIObject,
  type OperationObject,
  type ParameterObject,
  type ResponseObject,
  type SchemaObject,
} from '@nestjs/swagger';
import { PUBLIC_KEY, SCOPES_KEY } from '@/common/auth.decorators.js';
import { describeCode, type ErrorCode } from '@/common/errors.js';
import { SCOPES, type Scope } from '@/modules/auth/scopes.js';
import { API_PROBLEMS_KEY, type ApiProblemsMetadata } from './api-problems.decorator.js';
import { ERROR_CODES, exampleProblem, OAuthProblemResponse, ProblemResponse } from './problem.response.js';
import { applyToComponents, applyToQueryParameters } from './validation-constraints.js';
import { addWebhooks, WEBHOOK_MODELS } from './webhooks.document.js';

export const DOCS_PATH = '/docs';
export const DOCUMENT_PATH = '/docs/openapi.json';
export const BEARER = 'bearer';
export const OAUTH2 = 'oauth2';

const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  'messages:send': 'Send, cancel and retry messages',
  'messages:read': 'Read messages, their events and received SMS',
  'devices:read': 'Read phones and their live state',
  'devices:write': 'Create, pair, change and revoke phones',
  'suppressions:read': 'Read the opt-out list',
  'suppressions:write': 'Add to and remove from the opt-out list',
  'webhooks:write': 'Manage webhook endpoints and their deliveries',
  admin: 'Everything, including people, OAuth clients, routes, carriers and the audit trail',
};

const DESCRIPTION = `The SMS gateway's REST API (v1). Every change is also a GraphQL operation at \`/graphql\`.

**Authentication.** Console users sign in with \`POST /v1/auth/login\`; machines use OAuth2 client
credentials at \`POST /v1/oauth/token\`. Either way, send \`Authorization: Bearer <accessToken>\`.
Each operation lists the scopes it needs (\`admin\` implies every scope).

**Errors** are \`application/problem+json\` with a stable \`code\`; each operation lists the codes it can
answer. Bad input never gets a 5xx and never writes anything.

**Lists** answer \`{data, nextCursor}\`; pass \`nextCursor\` as \`cursor\` for the next page.`;

type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** One REST route as Nest knows it, with the metadata the document derives from. */
export interface RouteInfo {
  method: HttpMethod;
  /** The OpenAPI path template (`/v1/messages/{id}`). */
  path: string;
  controller: Function;
  handlerName: string;
  handler: Function;
  public: boolean;
  scopes: Scope[] | undefined;
}

function joinPath(...parts: string[]): string {
  const joined = `/${parts.join('/')}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
  return joined.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function metadataOf<T>(key: string, handler: Function, controller: Function): T | undefined {
  return (
    (Reflect.getMetadata(key, handler) as T | undefined) ?? (Reflect.getMetadata(key, controller) as T | undefined)
  );
}

/** Every REST route of every controller, from Nest's own metadata (what the router registered). */
export function listRoutes(app: INestApplication): RouteInfo[] {
  const routes: RouteInfo[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype;
      if (!controller) continue;
      const base = (Reflect.getMetadata(PATH_METADATA, controller) as string | undefined) ?? '';
      const proto = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (path === undefined || method === undefined) continue;
        routes.push({
          method: RequestMethod[method].toLowerCase() as HttpMethod,
          path: joinPath(base, path),
          controller,
          handlerName: name,
          handler,
          public: metadataOf<boolean>(PUBLIC_KEY, handler, controller) === true,
          scopes: metadataOf<Scope[]>(SCOPES_KEY, handler, controller),
        });
      }
    }
  }
  return routes;
}

/** The class of the handler's `@Query()` DTO, if it takes one whole. */
function queryDtoOf(route: RouteInfo): Function | undefined {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, route.controller, route.handlerName) ?? {}) as Record<
    string,
    { index: number; data?: unknown }
  >;
  const types = (Reflect.getMetadata('design:paramtypes', route.controller.prototype as object, route.handlerName) ??
    []) as Function[];
  for (const [key, arg] of Object.entries(args)) {
    if (Number(key.split(':')[0]) === (RouteParamtypes.QUERY as number) && arg.data === undefined) {
      const type = types[arg.index];
      if (type && type !== Object) return type;
    }
  }
  return undefined;
}

/** The codes a route can answer whatever it does, from what it takes and who may call it. */
function automaticCodes(route: RouteInfo, operation: OperationObject): ErrorCode[] {
  const codes: ErrorCode[] = ['RATE_LIMITED', 'INTERNAL'];
  if (!route.public) codes.push('UNAUTHENTICATED');
  if (!route.public && route.scopes && route.scopes.length > 0) codes.push('FORBIDDEN');
  if (operation.requestBody)
    codes.push('MALFORMED_JSON', 'UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE', 'VALIDATION_FAILED');
  const parameters = (operation.parameters ?? []) as ParameterObject[];
  if (parameters.some((p) => p.in === 'query')) codes.push('VALIDATION_FAILED');
  if (parameters.some((p) => p.in === 'path')) codes.push('NOT_FOUND');
  return codes;
}

/** `application/problem+json` answers, one per status, each narrowing `code` to the route's codes of that status. */
function problemResponses(codes: ErrorCode[], schema: Type<ProblemResponse>): Record<string, ResponseObject> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set(codes)) {
    const { status } = describeCode(code);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Record<string, ResponseObject> = {};
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    list.sort();
    responses[String(status)] = {
      description: list.map((c) => `\`${c}\``).join(', '),
      ...(status === 429
        ? { headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } } }
        : {}),
      content: {
        'application/problem+json': {
          schema: {
            allOf: [
              { $ref: getSchemaPath(schema) },
              { type: 'object', properties: { status: { const: status }, code: { enum: list } } },
            ],
          } as SchemaObject,
          examples: Object.fromEntries(list.map((c) => [c, { $ref: `#/components/examples/${c}` }])),
        },
      },
    };
  }
  return responses;
}

function scopeText(route: RouteInfo): string {
  if (route.public) return 'Public: no token needed.';
  if (!route.scopes || route.scopes.length === 0) return 'Any valid token.';
  return `Needs the scope ${route.scopes.map((s) => `\`${s}\``).join(' and ')} (\`admin\` implies every scope).`;
}

/** Security, problem answers and query limits per operation, from each route's metadata. */
function applyRoutes(document: OpenAPIObject, routes: RouteInfo[]): void {
  for (const route of routes) {
    const operation = document.paths[route.path]?.[route.method];
    if (!operation) throw new Error(`The OpenAPI document misses ${route.method.toUpperCase()} ${route.path}`);
    operation.security = route.public ? [] : [{ [BEARER]: route.scopes ?? [] }, { [OAUTH2]: route.scopes ?? [] }];
    operation.description = [operation.description, scopeText(route)].filter(Boolean).join('\n\n');
    const query = queryDtoOf(route);
    if (query) applyToQueryParameters((operation.parameters ?? []) as ParameterObject[], query);
    const declared = metadataOf<ApiProblemsMetadata>(API_PROBLEMS_KEY, route.handler, route.controller);
    const codes = [...automaticCodes(route, operation), ...(declared?.codes ?? [])];
    Object.assign(operation.responses, problemResponses(codes, declared?.schema ?? ProblemResponse));
  }
}

/**
 * The OpenAPI 3.1 document of the REST API, generated from the controllers, DTOs and response
 * classes (`@nestjs/swagger`), then completed from the same metadata the guards and pipes use:
 * security and scopes from @Public / @RequireScopes, limits from class-validator, problem codes.
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('SMS gateway')
    .setDescription(DESCRIPTION)
    .setVersion('1')
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The accessToken of /v1/auth/login' },
      BEARER,
    )
    .addOAuth2(
      {
        type: 'oauth2',
        description: 'Machine clients (create one with POST /v1/oauth-clients)',
        flows: {
          clientCredentials: {
            tokenUrl: '/v1/oauth/token',
            scopes: Object.fromEntries(SCOPES.map((s) => [s, SCOPE_DESCRIPTIONS[s]])),
          },
        },
      },
      OAUTH2,
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ProblemResponse, OAuthProblemResponse, ...WEBHOOK_MODELS],
    operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
  });
  applyToComponents((document.components?.schemas ?? {}) as Record<string, SchemaObject>);
  applyRoutes(document, listRoutes(app));
  // One example problem per code, referenced by the operations that answer it.
  document.components = {
    ...document.components,
    examples: Object.fromEntries(ERROR_CODES.map((c) => [c, { summary: c, value: exampleProblem(c) }])),
  };
  addWebhooks(document);
  return document;
}

/** `GET /docs` (Swagger UI, its assets from swagger-ui-dist: no CDN) and `GET /docs/openapi.json`; both public. */
export function mountOpenApi(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, () => createOpenApiDocument(app), {
    jsonDocumentUrl: DOCUMENT_PATH,
    raw: ['json'],
    customSiteTitle: 'SMS gateway API',
    swaggerOptions: { persistAuthorization: false, displayOperationId: false, tryItOutEnabled: false },
  });
}
