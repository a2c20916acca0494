import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InvalidCursorError } from '../../../functions/adapters/breach-repository';
import { makeHandler } from '../../../functions/list-breaches/make-handler';
import { aReportedEvent } from '../../support/event-fixtures';
import { InMemoryBreachRepository } from '../../support/fakes';
import { aReport } from '../../support/reports';
import { apiEvent, lambdaContext } from '../http/api-event';

let breaches: InMemoryBreachRepository;
let handler: ReturnType<typeof makeHandler>;

beforeEach(async () => {
  breaches = new InMemoryBreachRepository();
  await breaches.create(
    'BR-AAAA-AAAA-AAAA-AAAA',
    'org-1',
    aReportedEvent(aReport({}, new Date('2025-03-09T12:00:00Z'))),
  );
  await breaches.create(
    'BR-BBBB-BBBB-BBBB-BBBB',
    'org-1',
    aReportedEvent(aReport({}, new Date('2025-03-10T12:00:00Z'))),
  );
  await breaches.create('BR-CCCC-CCCC-CCCC-CCCC', 'org-2', aReportedEvent(aReport()));
  handler = makeHandler({ breaches });
});

afterEach(() => {
  vi.restoreAllMocks();
});

const list = async (query?: Record<string, string | string[]>, organisationId: string | null = 'org-1') => {
  const response = await handler(apiEvent({ path: '/breaches', query, organisationId }), lambdaContext());
  return { ...response, json: JSON.parse(response.body) };
};

describe('GET /breaches', () => {
  it("lists the organisation's own breaches, newest awareness first, with links", async () => {
    const response = await list();

    expect(response.statusCode).toBe(200);
    expect(response.json.items.map((item: { breachId: string }) => item.breachId)).toEqual([
      'BR-BBBB-BBBB-BBBB-BBBB',
      'BR-AAAA-AAAA-AAAA-AAAA',
    ]);
    expect(response.json.items[0]).toMatchObject({
      status: 'open',
      stage: 'reported',
      links: { self: '/prod/breaches/BR-BBBB-BBBB-BBBB-BBBB' },
    });
    expect(response.json.links).toEqual({ self: '/prod/breaches' });
    expect(response.json.cursor).toBeUndefined();
  });

  it('passes the filter, limit and cursor to the repository and links the next page', async () => {
    const spy = vi.spyOn(breaches, 'list').mockResolvedValue({ items: [], cursor: 'next-page' });

    const response = await list({ status: 'closed', limit: '10', cursor: 'this-page' });

    expect(spy).toHaveBeenCalledWith('org-1', { status: 'closed', limit: 10, cursor: 'this-page' });
    expect(response.json.cursor).toBe('next-page');
    expect(response.json.links).toEqual({
      self: '/prod/breaches?status=closed&limit=10&cursor=this-page',
      next: '/prod/breaches?status=closed&limit=10&cursor=next-page',
    });
  });

  it.each([
    ['an unknown parameter', { stauts: 'open' }, 'stauts', 'unknown field'],
    ['an unknown status', { status: 'pending' }, 'status', expect.any(String)],
    ['a limit of 0', { limit: '0' }, 'limit', 'must be a whole number from 1 to 100'],
    ['a limit over 100', { limit: '101' }, 'limit', 'must be a whole number from 1 to 100'],
    ['a fractional limit', { limit: '1.5' }, 'limit', 'must be a whole number from 1 to 100'],
    ['a word for a limit', { limit: 'ten' }, 'limit', 'must be a whole number from 1 to 100'],
    ['a cursor with odd characters', { cursor: 'a b' }, 'cursor', 'must be a cursor returned by a previous page'],
    ['a repeated parameter', { status: ['open', 'closed'] }, 'status', 'may be given only once'],
  ])('refuses %s with 400 naming it', async (_name, query, path, message) => {
    const spy = vi.spyOn(breaches, 'list');

    const response = await list(query);

    expect(response.statusCode).toBe(400);
    expect(response.json).toMatchObject({ status: 400, title: 'Invalid query' });
    expect(response.json.errors).toContainEqual({ path, message });
    expect(spy).not.toHaveBeenCalled();
  });

  it('refuses a cursor the repository did not issue for this organisation with 400', async () => {
    vi.spyOn(breaches, 'list').mockRejectedValue(new InvalidCursorError());

    const response = await list({ cursor: 'Zm9yZ2Vk' });

    expect(response.statusCode).toBe(400);
    expect(response.json.errors).toEqual([{ path: 'cursor', message: 'must be a cursor returned by a previous page' }]);
  });

  it('fails closed with 401 without an organisation', async () => {
    expect((await list(undefined, null)).statusCode).toBe(401);
  });
});
