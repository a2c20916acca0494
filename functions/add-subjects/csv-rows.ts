import { parse } from 'csv-parse';
import type { SubjectRow } from '../domain/add-subjects';
import { SUBJECT_CSV_COLUMNS, type SubjectCsvColumn, validateCsvRow } from '../domain/subjects';
import { RequestFieldsError } from '../http/errors';

/**
 * The CSV upload, parsed as a stream: the body is fed to csv-parse 64 KiB at a time and each record is validated and
 * handed on as soon as it is complete, so the rows of a large file are never all held as objects at once.
 *
 * The first line names the columns (any order, any case; spaces or hyphens for underscores). An unknown column
 * refuses the whole file: a misspelt "e-mail address" column would otherwise drop every address without a word.
 * Rows are reported by the line they start on, counting the header as line 1, so a person finds them in a text
 * editor or a spreadsheet (a quoted field may span lines). A syntax error (an unclosed quote) ends the file: what
 * follows it cannot be read reliably; it is reported as a rejected row at its line, and the rows before it are kept.
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
  info: { lines: number };
  raw: string;
}

/** The line a record starts on: where it ends, less the line breaks inside it (skipped blank lines come first). */
const startLine = ({ info, raw }: ParsedRecord): number =>
  info.lines -
  (raw
    .replace(/^(\r?\n)+/, '')
    .replace(/\r?\n$/, '')
    .match(/\n/g)?.length ?? 0);

export async function* csvSubjectRows(body: Buffer): AsyncGenerator<SubjectRow> {
  const parser = parse({
    bom: true,
    info: true,
    raw: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
    max_record_size: MAX_RECORD_CHARS,
  });
  let failure: (Error & { lines?: number }) | undefined;
  parser.on('error', (error: Error) => {
    failure = error;
  });
  let columns: SubjectCsvColumn[] | undefined;

  const drain = function* (): Generator<SubjectRow> {
    for (let parsed = parser.read() as ParsedRecord | null; parsed !== null; parsed = parser.read()) {
      if (columns === undefined) {
        columns = checkHeader(parsed.record);
        continue;
      }
      const line = startLine(parsed);
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
    const line = typeof failure.lines === 'number' ? failure.lines : 0;
    yield {
      position: { line },
      result: {
        ok: false,
        errors: [{ field: 'csv', message: `the file cannot be read from here on: ${failure.message}` }],
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
