import { applyDecorators, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, type Type } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  type ExamplesObject,
} from '@nestjs/swagger';
import type { Scope } from '@/modules/auth/scopes.js';
import { RequireScopes } from './auth.decorators.js';
import type { ErrorCode } from './errors.js';
import { ApiProblems } from './openapi/api-problems.decorator.js';

export interface ResourceRoutesOptions {
  /** What every route of the controller requires, unless a route names its own. */
  scope: Scope;
  /** The OpenAPI description of the `:id` path parameter: "The carrier id". */
  id: string;
  /** The error of an id that names nothing in the caller's account (NOT_FOUND). */
  notFound: () => Error;
}

interface RouteOptions {
  summary: string;
  /** Instead of the controller's scope. */
  scope?: Scope;
}

interface BodyOptions {
  body: Type;
  examples?: ExamplesObject;
  /** The codes the route answers besides the automatic ones (ApiProblems). */
  problems?: ErrorCode[];
}

/**
 * The decorators of a controller over one kind of object in the caller's account (`/v1/carriers`,
 * `/v1/routes`…): its list, create, `GET`, `PATCH` and `DELETE :id` routes, and the `:id` of its
 * other routes. Each route states only what is its own (summary, body, answer); its access rule,
 * OpenAPI description and id parsing are made here, the same for every such controller.
 */
export function resourceRoutes({ scope, id, notFound }: ResourceRoutesOptions) {
  // A malformed id cannot name anything in the caller's account: 404, as for another account's id.
  const uuid = new ParseUUIDPipe({ exceptionFactory: notFound });
  const IdParam = () => ApiParam({ name: 'id', format: 'uuid', description: id });
  const common = (o: RouteOptions) => [RequireScopes(o.scope ?? scope), ApiOperation({ summary: o.summary })];
  const problems = (o: BodyOptions) => (o.problems ? [ApiProblems(...o.problems)] : []);
  return {
    /** The `:id` argument of a handler, a UUID (a malformed one is NOT_FOUND). */
    Id: () => Param('id', uuid),
    /** The OpenAPI description of `:id`, for the controller's other id-bearing routes. */
    IdParam,
    /** `GET /`: the whole list, answered `{data, nextCursor: null}`. */
    List: (o: RouteOptions & { type: Type }) => applyDecorators(Get(), ...common(o), ApiOkResponse({ type: o.type })),
    /** `POST /`: `201` with the new object. */
    Create: (o: RouteOptions & BodyOptions & { type: Type }) =>
      applyDecorators(
        Post(),
        HttpCode(201),
        ...common(o),
        ApiBody({ type: o.body, examples: o.examples }),
        ApiCreatedResponse({ type: o.type }),
        ...problems(o),
      ),
    /** `GET :id`: one object. */
    Get: (o: RouteOptions & { type: Type }) =>
      applyDecorators(Get(':id'), ...common(o), IdParam(), ApiOkResponse({ type: o.type })),
    /**
     * `PATCH :id`: a change, answered with the object. The body is documented here; the handler
     * takes it `unknown` and validates it after the id is looked up (validateAfterLookup).
     */
    Patch: (o: RouteOptions & BodyOptions & { type: Type }) =>
      applyDecorators(
        Patch(':id'),
        ...common(o),
        IdParam(),
        ApiBody({ type: o.body, examples: o.examples }),
        ApiOkResponse({ type: o.type }),
        ...problems(o),
      ),
    /** `DELETE :id`: `204` with no body. */
    Delete: (o: RouteOptions & { done?: string }) =>
      applyDecorators(
        Delete(':id'),
        HttpCode(204),
        ...common(o),
        IdParam(),
        ApiNoContentResponse({ description: o.done ?? 'Deleted' }),
      ),
  };
}
