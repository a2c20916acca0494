import { config } from 'zod/mini';
import type { $ZodRawIssue } from 'zod/v4/core';
import { formatPath } from './field-errors';

/**
 * The one place where zod's issues become the messages callers read, in every problem+json field error and every
 * rejected row: our words, naming the field ("reporter is required", "approximateSubjects must be at least 0"), never
 * the library's ("Invalid input: expected object, received undefined"). A message a schema gives itself (a refine's
 * reason) is kept: zod asks this function only when there is none.
 *
 * The setting is global, so it must run before anything parses: every module that imports 'zod/mini' imports this one
 * for its side effect (`import './zod-english'`). A side-effect import rather than a module re-exporting a configured
 * `z`: esbuild tree-shakes `import * as z from 'zod/mini'` down to the functions a file uses, but a namespace
 * re-exported from here is kept whole (about 420 KiB, as much as classic zod). zod's own English locale is not
 * loaded at all: nothing of its wording can reach a caller.
 */

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  bigint: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  date: 'a date',
  null: 'null',
};

const FORMAT_WORDS: Readonly<Record<string, string>> = {
  email: 'an e-mail address',
  url: 'a URL',
  datetime: 'a date and time with its offset, such as 2026-11-23T08:15:00Z',
  date: 'a date such as 2026-11-23',
  time: 'a time such as 08:15',
  uuid: 'a UUID',
};

const quoted = (value: unknown): string => (typeof value === 'string' ? `'${value}'` : String(value));
const plural = (count: number | bigint, one: string, many: string): string =>
  `${count} ${Number(count) === 1 ? one : many}`;

/** What the field is called in the message: its path, or "the body" for the input itself. */
const fieldName = (path: readonly PropertyKey[] | undefined): string => formatPath(path ?? []) || 'the body';

const sizeMessage = (
  name: string,
  issue: { origin: string; inclusive?: boolean },
  limit: number | bigint,
  least: boolean,
) => {
  switch (issue.origin) {
    case 'string':
      if (least && Number(limit) === 1) return `${name} must not be empty`;
      return `${name} must be ${least ? 'at least' : 'at most'} ${plural(limit, 'character', 'characters')} long`;
    case 'array':
    case 'set':
      if (least && Number(limit) === 1) return `${name} must list at least one item`;
      return `${name} must list ${least ? 'at least' : 'at most'} ${plural(limit, 'item', 'items')}`;
    default:
      if (issue.inclusive === false) return `${name} must be ${least ? 'more' : 'less'} than ${limit}`;
      return `${name} must be ${least ? 'at least' : 'at most'} ${limit}`;
  }
};

export const messageFor = (issue: $ZodRawIssue): string => {
  const name = fieldName(issue.path);
  // A key that is absent: what a caller needs to hear is that it must be there, not what type it would have had.
  if (issue.input === undefined && issue.code !== 'unrecognized_keys' && issue.code !== 'custom') {
    return `${name} is required`;
  }
  switch (issue.code) {
    case 'invalid_type':
      return `${name} must be ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
    case 'too_small':
      return sizeMessage(name, issue, issue.minimum, true);
    case 'too_big':
      return sizeMessage(name, issue, issue.maximum, false);
    case 'invalid_format':
      return FORMAT_WORDS[issue.format]
        ? `${name} must be ${FORMAT_WORDS[issue.format]}`
        : `${name} is not in the expected form`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `${name} must be ${quoted(issue.values[0])}`
        : `${name} must be one of ${issue.values.map(quoted).join(', ')}`;
    case 'invalid_union': {
      const options = 'options' in issue && Array.isArray(issue.options) ? issue.options : [];
      return options.length > 0
        ? `${name} must be one of ${options.map(quoted).join(', ')}`
        : `${name} does not match any of the accepted forms`;
    }
    case 'unrecognized_keys':
      return `unknown ${issue.keys.length === 1 ? 'field' : 'fields'} ${issue.keys.join(', ')}`;
    case 'not_multiple_of':
      return `${name} must be a multiple of ${issue.divisor}`;
    default:
      return `${name} is not valid`;
  }
};

config({ customError: messageFor });
