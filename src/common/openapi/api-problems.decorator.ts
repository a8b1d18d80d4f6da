import { SetMetadata, type Type } from '@nestjs/common';
import type { ErrorCode } from '@/common/errors.js';
import { ProblemResponse } from './problem.response.js';

export const API_PROBLEMS_KEY = 'openapi:problems';

export interface ApiProblemsMetadata {
  codes: ErrorCode[];
  /** The problem schema of this route's errors (the token endpoint's carry RFC 6749's members too). */
  schema: Type<ProblemResponse>;
}

/**
 * The codes a route answers besides the ones every route of its kind does, which the document adds
 * itself (openapi.document.ts): UNAUTHENTICATED and FORBIDDEN from its access rule, VALIDATION_FAILED
 * and the body parser's codes from its body and query, NOT_FOUND from an id in its path,
 * RATE_LIMITED and INTERNAL everywhere. The contract test fails on a code a route answers that is
 * not in its document, so the list stays true.
 */
export const ApiProblems = (...codes: ErrorCode[]) =>
  SetMetadata<string, ApiProblemsMetadata>(API_PROBLEMS_KEY, { codes, schema: ProblemResponse });

/** ApiProblems with another problem schema (a subclass of the problem document). */
export const ApiProblemsOf = (schema: Type<ProblemResponse>, ...codes: ErrorCode[]) =>
  SetMetadata<string, ApiProblemsMetadata>(API_PROBLEMS_KEY, { codes, schema });
