import type { APIGatewayProxyEvent } from 'aws-lambda';
import { headerValue } from './headers';

/** A posted page form that cannot be read: too large (413) or not a UTF-8 urlencoded form (415). */
export class UnreadableFormError extends Error {
  constructor(readonly statusCode: 413 | 415) {
    super(statusCode === 413 ? 'form too large' : 'not a urlencoded form');
    this.name = 'UnreadableFormError';
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The urlencoded body of a page's POST, or UnreadableFormError. The size is checked first, on the bytes as they
 * arrived, before anything is decoded; only `application/x-www-form-urlencoded` in UTF-8 is read.
 */
export const readUrlencodedForm = (
  event: Pick<APIGatewayProxyEvent, 'body' | 'isBase64Encoded' | 'headers'>,
  maxBytes: number,
): URLSearchParams => {
  const raw = event.body ?? '';
  if (Buffer.byteLength(raw, event.isBase64Encoded ? 'base64' : 'utf8') > maxBytes) {
    throw new UnreadableFormError(413);
  }
  const [mediaType = '', ...parameters] = (headerValue(event.headers, 'content-type') ?? '')
    .split(';')
    .map((part) => part.trim().toLowerCase());
  if (mediaType !== 'application/x-www-form-urlencoded') throw new UnreadableFormError(415);
  for (const parameter of parameters) {
    const [name = '', value = ''] = parameter.split('=').map((part) => part.trim().replaceAll('"', ''));
    if (name === 'charset' && value !== 'utf-8') throw new UnreadableFormError(415);
  }
  try {
    return new URLSearchParams(event.isBase64Encoded ? utf8.decode(Buffer.from(raw, 'base64')) : raw);
  } catch {
    throw new UnreadableFormError(415);
  }
};
