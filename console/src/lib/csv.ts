/** What the browser reads of a CSV file before it is uploaded: its header, its first rows, how many rows. */
export interface CsvHead {
  header: string[];
  /** The first data rows (cells trimmed), for the preview. */
  sample: string[][];
  /** Data rows in the file (the header and empty lines not counted). */
  rows: number;
}

/**
 * Reads CSV as the gateway does (comma separated, `"` quoting with `""` inside, a BOM skipped,
 * cells trimmed, empty lines skipped), keeping the header and the first `keep` rows and counting
 * the rest. Undefined for a file with no header line; an unclosed quote ends the file where it is.
 */
export function readCsvHead(text: string, keep = 3): CsvHead | undefined {
  let header: string[] | undefined;
  const sample: string[][] = [];
  let rows = 0;
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  const endRecord = () => {
    cells.push(cell.trim());
    cell = '';
    if (cells.some((c) => c !== '')) {
      if (!header) header = cells;
      else {
        rows += 1;
        if (sample.length < keep) sample.push(cells);
      }
    }
    cells = [];
  };
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell.trim());
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
    } else cell += ch;
  }
  if (cell !== '' || cells.length > 0) endRecord();
  return header ? { header, sample, rows } : undefined;
}

/** Header names the gateway takes as the phone column when none is named (src/modules/campaigns/recipients-import.ts). */
const PHONE_HEADERS = ['phone', 'phonenumber', 'phone_number', 'to', 'mobile', 'number', 'msisdn'];

export function guessPhoneColumn(header: string[]): string | null {
  return header.find((h) => PHONE_HEADERS.includes(h.toLowerCase())) ?? null;
}

/** The header of the column named as the variable (exactly, else in any case), as the gateway matches it. */
export function guessColumn(header: string[], variable: string): string | null {
  return header.find((h) => h === variable) ?? header.find((h) => h.toLowerCase() === variable.toLowerCase()) ?? null;
}

// {{name}}, {{{name}}} and {{& name}}: the only tags a template may hold (src/modules/templates/template-text.ts).
/** A variable's name: a letter or `_`, then up to 63 letters, digits, `_`, `.` or `-`. */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;
const TAG = /\{\{\{\s*([^{}\s]+)\s*\}\}\}|\{\{\s*&?\s*([^{}\s]+)\s*\}\}/g;

/** The variables a body uses, each once, in order of first use (the gateway checks the names). */
export function templateVariables(body: string): string[] {
  const names = [...body.matchAll(TAG)].map((m) => m[1] ?? m[2]).filter((name) => VARIABLE_NAME.test(name));
  return [...new Set(names)];
}

/** The body with each variable filled from `values`; undefined names the first variable with no value. */
export function renderTemplate(
  body: string,
  values: Record<string, string | undefined>,
): { text: string } | { missing: string } {
  const missing = templateVariables(body).find((name) => values[name] === undefined);
  if (missing) return { missing };
  return { text: body.replace(TAG, (_, a?: string, b?: string) => values[(a ?? b)!] ?? '') };
}
