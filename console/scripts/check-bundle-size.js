// The first load of /console must stay small (issue 16: at most 250 KB of JavaScript gzipped). A
// signed-in user's first load is the entry with its static imports plus the page they land on (the
// dashboard); every other page is its own chunk, fetched when opened. Read from Vite's manifest.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const LIMIT = 250 * 1024;
const LANDING_PAGES = ['src/pages/dashboard.tsx', 'src/pages/sign-in.tsx'];
const dist = new URL('../dist/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('.vite/manifest.json', dist), 'utf8'));

/** A chunk's JavaScript files with everything it imports statically. */
function closure(key, seen = new Set()) {
  const chunk = manifest[key];
  if (!chunk || seen.has(key)) return seen;
  seen.add(key);
  for (const imported of chunk.imports ?? []) closure(imported, seen);
  return seen;
}

const entry = Object.keys(manifest).find((key) => manifest[key].isEntry);
if (!entry) {
  console.error('check-bundle-size: the manifest names no entry; is the build broken?');
  process.exit(1);
}
let worst = 0;
for (const page of LANDING_PAGES) {
  const keys = closure(page, closure(entry));
  let total = 0;
  for (const key of keys) total += gzipSync(readFileSync(new URL(manifest[key].file, dist))).length;
  worst = Math.max(worst, total);
  console.log(`console first load landing on ${page}: ${(total / 1024).toFixed(1)} KB of JavaScript gzipped`);
}
console.log(`limit ${LIMIT / 1024} KB`);
if (worst > LIMIT) {
  console.error('check-bundle-size: a first load is over the limit; split a page or a library off the entry');
  process.exit(1);
}
