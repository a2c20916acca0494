import { beforeEach, describe, expect, it } from 'vitest';
import { breachIdFor } from '../../../functions/domain/breach-id';
import { makeHandler } from '../../../functions/get-breach/make-handler';
import { aReportedEvent, aWorkflowStarted } from '../../support/event-fixtures';
import { anOrganisation, InMemoryBreachRepository, InMemoryOrganisationRepository } from '../../support/fakes';
import { aReport, REPORT_NOW } from '../../support/reports';
import { apiEvent, lambdaContext } from '../http/api-event';

let breaches: InMemoryBreachRepository;
let handler: ReturnType<typeof makeHandler>;
const breachId = breachIdFor('org-1', 'key-00000001');

beforeEach(async () => {
  breaches = new InMemoryBreachRepository();
  const organisations = new InMemoryOrganisationRepository();
  await organisations.put(anOrganisation('org-1'));
  await organisations.put(anOrganisation('org-2'));
  await breaches.create(breachId, 'org-1', aReportedEvent(aReport()));
  await breaches.append(breachId, aWorkflowStarted('arn:exec'));
  handler = makeHandler({ breaches, organisations, now: () => REPORT_NOW });
});

const get = async (id: string, organisationId: string | null = 'org-1') => {
  const response = await handler(
    apiEvent({ path: `/breaches/${id}`, pathParameters: { id }, organisationId }),
    lambdaContext(),
  );
  return { ...response, json: JSON.parse(response.body) };
};

describe('GET /breaches/{id}', () => {
  it("returns the breach's state, its deadlines with their status, and its events", async () => {
    const response = await get(breachId);

    expect(response.statusCode).toBe(200);
    expect(response.headers?.['cache-control']).toBe('no-store');
    expect(response.json.state).toMatchObject({ breachId, organisationId: 'org-1', stage: 'reported', status: 'open' });
    expect(response.json.events.map((e: { type: string }) => e.type)).toEqual(['reported', 'workflow-started']);
    // Aware two hours before now: the 24 h clock is pending, none has passed.
    expect(response.json.deadlines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ clockId: 'authority', status: expect.stringMatching(/pending|warning/) }),
      ]),
    );
    expect(response.json.links).toEqual({ self: `/prod/breaches/${breachId}` });
  });

  it('answers a malformed id, an unknown id and another organisation’s breach with the same 404', async () => {
    const strip = ({ instance: _instance, ...problem }: Record<string, unknown>) => problem;

    const malformed = await get('not-a-breach-id');
    const unknown = await get(breachIdFor('org-1', 'never-used'));
    const foreign = await get(breachId, 'org-2');

    for (const response of [malformed, unknown, foreign]) {
      expect(response.statusCode).toBe(404);
      expect(response.headers?.['content-type']).toBe('application/problem+json');
    }
    expect(strip(unknown.json)).toEqual(strip(malformed.json));
    expect(strip(foreign.json)).toEqual(strip(malformed.json));
    expect(foreign.body).not.toContain('org-1');
  });

  it('measures deadlines against the clocks recorded with the report, not the policy as it is now', async () => {
    // Prepare
    const reported = aReportedEvent(aReport());
    const clocks = [{ id: 'authority' as const, label: 'Tell the ICO', hours: 12, warnBeforeHours: [] }];
    const id = breachIdFor('org-1', 'key-00000002');
    await breaches.create(id, 'org-1', { ...reported, data: { ...reported.data, clocks } });

    // Act
    const response = await get(id);

    // Assess
    expect(response.json.deadlines).toEqual([
      {
        clockId: 'authority',
        label: 'Tell the ICO',
        dueAt: '2025-03-10T22:00:00.000Z',
        warnings: [],
        status: 'pending',
      },
    ]);
  });

  it('fails closed with 401 without an organisation', async () => {
    const response = await get(breachId, null);

    expect(response.statusCode).toBe(401);
  });
});
