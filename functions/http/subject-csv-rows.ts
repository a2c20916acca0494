import { parse } from 'csv-parse';
import type { SubjectRow } from '../domain/add-subjects';
import { validateCsvRow } from '../domain/subject-csv-row';
import { SUBJECT_CSV_COLUMNS, type SubjectCsvColumn } from '../domain/subjects';
import { RequestFieldsError } from './errors';

/**
 * The CSV list of the people affected, as the API (POST /breaches/{id}/subjects) and the console's upload page both
 * receive it, parsed as a stream: the body is fed to csv-parse 64 KiB at a time and each record is validated and
 * handed on as soon as it is complete, so the rows of a large file are never all held as objects at once.
 *
 * The first line names the columns (any order, any case; spaces or hyphens for underscores). An unknown column
 * refuses the whole file: a misspelt "e-mail address" column would otherwise drop every address without a word.
 * Rows are reported by the line they start on, counting the header as line 1, so a person finds them in a text
 * editor or a spreadsheet (a quoted field may span lines). A syntax error (an unclosed quote) ends the file: what
 * follows it cannot be read reliably; it is reported as a rejected row at its line, and the rows before it are kept.
 * Rows pasted from a spreadsheet arrive tab-separated, quoted the same way (`delimiterOfHeaderLine`).
 */

const CHUNK_BYTES = 64 * 1024;
/** A person's row is a few hundred bytes; a megabyte-long "row" is a broken file, not a person. */
const MAX_RECORD_CHARS = 100_000;

const normaliseHeader = (name: string): string =>
  name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

const checkHeader = (header: readonly string[]): SubjectCsvColumn[] => {
  const columns = header.map(normaliseHeader);
  const known: readonly string[] = SUBJECT_CSV_COLUMNS;
  const errors = columns.flatMap((column, index) =>
    known.includes(column)
      ? columns.indexOf(column) === index
        ? []
        : [{ path: `header[${index}]`, message: `column '${column}' appears twice` }]
      : [{ path: `header[${index}]`, message: `unknown column; the columns are ${SUBJECT_CSV_COLUMNS.join(', ')}` }],
  );
  if (!columns.includes('name')) errors.push({ path: 'header', message: "the header must have a 'name' column" });
  if (errors.length > 0) {
    throw new RequestFieldsError(errors, 'The first line of the CSV must name its columns.', 'Invalid CSV header');
  }
  return columns as SubjectCsvColumn[];
};

interface ParsedRecord {
  record: string[];
  /** `bytes`: where the record ends in the body, its line break included. */
  info: { bytes: number };
}

const CR = 0x0d;
const LF = 0x0a;

/**
 * Line numbers as a text editor shows them, whatever the file's line breaks (CRLF from a spreadsheet, LF, a lone CR)
 * and however many of them a quoted cell holds. csv-parse's own count is no guide: it counts a CRLF inside a quoted
 * cell twice, and ends a record before the LF of its CRLF. So the lines are counted here, on the bytes of the body
 * between one record's end and the next (`info.bytes`); each byte is looked at once.
 */
class LineCounter {
  private offset = 0;
  /** The line at `offset`, counting from 1. */
  private line = 1;

  constructor(private readonly body: Buffer) {}

  /** Skips blank lines from the current offset: the line the next record starts on. */
  private skipBlank(): number {
    while (this.offset < this.body.length && this.isBreakAt(this.offset)) this.step();
    return this.line;
  }

  /** The line the record ending at `end` starts on; afterwards, the counter stands at its end. */
  recordEndingAt(end: number): number {
    const start = this.skipBlank();
    while (this.offset < end) this.step();
    return start;
  }

  /** The line a record left unfinished (a quote never closed) starts on. */
  next(): number {
    return this.skipBlank();
  }

  private isBreakAt(offset: number): boolean {
    const byte = this.body[offset];
    return byte === CR || byte === LF;
  }

  private step(): void {
    const byte = this.body[this.offset];
    this.offset += 1;
    // CRLF is one line break: the CR counts, the LF after it does not. A lone CR or LF counts.
    if (byte === LF ? this.body[this.offset - 2] !== CR : byte === CR) this.line += 1;
  }
}

/** What a syntax error means to the person who made the file, in our words (csv-parse's are for programmers). */
const syntaxProblem = (error: Error & { code?: string }): string => {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed: a closing " is missing';
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'a quoted field has text after its closing ": a " inside a field must be doubled ("")';
    case 'CSV_MAX_RECORD_SIZE':
      return `a row is longer than ${MAX_RECORD_CHARS.toLocaleString('en-GB')} characters`;
    default:
      return 'the file is not valid CSV';
  }
};

/** Commas (a CSV file) or tabs (cells copied from a spreadsheet and pasted: what the clipboard holds). */
export type RowDelimiter = ',' | '\t';

/**
 * The delimiter of pasted rows, judged by their header line alone: the column names hold neither commas nor tabs, so
 * the line's separators say which it is, while a person's cells below it (an address "1 Mill Lane, Leeds" in a
 * tab-separated paste) cannot mislead the guess.
 */
export function delimiterOfHeaderLine(text: string): RowDelimiter {
  const header = text.split(/\r\n|\r|\n/).find((line) => line.trim() !== '') ?? '';
  const count = (character: string) => header.split(character).length - 1;
  return count('\t') > count(',') ? '\t' : ',';
}

export async function* csvSubjectRows(
  body: Buffer,
  /** @default ',' */
  delimiter: RowDelimiter = ',',
): AsyncGenerator<SubjectRow> {
  const parser = parse({
    delimiter,
    bom: true,
    info: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
    max_record_size: MAX_RECORD_CHARS,
  });
  let failure: (Error & { code?: string }) | undefined;
  const lines = new LineCounter(body);
  parser.on('error', (error: Error) => {
    failure = error;
  });
  let columns: SubjectCsvColumn[] | undefined;

  const drain = function* (): Generator<SubjectRow> {
    for (let parsed = parser.read() as ParsedRecord | null; parsed !== null; parsed = parser.read()) {
      const line = lines.recordEndingAt(parsed.info.bytes);
      if (columns === undefined) {
        columns = checkHeader(parsed.record);
        continue;
      }
      if (parsed.record.length > columns.length) {
        yield {
          position: { line },
          result: {
            ok: false,
            errors: [
              {
                field: 'row',
                message: `this row has ${parsed.record.length} fields, the header ${columns.length}`,
              },
            ],
          },
        };
        continue;
      }
      const header = columns;
      const row = Object.fromEntries(parsed.record.map((value, index) => [header[index], value]));
      yield { position: { line }, result: validateCsvRow(row) };
    }
  };

  for (let offset = 0; offset < body.length && failure === undefined; offset += CHUNK_BYTES) {
    parser.write(body.subarray(offset, offset + CHUNK_BYTES));
    yield* drain();
  }
  if (failure === undefined) {
    parser.end();
    // The parser reports a quote left open at the end of the file only once the end is processed.
    await new Promise((resolve) => setImmediate(resolve));
    yield* drain();
  }
  if (failure !== undefined) {
    yield {
      position: { line: lines.next() },
      result: {
        ok: false,
        errors: [{ field: 'csv', message: `the file cannot be read from here on: ${syntaxProblem(failure)}` }],
      },
    };
  } else if (columns === undefined) {
    throw new RequestFieldsError(
      [{ path: 'header', message: 'the file is empty' }],
      'The CSV has no header line.',
      'Invalid CSV header',
    );
  }
}
