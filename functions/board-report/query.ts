import type { APIGatewayProxyEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import '../domain/zod-english';
import { InvalidQueryError } from '../http/errors';

/**
 * GET /breaches/{id}/board-report's query: `format` (pdf | text). Without it the Accept header chooses: `text/plain`
 * named before `application/pdf` gives the text, anything else the PDF. Unknown or repeated parameters are refused.
 */

export const BOARD_REPORT_FORMATS = ['pdf', 'text'] as const;
export type BoardReportFormat = (typeof BOARD_REPORT_FORMATS)[number];

export const boardReportQuerySchema = z.strictObject({
  format: z.optional(z.enum(BOARD_REPORT_FORMATS)),
});

const acceptsTextFirst = (accept: string | undefined): boolean => {
  const types = (accept ?? '').split(',').map((part) => part.split(';')[0]?.trim().toLowerCase());
  const text = types.indexOf('text/plain');
  const pdf = types.indexOf('application/pdf');
  return text !== -1 && (pdf === -1 || text < pdf);
};

export function parseBoardReportQuery(
  event: Pick<APIGatewayProxyEvent, 'queryStringParameters' | 'multiValueQueryStringParameters' | 'headers'>,
): BoardReportFormat {
  const repeated = Object.entries(event.multiValueQueryStringParameters ?? {})
    .filter(([, values]) => (values?.length ?? 0) > 1)
    .map(([name]) => ({ path: name, message: 'give this parameter once' }));
  if (repeated.length > 0) throw new InvalidQueryError(repeated);
  const parsed = boardReportQuerySchema.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success) throw InvalidQueryError.fromZodError(parsed.error);
  if (parsed.data.format) return parsed.data.format;
  const accept = Object.entries(event.headers ?? {}).find(([name]) => name.toLowerCase() === 'accept')?.[1];
  return acceptsTextFirst(accept) ? 'text' : 'pdf';
}
