import type { Readable } from 'node:stream';
import { readCsvRecords } from '@/common/csv-stream.js';
import { ValidationFailed } from '@/common/errors.js';
import { tryNormalizePhoneNumber } from './phone-number.js';

export interface InvalidImportRow {
  /** The line of the file (the header is line 1). */
  line: number;
  /** The cell as given, cut to 64 characters. */
  value: string;
  code: 'INVALID_PHONE_NUMBER';
}

export interface ImportReport {
  /** Numbers added. */
  imported: number;
  /** Valid rows whose number the account had already, or that came earlier in the file. */
  duplicates: number;
  /** The first invalid rows (at most `maxInvalidListed`). */
  invalid: InvalidImportRow[];
  invalidCount: number;
}

export interface CsvImportOptions {
  /** Distinct numbers per INSERT. */
  chunkSize: number;
  /** Bytes the body may have; more is PAYLOAD_TOO_LARGE. */
  maxBytes: number;
  maxInvalidListed: number;
}

/** Takes distinct E.164 numbers; answers how many of them count as new (the rest are duplicates). */
export type ImportSink = (phoneNumbers: string[]) => Promise<number>;

/** Cells longer than this are not phone numbers; a record past it is a malformed file, not a big one. */
const MAX_RECORD_CHARS = 10_000;
const HEADER = 'phoneNumber';

function headerColumn(cells: string[]): number {
  const index = cells.findIndex((c) => c.trim().toLowerCase() === HEADER.toLowerCase());
  if (index < 0) {
    throw new ValidationFailed(
      [{ field: HEADER, message: `the first line must be a header with a ${HEADER} column` }],
      `The CSV header has no ${HEADER} column; nothing was imported`,
    );
  }
  return index;
}

/**
 * Reads a CSV of phone numbers as it arrives and hands distinct valid numbers to `sink` in chunks,
 * so memory stays at one chunk whatever the file's size (the request is never buffered whole).
 * The header names the `phoneNumber` column (any case; other columns, `reason` included, are
 * ignored). A row whose number is not valid E.164 is counted and listed, and skipped; the others are
 * imported. A header without `phoneNumber`, a body over the limit or a file that is not CSV (an
 * unclosed quote, a record over 10,000 characters) fails the whole import: the caller stages the
 * chunks and commits them only when the whole file was read, so then nothing is written.
 */
export async function importPhoneNumbersCsv(
  source: Readable,
  sink: ImportSink,
  options: CsvImportOptions,
): Promise<ImportReport> {
  const report: ImportReport = { imported: 0, duplicates: 0, invalid: [], invalidCount: 0 };
  let column: number | undefined;
  let chunk = new Set<string>();
  let chunkRows = 0;
  const flush = async () => {
    if (chunkRows === 0) return;
    const added = await sink([...chunk]);
    report.imported += added;
    report.duplicates += chunkRows - added;
    chunk = new Set();
    chunkRows = 0;
  };

  await readCsvRecords(
    source,
    { maxBytes: options.maxBytes, maxRecordChars: MAX_RECORD_CHARS },
    async (record, line) => {
      if (column === undefined) {
        column = headerColumn(record);
        return;
      }
      const value = record[column] ?? '';
      const phoneNumber = tryNormalizePhoneNumber(value);
      if (phoneNumber === undefined) {
        report.invalidCount += 1;
        if (report.invalid.length < options.maxInvalidListed) {
          report.invalid.push({ line, value: value.slice(0, 64), code: 'INVALID_PHONE_NUMBER' });
        }
        return;
      }
      chunk.add(phoneNumber);
      chunkRows += 1;
      if (chunk.size >= options.chunkSize) await flush();
    },
  );
  await flush();
  if (column === undefined) headerColumn([]);
  return report;
}
