import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { MalformedJsonError, PayloadTooLargeError, UnsupportedMediaTypeError } from './errors';
import { headerValue } from './headers';
import { findJsonSyntaxProblem } from './json-syntax';

/** The event after jsonBody(): `body` holds the parsed JSON value, not yet validated. */
export type JsonBodyEvent = Omit<APIGatewayProxyEvent, 'body'> & { body: unknown };

export interface JsonBodyOptions {
  /** Largest accepted body, in bytes after base64 decoding. @default 262144 (256 KiB) */
  maxBytes: number;
}

const defaults: JsonBodyOptions = { maxBytes: 256 * 1024 };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Requires `application/json` (a UTF-8 charset parameter is allowed, RFC 8259 knows no other), checks the size before
 * anything is decoded or parsed, and replaces `event.body` with the parsed value. Syntax errors are reported with
 * their line, column and offset.
 */
export const jsonBody = (options: Partial<JsonBodyOptions> = {}): MiddlewareObj<APIGatewayProxyEvent> => {
  const { maxBytes } = { ...defaults, ...options };

  const before = (request: { event: APIGatewayProxyEvent }): void => {
    const { event } = request;
    const raw = event.body ?? '';
    // Measured without decoding, so an oversized body costs nothing more than its length.
    const bytes = Buffer.byteLength(raw, event.isBase64Encoded ? 'base64' : 'utf8');
    if (bytes > maxBytes) throw new PayloadTooLargeError(maxBytes);

    requireJsonMediaType(headerValue(event.headers, 'content-type'));

    const text = event.isBase64Encoded ? decodeBase64Utf8(raw) : raw;
    Object.assign(event, { body: parseJson(text) });
  };

  return { name: 'jsonBody', before };
};

const requireJsonMediaType = (contentType: string | undefined): void => {
  if (contentType === undefined) {
    throw new UnsupportedMediaTypeError('The Content-Type header is required and must be application/json.');
  }
  const [mediaType = '', ...parameters] = contentType.split(';').map((part) => part.trim().toLowerCase());
  if (mediaType !== 'application/json') {
    throw new UnsupportedMediaTypeError('The request body must be sent as application/json.');
  }
  for (const parameter of parameters) {
    const [name = '', value = ''] = parameter.split('=').map((part) => part.trim());
    if (name === 'charset' && value.replaceAll('"', '') !== 'utf-8') {
      throw new UnsupportedMediaTypeError('JSON must be encoded as UTF-8 (charset=utf-8).');
    }
  }
};

const decodeBase64Utf8 = (raw: string): string => {
  try {
    return utf8.decode(Buffer.from(raw, 'base64'));
  } catch {
    throw new MalformedJsonError('The request body is not valid UTF-8.', 0, 1, 1);
  }
};

/** Parses JSON; on failure, the error names the first offending character and where it is. */
export const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const problem = findJsonSyntaxProblem(text) ?? { position: 0, line: 1, column: 1, message: 'not valid JSON' };
    throw new MalformedJsonError(
      `The request body is not valid JSON: ${problem.message} at line ${problem.line}, column ${problem.column} ` +
        `(position ${problem.position}).`,
      problem.position,
      problem.line,
      problem.column,
    );
  }
};
