import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface DocPage {
  /** Path from the repository's root, such as `README.md` or `docs/api.md`. */
  path: string;
  markdown: string;
}

/** A fenced code block: its language (the word after the opening fence, or '') and its text. */
export interface FencedBlock {
  language: string;
  code: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The `NAME` of a `<!-- tested: NAME -->` comment on the lines before the fence, if any. */
  tested?: string;
  /**
   * The `REASON` of a `<!-- checked: REASON -->` comment there instead: a block no test runs, whose
   * commands test/docs/commands.test.ts verifies against the code (scripts, flags, routes, bodies).
   */
  checked?: string;
}

/** The languages of a fenced block whose code is shell commands for a reader to run. */
export const SHELL_LANGUAGES: readonly string[] = ['sh', 'bash', 'shell', 'console', 'zsh'];

/**
 * The README and every `docs/*.md`, in the order a reader meets them: the README first, then the
 * docs pages in the order the README first links to them, then any page it does not link to, by
 * name. The README test runs the examples in this order, so an example may use what an earlier
 * one (in the README, or on an earlier page) made.
 */
export function docPages(): DocPage[] {
  const readme = read('README.md');
  const all = readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`)
    .sort();
  const linked: string[] = [];
  for (const link of markdownLinks(readme.markdown)) {
    const path = link.target.split('#')[0];
    if (all.includes(path) && !linked.includes(path)) linked.push(path);
  }
  return [readme, ...[...linked, ...all.filter((path) => !linked.includes(path))].map(read)];
}

function read(path: string): DocPage {
  return { path, markdown: readFileSync(join(ROOT, path), 'utf8') };
}

/** The fenced code blocks of a page, with the `tested` or `checked` mark of each. */
export function fencedBlocks(markdown: string): FencedBlock[] {
  const lines = markdown.split('\n');
  const blocks: FencedBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i]);
    if (!open) continue;
    const fence = open[1];
    let end = i + 1;
    while (end < lines.length && !lines[end].startsWith(fence)) end++;
    let before = i - 1;
    while (before >= 0 && lines[before].trim() === '') before--;
    const comment = before >= 0 ? lines[before].trim() : '';
    const tested = /^<!-- tested: ([\w-]+) -->$/.exec(comment)?.[1];
    const checked = /^<!-- checked: (.*\S) -->$/.exec(comment)?.[1];
    blocks.push({ language: open[2], code: lines.slice(i + 1, end).join('\n'), line: i + 1, tested, checked });
    i = end;
  }
  return blocks;
}

/** A page's text outside fenced code blocks, line for line (code lines become empty). */
function prose(markdown: string): string[] {
  const lines = markdown.split('\n');
  let fence: string | null = null;
  return lines.map((line) => {
    const marker = /^(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (marker && line.startsWith(fence)) fence = null;
      return '';
    }
    if (marker) {
      fence = marker;
      return '';
    }
    return line;
  });
}

export interface MarkdownLink {
  target: string;
  line: number;
}

/** Every inline link and image target of a page (`[text](target)`, `![alt](target)`), outside code. */
export function markdownLinks(markdown: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  prose(markdown).forEach((text, index) => {
    // Code spans are not links: `[a](b)` between backticks stays text.
    const outsideCode = text.replace(/(`+)[^`]*?\1/g, '');
    for (const match of outsideCode.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      links.push({ target: match[1], line: index + 1 });
    }
  });
  return links;
}

/** The anchors GitHub gives a page's headings (github-slugger's rules, duplicates numbered). */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of prose(markdown)) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const text = heading[1]
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // a link's or an image's text only
      .replace(/<[^>]+>/g, '');
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/**
 * The relative links of a page that lead nowhere: a file that does not exist, or an `#anchor` that
 * no heading of the page it points into makes. Web addresses are not followed.
 */
export function brokenLinks(page: DocPage): string[] {
  const broken: string[] = [];
  for (const { target, line } of markdownLinks(page.markdown)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:, …
    const [pathPart, anchor] = splitOnce(decodeURI(target), '#');
    const where = `${page.path}:${line} → ${target}`;
    if (pathPart === '') {
      // An anchor of this page: its own headings, as given (the page need not be on disk).
      if (!headingAnchors(page.markdown).has(anchor ?? '')) broken.push(`${where}: no heading #${anchor} here`);
      continue;
    }
    const file = resolve(ROOT, dirname(page.path), pathPart);
    if (!file.startsWith(ROOT) || !existsSync(file)) {
      broken.push(`${where}: no file ${relative(ROOT, file)}`);
      continue;
    }
    if (anchor === undefined) continue;
    if (!file.endsWith('.md')) {
      broken.push(`${where}: an anchor into a file that is not Markdown`);
      continue;
    }
    if (!headingAnchors(readFileSync(file, 'utf8')).has(anchor)) {
      broken.push(`${where}: no heading #${anchor} in ${relative(ROOT, file)}`);
    }
  }
  return broken;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
