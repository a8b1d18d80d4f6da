// The first load of /console must stay small (issue 16: at most 250 KB of JavaScript gzipped). The
// first load is the entry script plus what index.html preloads; pages are split into their own chunks.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const LIMIT = 250 * 1024;
const dist = new URL('../dist/', import.meta.url);
const html = readFileSync(new URL('index.html', dist), 'utf8');
const scripts = [...html.matchAll(/(?:src|href)="\/console\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
if (scripts.length === 0) {
  console.error('check-bundle-size: index.html names no script; is the build broken?');
  process.exit(1);
}
let total = 0;
for (const file of scripts) {
  const size = gzipSync(readFileSync(new URL(file, dist))).length;
  total += size;
  console.log(`  ${file}  ${(size / 1024).toFixed(1)} KB gzipped`);
}
console.log(`console first load: ${(total / 1024).toFixed(1)} KB of JavaScript gzipped (limit ${LIMIT / 1024} KB)`);
if (total > LIMIT) {
  console.error('check-bundle-size: the first load is over the limit; split a page or a library off the entry');
  process.exit(1);
}
