import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { importPhoneNumbersCsv, type ImportSink } from '../csv-import.js';

/** A sink that remembers what it stored, like the unique index would. */
function memorySink(existing: string[] = []) {
  const stored = new Set(existing);
  const chunks: string[][] = [];
  const sink: ImportSink = (numbers) => {
    chunks.push(numbers);
    let added = 0;
    for (const n of numbers) {
      if (!stored.has(n)) {
        stored.add(n);
        added += 1;
      }
    }
    return Promise.resolve(added);
  };
  return { sink, stored, chunks };
}

const options = { chunkSize: 3, maxBytes: 1024 * 1024, maxInvalidListed: 2 };

function source(text: string, chunkBytes = 7): Readable {
  const buffer = Buffer.from(text);
  const parts: Buffer[] = [];
  for (let i = 0; i < buffer.length; i += chunkBytes) parts.push(buffer.subarray(i, i + chunkBytes));
  return Readable.from(parts);
}

describe('importPhoneNumbersCsv', () => {
  it('imports valid numbers in chunks, counting duplicates and listing invalid rows by line', async () => {
    const { sink, stored, chunks } = memorySink(['+4915120000009']);
    const csv = [
      '\ufeffname,PhoneNumber,reason',
      'a,+4915120000001,manual',
      'b, +4915120000002 ,keyword',
      'c,+1234',
      '',
      'd,+4915120000001',
      'e,"+4915120000003"',
      'f,+4915120000009',
      'g',
      'h,not a number',
      'i,+4915120000004',
    ].join('\r\n');
    const report = await importPhoneNumbersCsv(source(csv), sink, options);
    expect(report).toEqual({
      imported: 4,
      duplicates: 2,
      invalid: [
        { line: 4, value: '+1234', code: 'INVALID_PHONE_NUMBER' },
        { line: 9, value: '', code: 'INVALID_PHONE_NUMBER' },
      ],
      invalidCount: 3,
    });
    expect([...stored].sort()).toEqual([
      '+4915120000001',
      '+4915120000002',
      '+4915120000003',
      '+4915120000004',
      '+4915120000009',
    ]);
    expect(chunks.every((c) => c.length <= 3)).toBe(true);
  });

  it('refuses a file whose header has no phoneNumber column before storing anything', async () => {
    for (const csv of ['number\n+4915120000001\n', '+4915120000001\n+4915120000002\n', '', '\n\n']) {
      const { sink, chunks } = memorySink();
      await expect(importPhoneNumbersCsv(source(csv), sink, options)).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
      expect(chunks).toEqual([]);
    }
  });

  it('fails a file that is not CSV and one over the size limit', async () => {
    const { sink } = memorySink();
    await expect(importPhoneNumbersCsv(source('phoneNumber\n"+4915120000001\n'), sink, options)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(
      importPhoneNumbersCsv(source('phoneNumber\n' + '+4915120000001\n'.repeat(100)), sink, {
        ...options,
        maxBytes: 200,
      }),
    ).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('reads ahead only a bounded amount: the sink is called while the source is still being read', async () => {
    const rowsTotal = 100_000;
    let produced = 0;
    let consumed = 0;
    let maxLag = 0;
    function* rows() {
      yield 'phoneNumber\n';
      for (let i = 0; i < rowsTotal; i++) {
        produced += 1;
        yield `+49151${20000000 + i}\n`;
      }
    }
    const sink: ImportSink = (numbers) => {
      consumed += numbers.length;
      maxLag = Math.max(maxLag, produced - consumed);
      return Promise.resolve(numbers.length);
    };
    const report = await importPhoneNumbersCsv(Readable.from(rows()), sink, {
      ...options,
      chunkSize: 1000,
      maxBytes: 10 * 1024 * 1024,
    });
    expect(report.imported).toBe(rowsTotal);
    // Stream buffers (a few 16 KiB) hold some rows; the rest of the file waits for the database.
    expect(maxLag).toBeLessThan(rowsTotal / 4);
  });
});
