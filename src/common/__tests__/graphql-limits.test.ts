import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { checkShape, documentShape, looksLikeJsonDocument } from '../graphql-limits.js';

describe('documentShape', () => {
  it('counts fields, aliases and depth of a plain query', () => {
    expect(documentShape(parse('{ a: me { kind } b: me { kind scopes } }'))).toEqual({
      depth: 2,
      fields: 5,
      aliases: 2,
      rootFields: 2,
      rootMutationFields: 0,
    });
  });

  it('counts a fragment as often as it is spread, without expanding it (a fragment bomb)', () => {
    const levels = 12;
    let document = 'query { me { ...F0 } } fragment L0 on Me { kind x: scopes }';
    for (let i = 1; i <= levels; i++) document += ` fragment L${i} on Me { ...L${i - 1} ...L${i - 1} }`;
    document = document.replace('...F0', `...L${levels}`);
    const shape = documentShape(parse(document));
    expect(shape.fields).toBe(1 + 2 * 2 ** levels);
    expect(shape.aliases).toBe(2 ** levels);
  });

  it('survives a fragment cycle (validation refuses it afterwards)', () => {
    const shape = documentShape(parse('{ me { ...A } } fragment A on Me { kind ...B } fragment B on Me { ...A }'));
    expect(shape.fields).toBe(2);
  });

  it('counts the top-level fields of a mutation through fragments and inline fragments', () => {
    const document = parse(`mutation { a: signOut(input: $i) ... on Mutation { b: signOut(input: $i) ...M } }
      fragment M on Mutation { c: signOut(input: $i) d: signOut(input: $i) }`);
    expect(documentShape(document)).toMatchObject({ rootMutationFields: 4, rootFields: 4 });
  });

  it('leaves introspection out: it is allowed or refused as a whole', () => {
    const shape = documentShape(parse('{ __schema { types { fields { type { ofType { name } } } } } me { kind } }'));
    expect(shape).toMatchObject({ fields: 2, depth: 2 });
  });

  it('refuses a document over a limit, naming the limit', () => {
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: me { kind }`).join(' ');
    expect(() => checkShape(parse(`{ ${aliases} }`))).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX', limit: 'aliases' }) }),
    );
    expect(() => checkShape(parse('{ me { kind } }'))).not.toThrow();
  });
});

describe('looksLikeJsonDocument', () => {
  it('tells a JSON document from GraphQL, whose opening brace is never followed by a string', () => {
    expect(looksLikeJsonDocument(' {"kind":"Document","definitions":[]}')).toBe(true);
    expect(looksLikeJsonDocument('[ "x" ]')).toBe(true);
    expect(looksLikeJsonDocument('{ me { kind } }')).toBe(false);
    expect(looksLikeJsonDocument('{\n  # a comment\n  me { kind } }')).toBe(false);
    expect(looksLikeJsonDocument('query Q { me { kind } }')).toBe(false);
  });
});
