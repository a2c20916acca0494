import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { HttpError, PayloadTooLargeError } from '../http/errors';
import { headerValue } from '../http/headers';
import { parseJson } from '../http/json-body';

/**
 * The two forms the list of people comes in, each with its own size limit, checked before anything is decoded:
 *
 * - `application/json`, `{ "subjects": [...] }`: 256 KiB like every JSON body of the API, which holds the 1,000
 *   people a batch may carry with room to spare.
 * - `text/csv`: 5 MiB, about 50,000 people at ~100 bytes a row. Bounded below API Gateway's 10 MB by time, not memory:
 *   the rows are stored with one conditional put each (25 in flight, a few milliseconds apiece), which must finish
 *   inside API Gateway's 29-second integration timeout with margin. Larger lists go in several files; a row sent
 *   twice is harmless (the same person is the same item).
 */

export type SubjectsBody = { kind: 'json'; value: unknown } | { kind: 'csv'; bytes: Buffer };
export type SubjectsBodyEvent = Omit<APIGatewayProxyEvent, 'body'> & { body: SubjectsBody };

export const MAX_JSON_BYTES = 256 * 1024;
export const MAX_CSV_BYTES = 5 * 1024 * 1024;

const unsupported = (detail: string) =>
  new HttpError(415, 'Unsupported media type', detail, {
    type: 'urn:breachdesk:problem:unsupported-media-type',
    headers: { 'accept-post': 'application/json, text/csv' },
  });

export const subjectsBody = (): MiddlewareObj<APIGatewayProxyEvent> => {
  const before = (request: { event: APIGatewayProxyEvent }): void => {
    const { event } = request;
    const raw = event.body ?? '';
    const bytes = Buffer.byteLength(raw, event.isBase64Encoded ? 'base64' : 'utf8');
    const [mediaType = '', ...parameters] = (headerValue(event.headers, 'content-type') ?? '')
      .split(';')
      .map((part) => part.trim().toLowerCase());
    const charset = parameters
      .find((p) => p.startsWith('charset='))
      ?.slice('charset='.length)
      .replaceAll('"', '');
    if (charset !== undefined && charset !== 'utf-8') throw unsupported('Send the list encoded as UTF-8.');
    const decoded = (): Buffer => Buffer.from(raw, event.isBase64Encoded ? 'base64' : 'utf8');

    if (mediaType === 'application/json') {
      if (bytes > MAX_JSON_BYTES) throw new PayloadTooLargeError(MAX_JSON_BYTES);
      Object.assign(event, { body: { kind: 'json', value: parseJson(decoded().toString('utf8')) } });
    } else if (mediaType === 'text/csv') {
      if (bytes > MAX_CSV_BYTES) throw new PayloadTooLargeError(MAX_CSV_BYTES);
      Object.assign(event, { body: { kind: 'csv', bytes: decoded() } });
    } else {
      throw unsupported('Send the people affected as application/json ({"subjects": [...]}) or as text/csv.');
    }
  };
  return { name: 'subjectsBody', before };
};
