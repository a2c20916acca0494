import type { APIGatewayProxyEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { RISK_LEVELS } from '../domain/assessment';
import type { RegisterFilter } from '../domain/register';
import '../domain/zod-english';
import { InvalidQueryError } from '../http/errors';

/**
 * GET /register's query: `from` and `to` (awareness, inclusive; a date or a date-time with an offset), `status`
 * (open | closed), `risk` (the risk as decided: no-risk | risk | high-risk) and `format` (json | csv | pdf). Unknown or repeated parameters are refused, as on GET /breaches:
 * a misspelt `stauts=open` must not quietly give a register with the closed breaches in it.
 */

export const REGISTER_FORMATS = ['json', 'csv', 'pdf'] as const;
export type RegisterFormat = (typeof REGISTER_FORMATS)[number];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const bound = (edge: 'start' | 'end') =>
  z.pipe(
    z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
      error: 'must be a date (2026-03-31) or a date-time with an offset (2026-03-31T12:00:00Z)',
    }),
    // A bare date means the whole day: `to=2026-03-31` includes a breach the organisation learnt of that evening.
    z.transform((value: string) =>
      DATE.test(value) ? `${value}T${edge === 'start' ? '00:00:00.000' : '23:59:59.999'}Z` : value,
    ),
  );

export const registerQuerySchema = z
  .strictObject({
    from: z.optional(bound('start')),
    to: z.optional(bound('end')),
    status: z.optional(z.enum(['open', 'closed'])),
    /** The risk as decided: no-risk | risk | high-risk. */
    risk: z.optional(z.enum(RISK_LEVELS)),
    format: z._default(z.enum(REGISTER_FORMATS), 'json'),
  })
  .check(
    z.refine((q) => q.from === undefined || q.to === undefined || Date.parse(q.from) <= Date.parse(q.to), {
      message: 'must not be before from',
      path: ['to'],
    }),
  );

export interface RegisterQuery {
  filter: RegisterFilter;
  format: RegisterFormat;
}

const invalidQuery = (errors: { path: string; message: string }[]) => new InvalidQueryError(errors);

export const parseRegisterQuery = (
  event: Pick<APIGatewayProxyEvent, 'queryStringParameters' | 'multiValueQueryStringParameters'>,
): RegisterQuery => {
  const repeated = Object.entries(event.multiValueQueryStringParameters ?? {})
    .filter(([, values]) => (values?.length ?? 0) > 1)
    .map(([name]) => ({ path: name, message: 'may be given only once' }));
  if (repeated.length > 0) throw invalidQuery(repeated);
  const parsed = registerQuerySchema.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success) {
    throw InvalidQueryError.fromZodError(parsed.error);
  }
  const { format, from, to, status, risk } = parsed.data;
  return {
    format,
    filter: {
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(status ? { status } : {}),
      ...(risk ? { risk } : {}),
    },
  };
};
