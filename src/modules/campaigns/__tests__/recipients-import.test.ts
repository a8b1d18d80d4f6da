import { describe, expect, it } from 'vitest';
import { AppError } from '@/common/errors.js';
import { TemplateText } from '@/modules/templates/template-text.js';
import {
  RecipientImport,
  type ImportErrorRow,
  type ImportSettings,
  type RecipientRow,
  type RecipientSink,
} from '../recipients-import.js';

/** A sink that keeps what it is given; numbers in `suppressed` come back as suppressed. */
function memorySink(suppressed: string[] = []) {
  const rows: RecipientRow[] = [];
  const errors: ImportErrorRow[] = [];
  const chunks: number[] = [];
  const sink: RecipientSink = {
    recipients: (chunk) => {
      chunks.push(chunk.length);
      const seen = new Set(rows.map((r) => r.phone));
      const duplicateLines = chunk.filter((r) => seen.has(r.phone)).map((r) => r.line);
      rows.push(...chunk.filter((r) => !seen.has(r.phone)));
      return Promise.resolve({ suppressed: chunk.filter((r) => suppressed.includes(r.phone)).length, duplicateLines });
    },
    errors: (chunk) => {
      errors.push(...chunk);
      return Promise.resolve();
    },
  };
  return { sink, rows, errors, chunks };
}

const settings = (over: Partial<ImportSettings> = {}): ImportSettings => ({
  template: TemplateText.parse('Hi {{name}}, code {{code}}'),
  defaults: { code: '0000' },
  chosenZones: {},
  checkDestination: () => Promise.resolve(),
  ...over,
});

async function run(records: string[][], s: ImportSettings, sink: RecipientSink) {
  const job = new RecipientImport(s, sink);
  for (const [i, cells] of records.entries()) await job.record(cells, i + 1);
  return job.finish();
}

describe('a campaign recipient import', () => {
  it('takes valid rows with their variables and zone, and reports each refused row with its line', async () => {
    const mem = memorySink(['+4915112000003']);
    const stats = await run(
      [
        ['Phone', 'name', 'code'],
        ['+4915112000001', 'Ada', '1'],
        ['+4915112000002', '', ''],
        ['0151 12000004', 'Local', '2'],
        ['+4915112000001', 'Again', '3'],
        ['+4915112000003', 'Opted', '4'],
        ['+819012345678', 'Yui', 'x'.repeat(1001)],
        ['+819012345679', 'Ken', '5'],
      ],
      settings(),
      mem.sink,
    );
    expect(stats).toEqual({
      rows: 7,
      recipients: 2,
      suppressed: 1,
      invalid: 3,
      duplicates: 1,
      zones: ['Asia/Tokyo', 'Europe/Berlin'],
    });
    expect(mem.rows.map((r) => [r.line, r.phone, r.zone, r.variables])).toEqual([
      [2, '+4915112000001', 'Europe/Berlin', { name: 'Ada', code: '1' }],
      [6, '+4915112000003', 'Europe/Berlin', { name: 'Opted', code: '4' }],
      [8, '+819012345679', 'Asia/Tokyo', { name: 'Ken', code: '5' }],
    ]);
    expect(mem.errors.map((e) => [e.line, e.code])).toEqual([
      [3, 'TEMPLATE_VARIABLE_MISSING'],
      [4, 'INVALID_PHONE_NUMBER'],
      [5, 'DUPLICATE'],
      [7, 'VALIDATION_FAILED'],
    ]);
  });

  it('refuses a row whose text would not send, or whose destination is blocked', async () => {
    const mem = memorySink();
    const stats = await run(
      [
        ['to', 'name'],
        ['+4915112000001', 'x'.repeat(1000) + '€'.repeat(0)],
        ['+4915112000002', 'ok'],
        ['+4915112000003', 'ok'],
      ],
      settings({
        template: TemplateText.parse('{{name}} {{name}}'),
        checkDestination: (phone) =>
          phone.endsWith('3') ? Promise.reject(new AppError('DESTINATION_BLOCKED', 'not allowed')) : Promise.resolve(),
      }),
      mem.sink,
    );
    expect(stats).toMatchObject({ rows: 3, recipients: 1, invalid: 2 });
    expect(mem.errors.map((e) => [e.line, e.code])).toEqual([
      [2, 'BODY_TOO_LONG'],
      [4, 'DESTINATION_BLOCKED'],
    ]);
  });

  it('finds the phone and variable columns by name, mapping and case; fails the file without them', async () => {
    const mapped = memorySink();
    await run(
      [
        ['MSISDN', 'First name'],
        ['+4915112000001', 'Ada'],
      ],
      settings({ columns: { name: 'First name' } }),
      mapped.sink,
    );
    expect(mapped.rows[0].variables).toEqual({ name: 'Ada' });
    await expect(run([['name'], ['Ada']], settings(), memorySink().sink)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(run([['phone']], settings({ defaults: {} }), memorySink().sink)).rejects.toMatchObject({
      code: 'TEMPLATE_VARIABLE_MISSING',
    });
    await expect(run([['mobile', 'name']], settings({ phoneColumn: 'cell' }), memorySink().sink)).rejects.toMatchObject(
      { code: 'VALIDATION_FAILED' },
    );
    await expect(run([], settings(), memorySink().sink)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('writes in chunks, so memory holds one chunk, and stops past the row limit', async () => {
    const mem = memorySink();
    const rows = [['phone'], ...Array.from({ length: 25 }, (_, i) => [`+49151120${String(i).padStart(5, '0')}`])];
    const stats = await run(rows, settings({ chunkSize: 10, defaults: { name: 'you', code: '1' } }), mem.sink);
    expect(stats.recipients).toBe(25);
    expect(mem.chunks).toEqual([10, 10, 5]);
    await expect(
      run(rows, settings({ maxRows: 20, defaults: { name: 'you', code: '1' } }), memorySink().sink),
    ).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
    });
  });
});
