import { describe, expect, it } from 'vitest';
import { safeReturnPath } from '../../../functions/domain/return-path';

const BASE = '/v1/console';

describe('the return path after sign-in', () => {
  it.each([
    ['/v1/console/', '/v1/console/'],
    ['/v1/console/breaches/BR-7K3M-9QXD-2F8A-1C4E', '/v1/console/breaches/BR-7K3M-9QXD-2F8A-1C4E'],
    ['/v1/console/?status=open&q=laptop', '/v1/console/?status=open&q=laptop'],
  ])('keeps a path inside the console (%s)', (candidate, expected) => {
    expect(safeReturnPath(candidate, BASE)).toBe(expected);
  });

  it.each([
    'https://evil.example/v1/console/',
    '//evil.example/v1/console/',
    '/\\evil.example',
    '/v1/console/../../evil',
    '/v1/console/%2e%2e/%2e%2e/x',
    '/v1/consoleevil',
    '/v1/console/\t/evil',
    'javascript:alert(1)',
    '/v1/report/demo-school',
    '',
    42,
    undefined,
  ])('sends anything else to the dashboard (%s)', (candidate) => {
    expect(safeReturnPath(candidate, BASE)).toBe('/v1/console/');
  });
});
