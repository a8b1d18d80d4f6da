import {
  isListType,
  getNullableType,
  Kind,
  OperationTypeNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import mercurius from 'mercurius';
import { DEFAULT_LIMIT } from './pagination.js';

/**
 * What one GraphQL request may ask for (DESIGN.md §4, §9). A document over any of them is refused
 * with QUERY_TOO_COMPLEX before a resolver runs; the numbers leave room for the console's largest
 * page (500 messages with their events) and none for abuse such as 500 aliased mutations.
 */
export const GRAPHQL_LIMITS = {
  /** Request body of `POST /graphql` (the REST routes allow 1 MiB); also a subscription message. */
  bodyBytes: 64 * 1024,
  /** Request body without a valid bearer token: enough for signIn and the other public mutations. */
  anonymousBodyBytes: 8 * 1024,
  /** Lexer tokens: the parser stops at this many, so a huge document costs almost nothing. */
  tokens: 3000,
  /** Nesting of selections, fragments expanded. */
  depth: 8,
  /** Field selections in the whole document, fragments expanded as often as they are spread. */
  fields: 500,
  /** Aliased fields, fragments expanded. */
  aliases: 15,
  /** Top-level fields of one operation. */
  rootFields: 20,
  /** Top-level fields of one mutation: each may write (a batch of sends is `sendMessages`). */
  rootMutationFields: 5,
  /** Estimated cost: 1 a field, times `first` (or the default page) for a page, times 10 for a plain list. */
  cost: 25_000,
  /** Queries remembered for automatic persisted queries (hash → query). */
  persistedQueries: 500,
} as const;

/** A plain list (no `first`) is estimated at this many items. */
const LIST_ESTIMATE = 10;

export type LimitName = 'tokens' | 'depth' | 'fields' | 'aliases' | 'rootFields' | 'rootMutationFields' | 'cost';

/** The refusal: HTTP 400 with `extensions.code` QUERY_TOO_COMPLEX (Mercurius answers its status and extensions). */
export class QueryTooComplex extends mercurius.ErrorWithProps {
  constructor(detail: string, limit: LimitName) {
    super(detail, { code: 'QUERY_TOO_COMPLEX', status: 400, limit }, 400);
  }
}

export interface DocumentShape {
  depth: number;
  fields: number;
  aliases: number;
  /** The most top-level fields of any one operation, and of any one mutation. */
  rootFields: number;
  rootMutationFields: number;
}

interface Tally {
  depth: number;
  fields: number;
  aliases: number;
}

/**
 * Counts what a parsed document selects, before it is validated against the schema (a cheap walk:
 * each fragment is counted once and multiplied by its spreads, so a fragment bomb shows its true
 * size without being expanded). Introspection (`__schema`, `__type`) is left out: it is allowed or
 * refused as a whole (GRAPHQL_INTROSPECTION), and GraphiQL's own query is deeper than any of ours.
 */
export function documentShape(document: DocumentNode): DocumentShape {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const tallied = new Map<string, Tally>();
  const visiting = new Set<string>();

  function fragmentTally(name: string): Tally {
    const known = tallied.get(name);
    if (known) return known;
    const fragment = fragments.get(name);
    // Unknown or cyclic: validation refuses the document afterwards; count nothing here.
    if (!fragment || visiting.has(name)) return { depth: 0, fields: 0, aliases: 0 };
    visiting.add(name);
    const tally = selectionTally(fragment.selectionSet);
    visiting.delete(name);
    tallied.set(name, tally);
    return tally;
  }

  function selectionTally(set: SelectionSetNode): Tally {
    const total: Tally = { depth: 0, fields: 0, aliases: 0 };
    for (const selection of set.selections) {
      let inner: Tally;
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === '__schema' || selection.name.value === '__type') continue;
        const below = selection.selectionSet ? selectionTally(selection.selectionSet) : undefined;
        inner = {
          depth: below ? below.depth + 1 : 1,
          fields: 1 + (below?.fields ?? 0),
          aliases: (selection.alias ? 1 : 0) + (below?.aliases ?? 0),
        };
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        inner = selectionTally(selection.selectionSet);
      } else {
        inner = fragmentTally(selection.name.value);
      }
      total.depth = Math.max(total.depth, inner.depth);
      total.fields += inner.fields;
      total.aliases += inner.aliases;
    }
    return total;
  }

  function rootFieldCount(set: SelectionSetNode, seen = new Set<string>()): number {
    let count = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) count++;
      else if (selection.kind === Kind.INLINE_FRAGMENT) count += rootFieldCount(selection.selectionSet, seen);
      else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) continue;
        seen.add(fragment.name.value);
        count += rootFieldCount(fragment.selectionSet, seen);
        seen.delete(fragment.name.value);
      }
    }
    return count;
  }

  const shape: DocumentShape = { depth: 0, fields: 0, aliases: 0, rootFields: 0, rootMutationFields: 0 };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const tally = selectionTally(definition.selectionSet);
    shape.depth = Math.max(shape.depth, tally.depth);
    shape.fields += tally.fields;
    shape.aliases += tally.aliases;
    const roots = rootFieldCount(definition.selectionSet);
    shape.rootFields = Math.max(shape.rootFields, roots);
    if (definition.operation === OperationTypeNode.MUTATION)
      shape.rootMutationFields = Math.max(shape.rootMutationFields, roots);
  }
  return shape;
}

/** Refuses a document over the size limits (all but cost, which needs the schema and variables). */
export function checkShape(document: DocumentNode): void {
  const shape = documentShape(document);
  const over: [LimitName, number, number, string][] = [
    ['depth', shape.depth, GRAPHQL_LIMITS.depth, 'selections nested'],
    ['fields', shape.fields, GRAPHQL_LIMITS.fields, 'fields selected'],
    ['aliases', shape.aliases, GRAPHQL_LIMITS.aliases, 'aliases'],
    ['rootFields', shape.rootFields, GRAPHQL_LIMITS.rootFields, 'top-level fields in one operation'],
    ['rootMutationFields', shape.rootMutationFields, GRAPHQL_LIMITS.rootMutationFields, 'mutations in one request'],
  ];
  for (const [limit, value, max, what] of over) {
    if (value > max) {
      const hint = limit === 'rootMutationFields' ? ' (send several messages with sendMessages)' : '';
      throw new QueryTooComplex(`The document has ${value} ${what}; at most ${max} are allowed${hint}`, limit);
    }
  }
}

/**
 * A page (a field with a `first` argument) costs its items times `first`, or the default page size;
 * `edges` of a page is already counted by the page; any other list is estimated at LIST_ESTIMATE.
 */
const pageEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  if (field.args.some((a) => a.name === 'first')) {
    const first = typeof args.first === 'number' && args.first > 0 ? args.first : DEFAULT_LIMIT;
    return 1 + childComplexity * first;
  }
  if (isListType(getNullableType(field.type)) && field.name !== 'edges') {
    return 1 + childComplexity * LIST_ESTIMATE;
  }
  return undefined;
};

/** Refuses an operation whose estimated cost is over the limit (runs once the variables are known). */
export function checkCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName?: string,
): void {
  let cost: number;
  try {
    cost = getComplexity({
      schema,
      query: document,
      variables: variables ?? {},
      operationName,
      estimators: [pageEstimator, simpleEstimator({ defaultComplexity: 1 })],
    });
  } catch {
    // Bad variables: execution reports them with its own error, and nothing has run yet.
    return;
  }
  if (cost > GRAPHQL_LIMITS.cost) {
    throw new QueryTooComplex(
      `The query's estimated cost is ${cost}; at most ${GRAPHQL_LIMITS.cost} is allowed (ask for smaller pages)`,
      'cost',
    );
  }
}

/**
 * A JSON object in the query string. Mercurius falls back to `JSON.parse` when a query does not
 * parse, which would accept a pre-parsed AST past the token limit; GraphQL never has a string
 * right after the opening brace, so this cannot refuse a real document.
 */
export function looksLikeJsonDocument(source: string): boolean {
  return /^\s*[[{]\s*"/.test(source);
}
