import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { fieldErrors, formatPath } from '../../../functions/domain/field-errors';
import '../../../functions/domain/zod-english';

describe('formatPath', () => {
  it('joins keys with dots and indices with brackets', () => {
    expect(formatPath(['occurred', 'from'])).toBe('occurred.from');
    expect(formatPath(['breachTypes', 2])).toBe('breachTypes[2]');
    expect(formatPath(['escalation', 0, 'email'])).toBe('escalation[0].email');
  });

  it('quotes keys that are not identifiers', () => {
    expect(formatPath(['a b', 'c'])).toBe('["a b"].c');
    expect(formatPath(['x', 'we"ird'])).toBe('x["we\\"ird"]');
  });

  it('gives the empty string for the body itself', () => {
    expect(formatPath([])).toBe('');
  });
});

describe('fieldErrors', () => {
  const schema = z.strictObject({
    occurred: z.strictObject({ from: z.iso.datetime() }),
    items: z.array(z.enum(['a', 'b'])),
  });

  it('reports each problem at its exact path', () => {
    // Prepare
    const result = schema.safeParse({ occurred: { from: 'yesterday' }, items: ['a', 'c'] });

    // Act
    const errors = result.success ? [] : fieldErrors(result.error);

    // Assess
    expect(errors.map((e) => e.path)).toEqual(['occurred.from', 'items[1]']);
    expect(errors.every((e) => e.message.length > 0)).toBe(true);
  });

  it('reports every unknown key at its own path', () => {
    const result = schema.safeParse({ occurred: { from: '2025-01-01T00:00:00Z', to: 1 }, items: [], extra: true });

    const errors = result.success ? [] : fieldErrors(result.error);

    expect(errors).toEqual([
      { path: 'occurred.to', message: 'unknown field' },
      { path: 'extra', message: 'unknown field' },
    ]);
  });
});
