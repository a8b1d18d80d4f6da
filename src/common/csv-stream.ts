import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse, type Info } from 'csv-parse';
import { AppError, ValidationFailed } from './errors.js';

/** Counts the bytes that pass and fails the stream once they exceed the limit. */
class ByteLimit extends Transform {
  private seen = 0;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) {
      callback(new AppError('PAYLOAD_TOO_LARGE', `The CSV is over ${this.limit} bytes`));
      return;
    }
    callback(null, chunk);
  }
}

export interface CsvReadOptions {
  /** Bytes the body may have; more is PAYLOAD_TOO_LARGE. */
  maxBytes: number;
  /** Characters a record may have; more makes the file unreadable (VALIDATION_FAILED). */
  maxRecordChars: number;
}

/**
 * Reads a CSV request body as it arrives and hands each non-empty record (trimmed cells) and its
 * line to `onRecord`, awaiting it before reading on, so memory stays at what `onRecord` keeps. A
 * body over the limit is PAYLOAD_TOO_LARGE; a file that is not CSV (an unclosed quote, a record
 * over the limit) is VALIDATION_FAILED; a client that goes away mid-upload fails the read too.
 */
export async function readCsvRecords(
  source: Readable,
  options: CsvReadOptions,
  onRecord: (cells: string[], line: number) => Promise<void> | void,
): Promise<void> {
  const limiter = new ByteLimit(options.maxBytes);
  // pipe, not pipeline, for the request: on an error the request must stay open for the answer
  // (pipeline would destroy it, and the socket with it); Node discards what is left of it.
  source.on('error', (error) => limiter.destroy(error));
  source.on('close', () => {
    if (!source.readableEnded) limiter.destroy(new Error('the request body ended early'));
  });
  source.pipe(limiter);
  try {
    await pipeline(
      limiter,
      parse({
        bom: true,
        trim: true,
        skip_empty_lines: true,
        skip_records_with_empty_values: true,
        relax_column_count: true,
        max_record_size: options.maxRecordChars,
        info: true,
      }),
      async (records: AsyncIterable<{ record: string[]; info: Info }>) => {
        for await (const { record, info } of records) await onRecord(record, info.lines);
      },
    );
  } catch (error) {
    source.unpipe(limiter);
    if (error instanceof CsvError) {
      throw new ValidationFailed([{ field: 'body', message: error.message }], 'The body is not a readable CSV file');
    }
    throw error;
  }
}
