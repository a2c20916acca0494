import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoBreachRepository } from '../../functions/adapters/breach-repository';
import { DynamoOrganisationRepository } from '../../functions/adapters/organisation-repository';
import { makeHandler as acknowledgementHandler } from '../../functions/authority-acknowledgement/make-handler';
import { makeHandler as followUpHandler } from '../../functions/authority-follow-up/make-handler';
import { makeHandler as reportHandler } from '../../functions/authority-report/make-handler';
import { validateDecision } from '../../functions/domain/decisions';
import type { NewEvent } from '../../functions/domain/events';
import { presetPolicy } from '../../functions/domain/presets';
import { decisionContextFor } from '../../functions/domain/take-decision';
import { makeHandler as otherPartiesHandler } from '../../functions/other-parties/make-handler';
import { at, DPO, decisionEvent, notifiedHistory, reportedEvents } from '../support/authority-histories';
import { type LocalTable, startDynalite } from '../support/dynalite';
import { apiEvent, jsonRequest, lambdaContext } from '../unit/http/api-event';

/** The authority routes and the other-parties route on the real table, and the RCOT closure condition. */

let table: LocalTable;
let breaches: DynamoBreachRepository;
let organisations: DynamoOrganisationRepository;
let handlers: {
  report: ReturnType<typeof reportHandler>;
  followUp: ReturnType<typeof followUpHandler>;
  acknowledge: ReturnType<typeof acknowledgementHandler>;
  otherParties: ReturnType<typeof otherPartiesHandler>;
};
const now = () => new Date(at(40));
const logger = { error: () => undefined };

const NOTIFIED = 'BR-DDDD-0000-0000-0001';
const UNREPORTED = 'BR-DDDD-0000-0000-0002';
const OTHER_ORG = 'BR-EEEE-0000-0000-0001';

const record = async (breachId: string, organisationId: string, events: NewEvent[]) => {
  const [first, ...rest] = events;
  await breaches.create(breachId, organisationId, first as NewEvent<'reported'>);
  for (const event of rest) await breaches.append(breachId, event);
};

beforeAll(async () => {
  table = await startDynalite();
  const options = { client: table.client, tableName: table.tableName };
  breaches = new DynamoBreachRepository(options);
  organisations = new DynamoOrganisationRepository(options);
  handlers = {
    report: reportHandler({ breaches, organisations, now, logger }),
    followUp: followUpHandler({ breaches, organisations, now, logger }),
    acknowledge: acknowledgementHandler({ breaches, now, logger }),
    otherParties: otherPartiesHandler({ breaches, organisations, logger }),
  };
  const dpo = { name: 'Dana Protection', email: 'dpo@rcot.example.org', role: 'Data Protection Officer' };
  await organisations.put({ id: 'org-a', name: 'RCOT', policy: presetPolicy('rcot', { dpo }) });
  await organisations.put({ id: 'org-b', name: 'Other', policy: presetPolicy('social-care', { dpo }) });
  await record(
    NOTIFIED,
    'org-a',
    notifiedHistory('rcot', { description: 'Member records e-mailed to the wrong branch.' }),
  );
  await record(UNREPORTED, 'org-a', reportedEvents('rcot'));
  await record(
    OTHER_ORG,
    'org-b',
    notifiedHistory('social-care', {}, { dspt: { reference: 'D-1', icoConfirmationSentAt: at(29) } }),
  );
});

afterAll(async () => {
  await table?.close();
});

const get = (
  route: 'authority-report' | 'other-parties',
  breachId: string,
  query?: Record<string, string>,
  org = 'org-a',
) =>
  handlers[route === 'authority-report' ? 'report' : 'otherParties'](
    apiEvent({ path: `/breaches/${breachId}/${route}`, pathParameters: { id: breachId }, query, organisationId: org }),
    lambdaContext(),
  );

const post = (
  route: 'authority-reports' | 'authority-acknowledgement',
  breachId: string,
  body: unknown,
  org = 'org-a',
) =>
  handlers[route === 'authority-reports' ? 'followUp' : 'acknowledge'](
    jsonRequest(body, {
      path: `/breaches/${breachId}/${route}`,
      pathParameters: { id: breachId },
      organisationId: org,
    }),
    lambdaContext(),
  );

describe('GET /breaches/{id}/authority-report', () => {
  it('returns the initial report as JSON, generated from the record', async () => {
    const response = await get('authority-report', NOTIFIED);

    expect(response.statusCode).toBe(200);
    const body = JSON.parse(response.body);
    expect(body.reportType.phase).toBe('initial');
    expect(body.about.whatHappened).toBe('Member records e-mailed to the wrong branch.');
    expect(body.art33.b.email).toBe('dpo@rcot.example.org');
  });

  it('returns text for the online form and a PDF as base64', async () => {
    const text = await get('authority-report', NOTIFIED, { format: 'text' });
    const pdf = await get('authority-report', NOTIFIED, { format: 'pdf' });

    expect(text.headers?.['content-type']).toBe('text/plain; charset=utf-8');
    expect(text.body).toContain('> Please describe what happened\nMember records e-mailed to the wrong branch.');
    expect(pdf.isBase64Encoded).toBe(true);
    expect(pdf.headers?.['content-type']).toBe('application/pdf');
    const bytes = Buffer.from(pdf.body, 'base64');
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await PDFDocument.load(bytes)).getPageCount()).toBeGreaterThan(0);
  });

  it('refuses a follow-up report before the initial one with 409, and an unknown parameter with 400', async () => {
    expect((await get('authority-report', UNREPORTED, { phase: 'follow-up' })).statusCode).toBe(409);
    expect((await get('authority-report', UNREPORTED, { phsae: 'follow-up' })).statusCode).toBe(400);
  });

  it("answers 404 for another organisation's breach", async () => {
    expect((await get('authority-report', OTHER_ORG)).statusCode).toBe(404);
    expect((await get('other-parties', OTHER_ORG)).statusCode).toBe(404);
  });
});

describe('phased reporting and the acknowledgement', () => {
  it('refuses a follow-up and an acknowledgement before the initial report with 409', async () => {
    const followUp = await post('authority-reports', UNREPORTED, {
      phase: 'follow-up',
      submittedAt: at(35),
      added: 'The number of members affected.',
    });
    const acknowledgement = await post('authority-acknowledgement', UNREPORTED, { receivedAt: at(35) });

    expect(followUp.statusCode).toBe(409);
    expect(JSON.parse(followUp.body).type).toBe('urn:breachdesk:problem:initial-report-not-recorded');
    expect(acknowledgement.statusCode).toBe(409);
  });

  it('records the follow-up and the final report in order, once each however often they are posted', async () => {
    const followUp = { phase: 'follow-up', submittedAt: at(34), reference: 'IC-1234-5678', added: 'Exact count.' };
    const final = {
      phase: 'final',
      submittedAt: at(38),
      reference: 'IC-1234-5678',
      added: 'Root causes.',
      submittedBy: DPO,
    };

    const first = await post('authority-reports', NOTIFIED, followUp);
    const again = await post('authority-reports', NOTIFIED, followUp);
    const last = await post('authority-reports', NOTIFIED, final);

    expect([first.statusCode, again.statusCode, last.statusCode]).toEqual([201, 200, 201]);
    expect(JSON.parse(last.body).authorityReports).toEqual([
      { phase: 'initial', submittedAt: at(30), reference: 'IC-1234-5678' },
      { phase: 'follow-up', submittedAt: at(34), reference: 'IC-1234-5678' },
      { phase: 'final', submittedAt: at(38), reference: 'IC-1234-5678' },
    ]);
    const events = await breaches.events(NOTIFIED);
    const followUps = events.filter((e) => e.type === 'authority-follow-up');
    expect(followUps).toHaveLength(2);
    expect(followUps.at(-1)?.actor).toEqual({ kind: 'person', ...DPO });
    // Each report marked sent is frozen once, the initial one included.
    expect(events.filter((e) => e.type === 'authority-report-sent').map((e) => e.data)).toEqual([
      expect.objectContaining({ number: 1, phase: 'initial' }),
      expect.objectContaining({ number: 2, phase: 'follow-up' }),
      expect.objectContaining({ number: 3, phase: 'final' }),
    ]);
  });

  it('refuses a report dated before the latest one, and one in the future', async () => {
    const earlier = await post('authority-reports', NOTIFIED, { phase: 'follow-up', submittedAt: at(32), added: 'x' });
    const future = await post('authority-reports', NOTIFIED, { phase: 'follow-up', submittedAt: at(50), added: 'x' });

    expect(earlier.statusCode).toBe(400);
    expect(JSON.parse(earlier.body).errors).toEqual([
      expect.objectContaining({ path: 'submittedAt', message: expect.stringContaining('latest report') }),
    ]);
    expect(future.statusCode).toBe(400);
  });

  it('offers the follow-up report with the case reference once the initial one is recorded', async () => {
    const body = JSON.parse((await get('authority-report', NOTIFIED, { phase: 'follow-up' })).body);

    expect(body.reportType).toMatchObject({ phase: 'follow-up', caseReference: 'IC-1234-5678' });
    expect(body.reportType.previousReports).toHaveLength(3);
  });

  it("holds the RCOT case open until the authority's written receipt is recorded", async () => {
    await breaches.append(
      NOTIFIED,
      decisionEvent('evaluate', 39, {
        rootCauses: ['Wrong branch address'],
        lessons: 'Check it.',
        recommendations: [],
      }),
    );
    const organisation = await organisations.get('org-a');
    if (!organisation) throw new Error('organisation missing');
    const close = { decidedBy: DPO, recommendationsCompleted: true };
    const contextNow = async () => {
      const state = await breaches.state(NOTIFIED);
      if (!state) throw new Error('breach missing');
      return decisionContextFor(state, organisation.policy, now());
    };

    const before = await contextNow();
    expect(before.authorityAcknowledged).toBe(false);
    expect(() => validateDecision('close', close, before)).toThrow(/written confirmation of receipt/);

    const badReceipt = await post('authority-acknowledgement', NOTIFIED, { receivedAt: at(29) });
    const receipt = await post('authority-acknowledgement', NOTIFIED, {
      receivedAt: at(30.5),
      reference: 'IC-1234-5678',
    });

    expect(badReceipt.statusCode).toBe(400);
    expect(receipt.statusCode).toBe(201);
    const after = await contextNow();
    expect(after.authorityAcknowledged).toBe(true);
    expect(validateDecision('close', close, after).step).toBe('close');
    expect((await breaches.state(NOTIFIED))?.authorityAcknowledgement).toEqual({
      receivedAt: at(30.5),
      reference: 'IC-1234-5678',
    });
  });
});

describe('GET /breaches/{id}/other-parties', () => {
  it('lists the suggested parties with why and where each stands', async () => {
    const response = await get('other-parties', OTHER_ORG, undefined, 'org-b');

    expect(response.statusCode).toBe(200);
    const { parties } = JSON.parse(response.body);
    expect(parties.map((p: { party: string; status: string }) => [p.party, p.status])).toEqual([
      ['dspt', 'pending'],
      ['local-authority', 'pending'],
      ['insurer', 'pending'],
      ['legal-adviser', 'pending'],
      // Social care tells its IG team / Caldicott Guardian of every breach.
      ['ig-team-caldicott-guardian', 'pending'],
    ]);
    expect(parties[0].reasons[0].text).toContain('DSPT');
  });
});
