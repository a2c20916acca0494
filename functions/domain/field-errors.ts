import type * as z from 'zod/mini';
import type { FieldError } from './errors';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `['occurred', 'from']` → `occurred.from`; `['breachTypes', 2]` → `breachTypes[2]`; odd keys → `["a b"]`. */
export const formatPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((out, segment) => {
    if (typeof segment === 'number') return `${out}[${segment}]`;
    const key = String(segment);
    if (IDENTIFIER.test(key)) return out ? `${out}.${key}` : key;
    return `${out}[${JSON.stringify(key)}]`;
  }, '');

/**
 * One field error per problem, each message as zod-english.ts words it. Unknown keys are reported each at its own
 * path, so a caller sees which field was not recorded rather than a message on the enclosing object.
 */
export const fieldErrors = (error: z.core.$ZodError): FieldError[] =>
  error.issues.flatMap((issue): FieldError[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: 'unknown field' }))
      : [{ path: formatPath(issue.path), message: issue.message }],
  );
