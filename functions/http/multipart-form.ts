import type { APIGatewayProxyEvent } from 'aws-lambda';
import { headerValue } from './headers';

/**
 * A page's `multipart/form-data` POST (a form with a file input), read whole and strictly. The body is already in
 * memory (API Gateway hands a Lambda the whole request), so this is a bounded scan of one buffer, not a stream; a
 * streaming parser such as busboy (in node_modules only as a test tool's dependency) would add an event API and a
 * dependency for nothing, and its limits truncate silently where these refuse.
 *
 * What is refused, before anything is used:
 * - a body larger than `maxBytes` as it arrived (413), checked on the size before anything is decoded;
 * - another media type, or a boundary that RFC 2046 does not allow (415);
 * - anything a browser would not send (400): a preamble, a part without `Content-Disposition: form-data; name=…`,
 *   a Content-Transfer-Encoding, a field the form does not have, a field or file given twice, more parts than the
 *   form has fields, a text field that is not UTF-8 or longer than `maxFieldBytes`, a missing closing delimiter.
 *
 * The body may arrive base64-encoded (API Gateway does so for the binary media types the API lists, and the local
 * gateway for every non-text type) or as text; both give the same bytes.
 */

export class UnreadableMultipartError extends Error {
  constructor(
    readonly statusCode: 400 | 413 | 415,
    /** Why, in words safe to log: never a value from the body. */
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'UnreadableMultipartError';
  }
}

export interface MultipartLimits {
  /** The whole body, in bytes as decoded. */
  maxBytes: number;
  /** The form's text fields: any other name is refused. */
  textFields: readonly string[];
  /** The form's file inputs: any other name is refused. */
  fileFields: readonly string[];
  /** @default 64 KiB */
  maxFieldBytes?: number;
}

export interface MultipartFile {
  field: string;
  /** As the browser named it; may be anything, so only ever shown escaped. */
  filename: string;
  contentType: string;
  bytes: Buffer;
}

export interface MultipartForm {
  fields: URLSearchParams;
  /** The files chosen, by field. A file input left empty (no filename, no bytes) is no file. */
  files: ReadonlyMap<string, MultipartFile>;
}

const MAX_HEADER_BYTES = 8 * 1024;
// RFC 2046 §5.1.1: 1 to 70 characters of bchars, not ending in a space.
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;
const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
const utf8 = new TextDecoder('utf-8', { fatal: true });

const refuse = (reason: string): never => {
  throw new UnreadableMultipartError(400, reason);
};

/** `name="a"; filename="b.csv"` → their values; quoted strings may hold `;` and escaped quotes. */
const dispositionParameters = (value: string): { type: string; parameters: Map<string, string> } => {
  const semicolon = value.indexOf(';');
  const type = (semicolon < 0 ? value : value.slice(0, semicolon)).trim().toLowerCase();
  const parameters = new Map<string, string>();
  const pattern = /;\s*([A-Za-z0-9_*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s"]*))\s*/gy;
  let rest = semicolon < 0 ? '' : value.slice(semicolon);
  pattern.lastIndex = 0;
  while (rest.length > 0) {
    const match = pattern.exec(rest);
    if (!match) refuse('a Content-Disposition parameter cannot be read');
    const [whole = '', name = '', quoted, token] = match ?? [];
    const key = name.toLowerCase();
    if (parameters.has(key)) refuse(`the Content-Disposition parameter ${key} is given twice`);
    parameters.set(key, quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : (token ?? ''));
    rest = rest.slice(whole.length);
    pattern.lastIndex = 0;
  }
  return { type, parameters };
};

const partHeaders = (block: string): Map<string, string> => {
  const headers = new Map<string, string>();
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) refuse('a part header has no name');
    const name = line.slice(0, colon).trim().toLowerCase();
    if (headers.has(name)) refuse(`a part has two ${name} headers`);
    headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
};

/** The boundary named by the Content-Type, or 415. */
const boundaryOf = (contentType: string | undefined): string => {
  const [mediaType = '', ...parameters] = (contentType ?? '').split(';');
  if (mediaType.trim().toLowerCase() !== 'multipart/form-data') {
    throw new UnreadableMultipartError(415, 'not multipart/form-data');
  }
  let boundary: string | undefined;
  for (const parameter of parameters) {
    const at = parameter.indexOf('=');
    const name = parameter.slice(0, at).trim().toLowerCase();
    const raw = parameter.slice(at + 1).trim();
    const value = raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2 ? raw.slice(1, -1) : raw;
    if (name === 'boundary') boundary = value;
    else if (name === 'charset' && value.toLowerCase() !== 'utf-8') {
      throw new UnreadableMultipartError(415, 'not UTF-8');
    }
  }
  if (boundary === undefined || !BOUNDARY.test(boundary)) {
    throw new UnreadableMultipartError(415, 'no valid multipart boundary');
  }
  return boundary;
};

export const readMultipartForm = (
  event: Pick<APIGatewayProxyEvent, 'body' | 'isBase64Encoded' | 'headers'>,
  limits: MultipartLimits,
): MultipartForm => {
  const raw = event.body ?? '';
  const encoding = event.isBase64Encoded ? 'base64' : 'utf8';
  if (Buffer.byteLength(raw, encoding) > limits.maxBytes) {
    throw new UnreadableMultipartError(413, `the body is larger than ${limits.maxBytes} bytes`);
  }
  const boundary = boundaryOf(headerValue(event.headers, 'content-type'));
  const body = Buffer.from(raw, encoding);
  const maxFieldBytes = limits.maxFieldBytes ?? 64 * 1024;
  const maxParts = limits.textFields.length + limits.fileFields.length;
  // Every delimiter but the first is preceded by CRLF; the first opens the body (a browser sends no preamble).
  const opening = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  if (!body.subarray(0, opening.length).equals(opening)) refuse('the body does not open with its boundary');

  const fields = new URLSearchParams();
  const files = new Map<string, MultipartFile>();
  const seen = new Set<string>();
  let offset = opening.length;
  for (;;) {
    // After a delimiter: `--` closes the body, CRLF opens a part.
    if (body[offset] === 0x2d && body[offset + 1] === 0x2d) {
      const epilogue = body.subarray(offset + 2);
      if (epilogue.length > 0 && !epilogue.equals(CRLF)) refuse('there is content after the closing boundary');
      break;
    }
    if (!body.subarray(offset, offset + 2).equals(CRLF)) refuse('a boundary is not followed by a line break');
    offset += 2;
    if (seen.size >= maxParts) refuse('the form has more parts than fields');

    const headerEnd = body.indexOf(HEADER_END, offset);
    if (headerEnd < 0 || headerEnd - offset > MAX_HEADER_BYTES) refuse('a part has no end to its headers');
    const headers = partHeaders(body.subarray(offset, headerEnd).toString('utf8'));
    const contentStart = headerEnd + HEADER_END.length;
    const contentEnd = body.indexOf(delimiter, contentStart);
    if (contentEnd < 0) refuse('the body has no closing boundary');
    offset = contentEnd + delimiter.length;

    if (headers.has('content-transfer-encoding')) refuse('a part has a Content-Transfer-Encoding');
    const { type, parameters } = dispositionParameters(headers.get('content-disposition') ?? '');
    const name = parameters.get('name');
    if (type !== 'form-data' || name === undefined) refuse('a part is not a named form field');
    const field = name ?? '';
    // Checked first, so a reason only ever names one of the form's own fields.
    if (!limits.fileFields.includes(field) && !limits.textFields.includes(field)) {
      refuse('a field the form does not have');
    }
    if (seen.has(field)) refuse(`the field ${field} is given twice`);
    seen.add(field);
    const content = body.subarray(contentStart, contentEnd);
    const filename = parameters.get('filename');

    if (limits.fileFields.includes(field)) {
      // An empty file input still sends its part, with no bytes and an empty filename (browsers) or none (undici).
      if (!filename && content.length === 0) continue;
      if (filename === undefined) refuse(`the field ${field} is not a file`);
      files.set(field, {
        field,
        filename: filename ?? '',
        contentType: (headers.get('content-type') ?? 'application/octet-stream').toLowerCase(),
        bytes: Buffer.from(content),
      });
    } else {
      if (filename !== undefined) refuse(`the field ${field} is a file`);
      if (content.length > maxFieldBytes) throw new UnreadableMultipartError(413, `the field ${field} is too long`);
      try {
        fields.set(field, utf8.decode(content));
      } catch {
        refuse(`the field ${field} is not UTF-8`);
      }
    }
  }
  return { fields, files };
};
