import { describe, expect, it } from 'vitest';
import {
  type MultipartLimits,
  readMultipartForm,
  UnreadableMultipartError,
} from '../../../functions/http/multipart-form';

/**
 * The strict multipart reader: what a browser's form sends is read byte for byte (base64 or text), and everything a
 * browser would not send is refused before any of it is used.
 */

const LIMITS: MultipartLimits = { maxBytes: 10_000, textFields: ['csrfToken', 'rows'], fileFields: ['file'] };
const B = '----formboundaryX7abc';

/** A body as Node's own FormData encoder (the WHATWG one browsers implement) writes it. */
const encoded = async (form: FormData): Promise<{ body: Buffer; contentType: string }> => {
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return {
    body: Buffer.from(await request.arrayBuffer()),
    contentType: request.headers.get('content-type') ?? '',
  };
};

const event = (body: Buffer | string, contentType = `multipart/form-data; boundary=${B}`, base64 = true) => ({
  headers: { 'Content-Type': contentType },
  isBase64Encoded: base64,
  body: base64 ? Buffer.from(body).toString('base64') : body.toString(),
});

const part = (disposition: string, content: string, extra = '') =>
  `--${B}\r\nContent-Disposition: form-data; ${disposition}\r\n${extra}\r\n${content}\r\n`;

const refusal = (read: () => unknown): UnreadableMultipartError => {
  try {
    read();
  } catch (error) {
    if (error instanceof UnreadableMultipartError) return error;
    throw error;
  }
  throw new Error('the body was read');
};

describe('reading a multipart form', () => {
  it('reads the token, a pasted text and a file exactly as a browser encodes them', async () => {
    const csv = 'name,email\r\n"Grażyna ""G"" Nowak","g@example.org"\r\n';
    const form = new FormData();
    form.set('csrfToken', 'tok-123');
    form.set('rows', '');
    form.set('file', new Blob([csv], { type: 'text/csv' }), 'pupils; year 6 "A".csv');
    const { body, contentType } = await encoded(form);

    const read = readMultipartForm(event(body, contentType), LIMITS);

    expect(read.fields.get('csrfToken')).toBe('tok-123');
    expect(read.fields.get('rows')).toBe('');
    const file = read.files.get('file');
    expect(file?.bytes.toString('utf8')).toBe(csv);
    expect(file?.contentType).toBe('text/csv');
    expect(file?.filename).toContain('pupils');
  });

  it('gives the same bytes when the body arrives as text rather than base64', () => {
    const body = `${part('name="csrfToken"', 'tok')}${part('name="file"; filename="a.csv"', 'name\r\nZoë\r\n', 'Content-Type: text/csv\r\n')}--${B}--\r\n`;
    const read = readMultipartForm(event(body, undefined, false), LIMITS);
    expect(read.files.get('file')?.bytes.toString('utf8')).toBe('name\r\nZoë\r\n');
  });

  it('keeps a file whose content holds something like the boundary but not the delimiter', () => {
    // The delimiter is CRLF, two hyphens and the whole boundary: the boundary alone, or a prefix of it, is content.
    const content = `--${B}\r\nname\r\n--${B.slice(0, -1)}\r\n`;
    const body = `${part('name="file"; filename="a.csv"', `a${content}`)}--${B}--`;
    expect(readMultipartForm(event(body), LIMITS).files.get('file')?.bytes.toString()).toBe(`a${content}`);
  });

  it('takes an empty file input as no file at all', async () => {
    const form = new FormData();
    form.set('csrfToken', 'tok');
    form.set('file', new Blob([]), '');
    const { body, contentType } = await encoded(form);
    expect(readMultipartForm(event(body, contentType), LIMITS).files.size).toBe(0);
    // Chromium names it filename="".
    const chromium = `${part('name="file"; filename=""', '', 'Content-Type: application/octet-stream\r\n')}--${B}--\r\n`;
    expect(readMultipartForm(event(chromium), LIMITS).files.size).toBe(0);
  });

  it('accepts a quoted boundary parameter', () => {
    const body = `${part('name="csrfToken"', 'tok')}--${B}--`;
    const read = readMultipartForm(event(body, `multipart/form-data; boundary="${B}"`), LIMITS);
    expect(read.fields.get('csrfToken')).toBe('tok');
  });

  it('leaves the token absent when the form carries none, for the caller to refuse', () => {
    const body = `${part('name="file"; filename="a.csv"', 'name\r\nA\r\n')}--${B}--`;
    const read = readMultipartForm(event(body), LIMITS);
    expect(read.fields.get('csrfToken')).toBeNull();
  });
});

describe('refusing what a browser would not send', () => {
  it('refuses a body over the limit with 413 before reading it, base64 counted as decoded bytes', () => {
    const big = `${part('name="file"; filename="a.csv"', 'x'.repeat(10_001))}--${B}--`;
    expect(refusal(() => readMultipartForm(event(big), LIMITS)).statusCode).toBe(413);
    const justUnder = `${part('name="file"; filename="a.csv"', 'x'.repeat(9_800))}--${B}--`;
    expect(readMultipartForm(event(justUnder), LIMITS).files.get('file')?.bytes.length).toBe(9_800);
  });

  it('refuses another media type, a missing boundary and a boundary RFC 2046 does not allow with 415', () => {
    const body = `${part('name="csrfToken"', 'tok')}--${B}--`;
    for (const type of [
      'application/x-www-form-urlencoded',
      'multipart/form-data',
      'multipart/mixed; boundary=abc',
      `multipart/form-data; boundary=${'a'.repeat(71)}`,
      'multipart/form-data; boundary=ab<c',
      `multipart/form-data; boundary=${B}; charset=latin1`,
    ]) {
      expect(refusal(() => readMultipartForm(event(body, type), LIMITS)).statusCode, type).toBe(415);
    }
  });

  it('refuses two files, in one input or two', () => {
    const twice = `${part('name="file"; filename="a.csv"', 'a')}${part('name="file"; filename="b.csv"', 'b')}--${B}--`;
    expect(refusal(() => readMultipartForm(event(twice), LIMITS)).reason).toBe('the field file is given twice');
    const other = `${part('name="file"; filename="a.csv"', 'a')}${part('name="file2"; filename="b.csv"', 'b')}--${B}--`;
    expect(refusal(() => readMultipartForm(event(other), LIMITS)).reason).toBe('a field the form does not have');
  });

  it('refuses a token sent twice, so a second one cannot stand in for the first', () => {
    const body = `${part('name="csrfToken"', 'a')}${part('name="csrfToken"', 'b')}--${B}--`;
    expect(refusal(() => readMultipartForm(event(body), LIMITS)).statusCode).toBe(400);
  });

  it('refuses malformed bodies with 400', () => {
    const cases: Record<string, string> = {
      'no closing boundary': part('name="csrfToken"', 'tok'),
      preamble: `hello\r\n${part('name="csrfToken"', 'tok')}--${B}--`,
      'content after the end': `${part('name="csrfToken"', 'tok')}--${B}--\r\nmore`,
      'headers never end': `--${B}\r\nContent-Disposition: form-data; name="csrfToken"\r\ntok--${B}--`,
      'no disposition': `--${B}\r\nContent-Type: text/plain\r\n\r\ntok\r\n--${B}--`,
      'not form-data': `--${B}\r\nContent-Disposition: attachment; name="csrfToken"\r\n\r\ntok\r\n--${B}--`,
      'transfer encoding': part('name="file"; filename="a.csv"', 'YQ==', 'Content-Transfer-Encoding: base64\r\n'),
      'file as text field': `${part('name="csrfToken"; filename="t.txt"', 'tok')}--${B}--`,
      'text as file field': `${part('name="file"', 'tok')}--${B}--`,
      'broken parameter': `${part('name="csrfToken; x', 'tok')}--${B}--`,
      'header without a name': `--${B}\r\nContent-Disposition: form-data; name="rows"\r\n: x\r\n\r\nr\r\n--${B}--`,
      'no line break after boundary': `--${B}Content-Disposition: form-data; name="rows"\r\n\r\nr\r\n--${B}--`,
      empty: '',
    };
    for (const [name, body] of Object.entries(cases)) {
      expect(refusal(() => readMultipartForm(event(body), LIMITS)).statusCode, name).toBe(400);
    }
  });

  it('refuses a text field that is not UTF-8 and one longer than its limit', () => {
    const latin1 = Buffer.concat([
      Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="rows"\r\n\r\n`),
      Buffer.from([0x5a, 0xf6]),
      Buffer.from(`\r\n--${B}--`),
    ]);
    expect(refusal(() => readMultipartForm(event(latin1), LIMITS)).reason).toBe('the field rows is not UTF-8');
    const long = `${part('name="rows"', 'r'.repeat(200))}--${B}--`;
    expect(refusal(() => readMultipartForm(event(long), { ...LIMITS, maxFieldBytes: 100 })).statusCode).toBe(413);
  });

  it('never names a field the form does not have in its reason', () => {
    const body = `${part('name="Jane Doe 07700 900123"', 'x')}--${B}--`;
    expect(refusal(() => readMultipartForm(event(body), LIMITS)).reason).not.toContain('Jane');
  });
});
