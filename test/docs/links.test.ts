import { describe, expect, it } from 'vitest';
import { brokenLinks, docPages, fencedBlocks, headingAnchors, markdownLinks } from '../support/docs.js';

/** The README and docs/*.md link to each other by file and #anchor: every such link must lead somewhere. */
describe('documentation links', () => {
  const pages = docPages();

  it('reads the README and the docs pages', () => {
    expect(pages[0].path).toBe('README.md');
    expect(pages.map((p) => p.path)).toEqual(expect.arrayContaining(['docs/api.md', 'docs/architecture.md']));
  });

  it('finds links, anchors and code blocks as GitHub does (so the checks below cannot pass vacuously)', () => {
    const markdown = [
      '# The API: REST, GraphQL, and its reference',
      '## API reference (OpenAPI)',
      '## Opt-out (suppressions)',
      '## Opt-out (suppressions)',
      'See [limits](#graphql-limits) and ![a picture](screenshots/a.png), not `[code](x.md)`.',
      'Fine: [here](#api-reference-openapi), [there](api.md#graphql-limits), [a file](../bench/README.md).',
      'Not: [a heading](api.md#no-such-heading), [a page](no-such-page.md).',
      '```sh',
      '# [not a heading](nor-a-link.md)',
      '```',
    ].join('\n');
    expect([...headingAnchors(markdown)]).toEqual([
      'the-api-rest-graphql-and-its-reference',
      'api-reference-openapi',
      'opt-out-suppressions',
      'opt-out-suppressions-1',
    ]);
    expect(markdownLinks(markdown).map((l) => l.target)).toEqual([
      '#graphql-limits',
      'screenshots/a.png',
      '#api-reference-openapi',
      'api.md#graphql-limits',
      '../bench/README.md',
      'api.md#no-such-heading',
      'no-such-page.md',
    ]);
    expect(fencedBlocks(markdown)).toMatchObject([{ language: 'sh', line: 8 }]);
    expect(brokenLinks({ path: 'docs/example.md', markdown })).toEqual([
      'docs/example.md:5 → #graphql-limits: no heading #graphql-limits here',
      'docs/example.md:5 → screenshots/a.png: no file docs/screenshots/a.png',
      'docs/example.md:7 → api.md#no-such-heading: no heading #no-such-heading in docs/api.md',
      'docs/example.md:7 → no-such-page.md: no file docs/no-such-page.md',
    ]);
  });

  it("finds the pages' links (the checks below read them)", () => {
    const links = pages.flatMap((page) => markdownLinks(page.markdown));
    expect(links.filter((l) => l.target.includes('#')).length).toBeGreaterThan(20);
    expect(links.filter((l) => l.target.startsWith('docs/screenshots/')).length).toBeGreaterThan(5);
  });

  for (const page of pages) {
    it(`${page.path}: every relative link and #anchor resolves`, () => {
      expect(brokenLinks(page)).toEqual([]);
    });
  }

  it('links every docs page from the README', () => {
    const readmeTargets = markdownLinks(pages[0].markdown).map((l) => l.target.split('#')[0]);
    const unlinked = pages.slice(1).filter((page) => !readmeTargets.includes(page.path));
    expect(unlinked.map((page) => page.path)).toEqual([]);
  });
});
