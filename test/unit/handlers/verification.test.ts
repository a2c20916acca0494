import { describe, expect, it } from 'vitest';
import { foldEvents } from '../../../functions/domain/state';
import type { BreachLogReader } from '../../../functions/domain/verify-all';
import type { StoredBreach } from '../../../functions/domain/verify-breach';
import { makeHandler } from '../../../functions/verification/make-handler';
import { aChain } from '../../support/event-fixtures';
import { unreportedHistory } from '../../support/register-histories';
import { apiEvent, lambdaContext } from '../http/api-event';

/** Breaches by organisation, as the index would list them; the log of each as the table holds it. */
const reader = (byOrganisation: Record<string, StoredBreach[]>): BreachLogReader & { scopes: unknown[] } => {
  const scopes: unknown[] = [];
  return {
    scopes,
    async *breachIds(scope) {
      scopes.push(scope);
      for (const breach of byOrganisation[scope.organisationId ?? ''] ?? []) yield breach.breachId;
    },
    async read(breachId) {
      const found = Object.values(byOrganisation)
        .flat()
        .find((b) => b.breachId === breachId);
      if (!found) throw new Error(`no ${breachId}`);
      return found;
    },
  };
};

const storedBreach = (breachId: string, dropSeq?: number): StoredBreach => {
  const events = aChain(breachId, unreportedHistory('2025-04-01T08:00:00Z'));
  return {
    breachId,
    events: events.filter((e) => e.seq !== dropSeq).map((event) => ({ storedSeq: event.seq, event })),
    projection: foldEvents(events),
    malformed: [],
  };
};

const now = () => new Date('2025-06-01T12:00:00Z');

describe('GET /verification', () => {
  it("verifies the caller's organisation only and reports what it found", async () => {
    const log = reader({
      'org-1': [storedBreach('BR-AAAA-0000-0000-0001'), storedBreach('BR-AAAA-0000-0000-0002', 2)],
      'org-2': [storedBreach('BR-BBBB-0000-0000-0001', 2)],
    });
    const handler = makeHandler({ log, now });

    const response = await handler(apiEvent({ path: '/verification' }), lambdaContext());

    expect(response.statusCode).toBe(200);
    expect(log.scopes).toEqual([{ organisationId: 'org-1' }]);
    expect(JSON.parse(response.body)).toEqual({
      organisationId: 'org-1',
      verifiedAt: '2025-06-01T12:00:00.000Z',
      intact: false,
      checked: 2,
      problems: [
        {
          breachId: 'BR-AAAA-0000-0000-0002',
          seq: 2,
          problem: 'gap',
          detail: 'event 2 missing: the log jumps from 1 to 3',
        },
      ],
      links: { self: '/prod/verification' },
    });
    expect(response.body).not.toContain('BR-BBBB');
  });

  it('says intact when every chain and projection holds', async () => {
    const handler = makeHandler({ log: reader({ 'org-1': [storedBreach('BR-AAAA-0000-0000-0001')] }), now });

    const body = JSON.parse((await handler(apiEvent({ path: '/verification' }), lambdaContext())).body);

    expect(body).toMatchObject({ intact: true, checked: 1, problems: [] });
  });

  it('refuses query parameters with 400 and fails closed with 401 without an organisation', async () => {
    const handler = makeHandler({ log: reader({}), now });

    const refused = await handler(apiEvent({ path: '/verification', query: { scope: 'all' } }), lambdaContext());
    expect(refused.statusCode).toBe(400);
    expect(JSON.parse(refused.body).errors).toEqual([{ path: 'scope', message: 'unknown field' }]);

    const anonymous = await handler(apiEvent({ path: '/verification', organisationId: null }), lambdaContext());
    expect(anonymous.statusCode).toBe(401);
  });
});
