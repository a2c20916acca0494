import type { APIGatewayProxyEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { AUTHORITY_REPORT_PHASES } from '../domain/authority-report';
import '../domain/zod-english';
import { InvalidQueryError } from '../http/errors';

/**
 * GET /breaches/{id}/authority-report's query: `format` (json | text | pdf, default json), `phase` (initial |
 * follow-up, default initial) and `sent` (the N-th report as sent, 1 = the initial one). Unknown or repeated parameters are refused, as on GET /register: a misspelt
 * `phsae=follow-up` must not quietly give the initial report.
 */

export const AUTHORITY_REPORT_FORMATS = ['json', 'text', 'pdf'] as const;

export const authorityReportQuerySchema = z.strictObject({
  format: z._default(z.enum(AUTHORITY_REPORT_FORMATS), 'json'),
  phase: z._default(z.enum(AUTHORITY_REPORT_PHASES), 'initial'),
  /** The N-th report as sent (1 = the initial report): its frozen snapshot. */
  sent: z.optional(
    z.string().check(z.regex(/^[1-9][0-9]{0,2}$/, 'give the number of a report sent: 1 for the initial report')),
  ),
});

export type AuthorityReportQuery = Omit<z.output<typeof authorityReportQuerySchema>, 'sent'> & { sent?: number };

export function parseAuthorityReportQuery(
  event: Pick<APIGatewayProxyEvent, 'queryStringParameters' | 'multiValueQueryStringParameters'>,
): AuthorityReportQuery {
  const repeated = Object.entries(event.multiValueQueryStringParameters ?? {})
    .filter(([, values]) => (values?.length ?? 0) > 1)
    .map(([name]) => ({ path: name, message: 'give this parameter once' }));
  if (repeated.length > 0) throw new InvalidQueryError(repeated);
  const parsed = authorityReportQuerySchema.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success) throw InvalidQueryError.fromZodError(parsed.error);
  const { sent, ...rest } = parsed.data;
  return { ...rest, ...(sent ? { sent: Number(sent) } : {}) };
}
