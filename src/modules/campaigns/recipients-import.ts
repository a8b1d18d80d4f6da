import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { AppError, ValidationFailed, type ErrorCode } from '@/common/errors.js';
import { analyzeBody } from '@/modules/messages/message-validation.js';
import { TemplateText, TemplateVariableMissing, VARIABLE_NAME } from '@/modules/templates/template-text.js';
import { MAX_VARIABLE_VALUE } from '@/modules/templates/templates.service.js';
import { zoneFor, type ZoneKey } from './zones.js';

/** A campaign has at most this many recipient rows in one import. */
export const MAX_RECIPIENT_ROWS = 1_000_000;
/** Recipients per INSERT. */
export const RECIPIENT_CHUNK = 2_000;

/** Header names taken as the phone column when the caller names none (any case). */
export const PHONE_HEADERS = ['phone', 'phonenumber', 'phone_number', 'to', 'mobile', 'number', 'msisdn'];

export interface RecipientRow {
  line: number;
  phone: string;
  zone: ZoneKey;
  /** The template's variables this row gives (defaults fill the rest when the message is made). */
  variables: Record<string, string> | null;
}

/** Why a row was not taken: its line (the header is line 1), its phone cell, a code and a message. */
export interface ImportErrorRow {
  line: number;
  value: string;
  code: ErrorCode | 'DUPLICATE';
  message: string;
}

export interface RecipientSink {
  /**
   * Writes distinct recipients; answers how many were suppressed (written as such) and the lines
   * whose number an earlier chunk had (not written: duplicates).
   */
  recipients(rows: RecipientRow[]): Promise<{ suppressed: number; duplicateLines: number[] }>;
  errors(rows: ImportErrorRow[]): Promise<void>;
}

export interface ImportSettings {
  /** The campaign's text, and defaults for the variables a row leaves empty. */
  template: TemplateText;
  defaults: Readonly<Record<string, string>>;
  /** The header of the phone column; absent: the first of PHONE_HEADERS present. */
  phoneColumn?: string;
  /** Variable name to header, for variables whose column has another name. */
  columns?: Readonly<Record<string, string>>;
  /** The account's zone for countries with several (country to IANA zone). */
  chosenZones: Readonly<Record<string, string>>;
  /** DESTINATION_BLOCKED and the like for a number, as a send checks it (throws an AppError). */
  checkDestination: (phone: string) => Promise<void>;
  maxRows?: number;
  chunkSize?: number;
}

export interface ImportStats {
  /** Data rows read (the header not counted). */
  rows: number;
  /** Recipients that will get a message. */
  recipients: number;
  suppressed: number;
  invalid: number;
  duplicates: number;
  /** The zone keys of the recipients, for the pump's quiet hours. */
  zones: ZoneKey[];
}

/** The phone cell as E.164 with its country, or the reason it is not one. */
function parsePhone(value: string): { phone: string; country: string | undefined } | undefined {
  if (!/^\+[1-9]\d{1,14}$/.test(value)) return undefined;
  const parsed = parsePhoneNumberFromString(value);
  return parsed?.isValid() ? { phone: parsed.number, country: parsed.country } : undefined;
}

function findColumn(header: string[], name: string): number {
  const exact = header.indexOf(name);
  return exact >= 0 ? exact : header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
}

/** Where the phone and each variable are in a row; the whole import fails when the header lacks one. */
function layout(header: string[], settings: ImportSettings): { phone: number; variables: [string, number][] } {
  const phone =
    settings.phoneColumn !== undefined
      ? findColumn(header, settings.phoneColumn)
      : header.findIndex((h) => PHONE_HEADERS.includes(h.toLowerCase()));
  if (phone < 0) {
    const wanted = settings.phoneColumn ?? PHONE_HEADERS.join(', ');
    throw new ValidationFailed(
      [{ field: 'phoneColumn', message: `the header has no phone column (${wanted})` }],
      `The CSV header has no phone column (${wanted}); nothing was imported`,
    );
  }
  for (const [name, column] of Object.entries(settings.columns ?? {})) {
    if (!VARIABLE_NAME.test(name)) {
      throw new ValidationFailed([{ field: `columns.${name}`, message: 'not a variable name' }]);
    }
    if (findColumn(header, column) < 0) {
      throw new ValidationFailed([{ field: `columns.${name}`, message: `the header has no column "${column}"` }]);
    }
  }
  const variables: [string, number][] = [];
  const missing: string[] = [];
  for (const name of settings.template.variables) {
    const index = findColumn(header, settings.columns?.[name] ?? name);
    if (index >= 0) variables.push([name, index]);
    else if (!Object.hasOwn(settings.defaults, name)) missing.push(name);
  }
  // A variable neither a column nor a default would fail every row: the file is refused instead.
  if (missing.length > 0) throw new TemplateVariableMissing(missing);
  return { phone, variables };
}

/**
 * A campaign's recipients from CSV records (or a list, as one-cell records under a `phone`
 * header), streamed: each row's number checked as a send checks it, its variables taken from their
 * columns, its text rendered and measured; rows that fail are reported (line, cell, code) and
 * skipped; a number seen before in the file is a DUPLICATE. Distinct rows go to the sink a chunk at
 * a time, so memory holds one chunk (plus the chunk's numbers) whatever the file's size. The
 * header (first record) and a file over `maxRows` fail the whole import.
 */
export class RecipientImport {
  readonly stats: ImportStats = { rows: 0, recipients: 0, suppressed: 0, invalid: 0, duplicates: 0, zones: [] };
  private columns?: { phone: number; variables: [string, number][] };
  private chunk = new Map<string, RecipientRow>();
  private errors: ImportErrorRow[] = [];
  private readonly zones = new Set<ZoneKey>();

  constructor(
    private readonly settings: ImportSettings,
    private readonly sink: RecipientSink,
  ) {}

  async record(cells: string[], line: number): Promise<void> {
    if (!this.columns) {
      this.columns = layout(cells, this.settings);
      return;
    }
    this.stats.rows += 1;
    if (this.stats.rows > (this.settings.maxRows ?? MAX_RECIPIENT_ROWS)) {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        `A campaign takes at most ${this.settings.maxRows ?? MAX_RECIPIENT_ROWS} recipients; nothing was imported`,
      );
    }
    const value = cells[this.columns.phone] ?? '';
    const row = await this.check(value, cells, line);
    if ('code' in row) {
      if (row.code === 'DUPLICATE') this.stats.duplicates += 1;
      else this.stats.invalid += 1;
      this.errors.push(row);
    } else {
      this.chunk.set(row.phone, row);
      this.zones.add(row.zone);
    }
    if (this.chunk.size >= (this.settings.chunkSize ?? RECIPIENT_CHUNK) || this.errors.length >= 1000) {
      await this.flush();
    }
  }

  /** After the last record: writes what is left; the header is required even for an empty file. */
  async finish(): Promise<ImportStats> {
    if (!this.columns) layout([], this.settings);
    await this.flush();
    this.stats.zones = [...this.zones].sort();
    return this.stats;
  }

  private async check(value: string, cells: string[], line: number): Promise<RecipientRow | ImportErrorRow> {
    const fail = (code: ImportErrorRow['code'], message: string): ImportErrorRow => ({
      line,
      value: value.slice(0, 64),
      code,
      message,
    });
    const parsed = parsePhone(value);
    if (!parsed) return fail('INVALID_PHONE_NUMBER', 'not a valid E.164 number such as +4915123456789');
    if (this.chunk.has(parsed.phone)) return fail('DUPLICATE', 'the number is on an earlier line');
    const variables: Record<string, string> = {};
    for (const [name, index] of this.columns!.variables) {
      const cell = cells[index];
      if (cell === undefined || cell === '') continue;
      if (cell.length > MAX_VARIABLE_VALUE) {
        return fail('VALIDATION_FAILED', `${name} is over ${MAX_VARIABLE_VALUE} characters`);
      }
      variables[name] = cell;
    }
    try {
      analyzeBody(this.settings.template.render(variables, this.settings.defaults));
      await this.settings.checkDestination(parsed.phone);
    } catch (error) {
      if (error instanceof AppError) return fail(error.code, error.message);
      throw error;
    }
    return {
      line,
      phone: parsed.phone,
      zone: zoneFor(parsed.country, this.settings.chosenZones),
      variables: Object.keys(variables).length > 0 ? variables : null,
    };
  }

  private async flush(): Promise<void> {
    const rows = [...this.chunk.values()];
    this.chunk = new Map();
    if (rows.length > 0) {
      const { suppressed, duplicateLines } = await this.sink.recipients(rows);
      const duplicates = new Set(duplicateLines);
      this.stats.suppressed += suppressed;
      this.stats.duplicates += duplicates.size;
      this.stats.recipients += rows.length - duplicates.size - suppressed;
      for (const r of rows) {
        if (duplicates.has(r.line)) {
          this.errors.push({
            line: r.line,
            value: r.phone,
            code: 'DUPLICATE',
            message: 'the number is on an earlier line',
          });
        }
      }
    }
    if (this.errors.length > 0) {
      const errors = this.errors;
      this.errors = [];
      await this.sink.errors(errors);
    }
  }
}
