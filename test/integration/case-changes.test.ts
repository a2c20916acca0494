import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoBreachRepository } from '../../functions/adapters/breach-repository';
import { DynamoDecisionRequestRepository } from '../../functions/adapters/decision-request-repository';
import { SesMailer } from '../../functions/adapters/mailer';
import { DynamoOrganisationRepository } from '../../functions/adapters/organisation-repository';
import { makeHandler } from '../../functions/case-changes/make-handler';
import { checkMark } from '../../functions/domain/check-mark';
import { isEvent, type NewEvent } from '../../functions/domain/events';
import { presetPolicy } from '../../functions/domain/presets';
import { at, DPO, decisionEvent, PLAN_AUTHORITY, reportedEvents } from '../support/authority-histories';
import { type LocalTable, startDynalite } from '../support/dynalite';
import { type LocalSes, startLocalSes } from '../support/ses';
import { jsonRequest, lambdaContext } from '../unit/http/api-event';

/**
 * The routes that change a case, on the real table and SES emulator: what each records, what each refuses (writing
 * nothing), and tenant isolation. The workflow's waiting tasks are not running here: waking them is a no-op.
 */

let table: LocalTable;
let ses: LocalSes;
let breaches: DynamoBreachRepository;
let handler: ReturnType<typeof makeHandler>;
const wakes: string[] = [];

const DECIDED = 'BR-FFFF-0000-0000-0001';
const CLOSED = 'BR-FFFF-0000-0000-0002';
const SCHOOL = 'BR-FFFF-0000-0000-0003';
const dpoMail = 'dpo@school.example.org';

const record = async (breachId: string, organisationId: string, events: NewEvent[]) => {
  const [first, ...rest] = events;
  await breaches.create(breachId, organisationId, first as NewEvent<'reported'>);
  for (const event of rest) await breaches.append(breachId, event);
};

const decided = (preset: 'generic' | 'school'): NewEvent[] => [
  ...reportedEvents(preset, {
    description: 'Health details of 40 patients e-mailed to a partner practice.',
    dataCategories: ['basic-identifiers', 'health'],
    subjectCategories: ['patients'],
    approximateSubjects: 40,
    approximateRecords: 40,
    recipient: 'trusted',
    recovery: 'unknown',
  }),
  decisionEvent('contain', 3, {
    contained: true,
    measures: 'Deletion confirmed in writing.',
    recovery: 'deleted-confirmed',
  }),
  decisionEvent(
    'decide',
    5,
    { conclusion: 'authority-only', rationale: 'A trusted partner deleted it: a risk, but not a high one.' },
    PLAN_AUTHORITY,
  ),
];

const post = async (
  resource: string,
  breachId: string,
  body: unknown,
  options: { organisationId?: string; actionId?: string } = {},
): Promise<APIGatewayProxyResult> => {
  const organisationId = options.organisationId ?? (breachId === SCHOOL ? 'org-s' : 'org-a');
  const path = resource.replace('{id}', breachId).replace('{actionId}', options.actionId ?? '');
  const event = {
    ...jsonRequest(body, { path, organisationId }),
    resource,
    pathParameters: { id: breachId, ...(options.actionId ? { actionId: options.actionId } : {}) },
  };
  return (await handler(event, lambdaContext())) as APIGatewayProxyResult;
};

beforeAll(async () => {
  [table, ses] = await Promise.all([startDynalite(), startLocalSes()]);
  const options = { client: table.client, tableName: table.tableName };
  breaches = new DynamoBreachRepository(options);
  const organisations = new DynamoOrganisationRepository(options);
  const dpo = { name: 'Dana Protection', email: dpoMail, role: 'Data Protection Officer' };
  await organisations.put({ id: 'org-a', name: 'Practice', policy: presetPolicy('generic', { dpo }) });
  await organisations.put({ id: 'org-s', name: 'School', policy: presetPolicy('school', { dpo }) });
  handler = makeHandler({
    breaches,
    organisations,
    requests: new DynamoDecisionRequestRepository(options),
    callbacks: { succeed: async () => false, fail: async () => false },
    reminders: {
      park: async () => undefined,
      wake: async (breachId) => {
        wakes.push(breachId);
        return false;
      },
    },
    mailer: new SesMailer({
      client: new SESv2Client({
        endpoint: ses.endpoint,
        region: 'eu-west-2',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
      fromAddress: 'breachdesk@school.example.org',
    }),
    breachUrl: (id) => `https://breachdesk.example.org/breaches/${id}`,
    now: () => new Date(at(8)),
    logger: { error: () => undefined },
  });
  await record(DECIDED, 'org-a', decided('generic'));
  await record(CLOSED, 'org-a', [
    ...decided('generic'),
    { type: 'closed', at: at(9), actor: { kind: 'system', component: 'lifecycle' }, data: {} },
  ]);
  await record(SCHOOL, 'org-s', decided('school'));
});

afterAll(async () => {
  await Promise.all([table?.close(), ses?.close()]);
});

describe('POST /breaches/{id}/amendments', () => {
  it('refuses an amendment without a reason, or that changes nothing, and writes nothing', async () => {
    const before = await breaches.events(DECIDED);
    const noReason = await post('/breaches/{id}/amendments', DECIDED, {
      changes: { recipient: 'untrusted' },
      reason: 'x',
      amendedBy: DPO,
    });
    const same = await post('/breaches/{id}/amendments', DECIDED, {
      changes: { recipient: 'trusted' },
      reason: 'Checked again with the practice manager.',
      amendedBy: DPO,
    });
    const role = await post('/breaches/{id}/amendments', DECIDED, {
      changes: { organisationRole: { role: 'controller' } },
      reason: 'Checked again with the practice manager.',
      amendedBy: DPO,
    });
    expect([noReason.statusCode, same.statusCode, role.statusCode]).toEqual([422, 422, 422]);
    expect(JSON.parse(noReason.body).errors).toEqual([{ path: 'reason', message: expect.stringMatching(/sentence/) }]);
    expect(JSON.parse(same.body).errors[0].path).toBe('changes');
    expect(await breaches.events(DECIDED)).toEqual(before);
  });

  it('records who amended what and why, reassesses, and mails the DPO when the conclusion changes', async () => {
    const response = await post('/breaches/{id}/amendments', DECIDED, {
      changes: { recipient: 'untrusted' },
      reason: 'The address was a former employee’s private mailbox.',
      amendedBy: DPO,
    });
    expect(response.statusCode).toBe(201);
    const types = (await breaches.events(DECIDED)).map((e) => e.type).slice(-4);
    expect(types).toEqual(['fact-amended', 'assessment-computed', 'revision-requested', 'mail-sent']);
    const state = await breaches.state(DECIDED);
    expect(state?.assessment?.conclusion).toBe('authority-and-subjects');
    expect(state?.revisionRequested?.decidedConclusion).toBe('authority-only');
    const [mail] = await ses.messages();
    expect(mail?.destination.to).toEqual([dpoMail]);
    expect(mail?.subject).toContain('decision to revise');
  });

  it('answers 404 for another organisation’s breach and 409 once the case is closed', async () => {
    const body = {
      changes: { recipient: 'untrusted' },
      reason: 'The recipient was not who we thought.',
      amendedBy: DPO,
    };
    expect((await post('/breaches/{id}/amendments', DECIDED, body, { organisationId: 'org-s' })).statusCode).toBe(404);
    expect((await post('/breaches/{id}/amendments', CLOSED, body)).statusCode).toBe(409);
  });
});

describe('POST /breaches/{id}/revisions', () => {
  it('revises the decision with its reason, keeps the earlier one, and answers the revision request', async () => {
    const response = await post('/breaches/{id}/revisions', DECIDED, {
      decidedBy: DPO,
      conclusion: 'authority-and-subjects',
      rationale: 'An untrusted recipient holds health data: a high risk, the patients are told.',
      reason: 'The reassessment after the amended recipient.',
    });
    expect(response.statusCode).toBe(201);
    const state = await breaches.state(DECIDED);
    expect(state?.revisionRequested).toBeUndefined();
    expect(state?.plan?.subjects).toBe(true);
    expect(state?.revisions).toEqual([
      expect.objectContaining({ previousConclusion: 'authority-only', conclusion: 'authority-and-subjects' }),
    ]);
    const taken = (await breaches.events(DECIDED)).filter((e) => isEvent(e, 'decision-taken'));
    expect(taken.map((e) => isEvent(e, 'decision-taken') && e.data.step)).toEqual(['contain', 'decide']);
  });
});

describe('actions and the authority’s side (school)', () => {
  it('records the ICO’s outcome with its required action, and only the DSIRO confirms it complete', async () => {
    const outcome = await post('/breaches/{id}/authority-outcome', SCHOOL, {
      outcome: 'remedial-actions-required',
      at: at(7),
      summary: 'Training for the office staff within a month.',
      caseReference: 'IC-999-0001',
      requiredActions: [{ title: 'Office staff training', owner: { name: 'Office manager' }, dueAt: at(24 * 30) }],
      recordedBy: DPO,
    });
    expect(outcome.statusCode).toBe(201);
    expect(wakes).toContain(SCHOOL);

    const byDpo = await post(
      '/breaches/{id}/actions/{actionId}',
      SCHOOL,
      { outcome: 'complete', note: 'Training delivered to all.', closedBy: DPO },
      { actionId: 'A1' },
    );
    expect(byDpo.statusCode).toBe(422);
    expect(JSON.parse(byDpo.body).errors[0].message).toMatch(/DSIRO/);
    const byDsiro = await post(
      '/breaches/{id}/actions/{actionId}',
      SCHOOL,
      { outcome: 'complete', note: 'Training delivered to all.', closedBy: { name: 'Sam Risk', role: 'DSIRO' } },
      { actionId: 'A1' },
    );
    expect(byDsiro.statusCode).toBe(201);
    const state = await breaches.state(SCHOOL);
    expect(state?.authorityCase).toMatchObject({
      caseReference: 'IC-999-0001',
      outcome: { outcome: 'remedial-actions-required' },
    });
    expect(state?.actions).toEqual([
      expect.objectContaining({ actionId: 'A1', source: 'authority', status: 'complete' }),
    ]);
  });

  it('records an exchange in, and a party decided later with the reason it is not told', async () => {
    const exchange = await post('/breaches/{id}/authority-exchanges', SCHOOL, {
      direction: 'in',
      channel: 'letter',
      at: at(6),
      summary: 'The ICO acknowledges the report and opens a case.',
      caseReference: 'IC-999-0001',
      recordedBy: DPO,
    });
    const party = await post('/breaches/{id}/other-parties', SCHOOL, {
      party: 'court',
      told: false,
      note: 'No court documents were involved.',
      decidedBy: DPO,
    });
    const unknownAction = await post(
      '/breaches/{id}/actions/{actionId}',
      SCHOOL,
      { outcome: 'complete', note: 'Done and dusted.', closedBy: DPO },
      { actionId: 'A9' },
    );
    expect([exchange.statusCode, party.statusCode, unknownAction.statusCode]).toEqual([201, 201, 404]);
    const state = await breaches.state(SCHOOL);
    expect(state?.authorityCase?.exchanges.map((e) => e.exchangeId)).toEqual(['E1']);
    expect(state?.partyDecisions?.court).toMatchObject({ told: false, note: 'No court documents were involved.' });
  });
});

describe('POST /breaches/{id}/obligation-stages', () => {
  const CROSS_BORDER = 'BR-FFFF-0000-0000-0004';
  const DPC = 'eu-gdpr-art-33@dpc-ie/notification';
  const resource = '/breaches/{id}/obligation-stages';

  beforeAll(async () => {
    await record(CROSS_BORDER, 'org-a', [
      ...reportedEvents('generic', {
        description: 'Members’ records exposed by a misconfigured file share.',
        approximateSubjects: 300,
        peopleIn: [
          { place: 'GB', subjects: 200 },
          { place: 'IE', subjects: 100 },
        ],
      }),
      decisionEvent(
        'decide',
        5,
        { conclusion: 'authority-only', rationale: 'Contact details only, but taken: a risk, not a high one.' },
        PLAN_AUTHORITY,
      ),
    ]);
  });

  it('records a stage as sent, and its clock then stops alerting', async () => {
    const clockDeps = {
      breaches,
      organisations: new DynamoOrganisationRepository({ client: table.client, tableName: table.tableName }),
      mailer: { send: async () => ({ messageId: 'never' }) },
      breachUrl: (id: string) => `https://breachdesk.example.org/breaches/${id}`,
      now: () => new Date(at(80)),
    };
    const mark = { clockId: DPC, kind: 'deadline', at: at(72) } as const;

    const response = await post(resource, CROSS_BORDER, { key: DPC, sentAt: at(7), reference: 'DPC-BN-1/25' });

    expect(response.statusCode).toBe(201);
    expect(JSON.parse(response.body)).toMatchObject({
      type: 'obligation-stage-sent',
      data: { key: DPC, sentAt: at(7), reference: 'DPC-BN-1/25' },
    });
    expect((await breaches.state(CROSS_BORDER))?.obligationsSent).toEqual({ [DPC]: at(7) });
    expect(await checkMark(clockDeps, CROSS_BORDER, mark)).toBe('met');
    expect((await breaches.events(CROSS_BORDER)).filter((e) => e.type === 'deadline-missed')).toHaveLength(0);
  });

  it('takes the same stage and time again as the recorded event; another time is a 409', async () => {
    const seq = JSON.parse((await post(resource, CROSS_BORDER, { key: DPC, sentAt: at(7) })).body).seq;
    const again = await post(resource, CROSS_BORDER, { key: DPC, sentAt: at(7) });
    const otherTime = await post(resource, CROSS_BORDER, { key: DPC, sentAt: at(7.5) });

    expect(JSON.parse(again.body).seq).toBe(seq);
    expect(otherTime.statusCode).toBe(409);
    expect(JSON.parse(otherTime.body).detail).toBe(
      `stage ${DPC} is already recorded as sent at ${at(7)}; a stage is recorded once`,
    );
  });

  it('refuses a key that is not a stage of the plan, naming the stages it has, and writes nothing', async () => {
    const before = await breaches.events(CROSS_BORDER);

    const response = await post(resource, CROSS_BORDER, { key: 'nis2@csirt-ie/early-warning', sentAt: at(7) });
    const future = await post(resource, CROSS_BORDER, { key: DPC, sentAt: '2099-01-01T00:00:00Z' });

    expect(response.statusCode).toBe(400);
    const [problem] = JSON.parse(response.body).errors;
    expect(problem.path).toBe('key');
    expect(problem.message).toMatch(
      /^is not a stage of this breach’s obligations; its stages are: .*eu-gdpr-art-33@dpc-ie\/notification/,
    );
    expect(future.statusCode).toBe(400);
    expect(JSON.parse(future.body).errors).toEqual([{ path: 'sentAt', message: 'must not be in the future' }]);
    expect(await breaches.events(CROSS_BORDER)).toEqual(before);
  });

  it('answers 404 for another organisation’s breach and 409 for a closed one', async () => {
    const foreign = await post(resource, CROSS_BORDER, { key: DPC, sentAt: at(7) }, { organisationId: 'org-s' });
    const closed = await post(resource, CLOSED, { key: DPC, sentAt: at(7) });

    expect(foreign.statusCode).toBe(404);
    expect(closed.statusCode).toBe(409);
    expect(JSON.parse(closed.body).detail).toBe(`breach ${CLOSED} is closed: its record can no longer change`);
  });
});
