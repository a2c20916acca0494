import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoBreachRepository } from '../../functions/adapters/breach-repository';
import { DynamoOrganisationRepository } from '../../functions/adapters/organisation-repository';
import { ERASE_PAGE } from '../../functions/domain/erase-subjects';
import { verifyChain } from '../../functions/domain/hash-chain';
import type { Organisation } from '../../functions/domain/ports';
import { subjectKey } from '../../functions/domain/subjects';
import { makeHandler } from '../../functions/erase-subjects/make-handler';
import { CALL_MARGIN_MS } from '../../functions/http/call-deadline';
import { type LocalTable, startDynalite } from '../support/dynalite';
import { type DynamoSubjects, dynamoSubjects } from '../support/dynamo-subjects';
import { anOrganisationWithPolicy, seedSubjectsBreach, tellByEmail } from '../support/subject-breach';
import { jsonRequest, lambdaContext } from '../unit/http/api-event';

/**
 * `DELETE /breaches/{id}/subjects` on dynalite: once a breach is closed, its people (SUBJECT#) and their SES message
 * pointers (SESMSG#) are deleted in pages within the call's time, and the log records how many, why and who decided.
 */

let table: LocalTable;
let breaches: DynamoBreachRepository;
let subjects: DynamoSubjects;
let handler: ReturnType<typeof makeHandler>;
let orgA: Organisation;
const DPO = { name: 'Dana Protection', role: 'DPO' };
const BODY = { reason: 'Case closed; contact details no longer needed (retention rule R-7).', decidedBy: DPO };
/** More than one page, so a call with no time to spare leaves some for the next. */
const PEOPLE = ERASE_PAGE + 50;

beforeAll(async () => {
  table = await startDynalite();
  const options = { client: table.client, tableName: table.tableName };
  breaches = new DynamoBreachRepository(options);
  subjects = dynamoSubjects({ client: table.client, tableName: table.subjectsTableName });
  const organisations = new DynamoOrganisationRepository(options);
  orgA = anOrganisationWithPolicy('org-a', 'generic');
  await organisations.put(orgA);
  await organisations.put(anOrganisationWithPolicy('org-b', 'generic'));
  handler = makeHandler({ breaches, subjects, now: () => new Date(), logger: { error: () => undefined } });
});

afterAll(async () => {
  await table?.close();
});

/** A breach with PEOPLE people: most told by e-mail (sent, with a pointer each), some by letter. Closed if asked. */
async function breachWithPeople(breachId: string, tag: string, options: { closed: boolean }): Promise<void> {
  await seedSubjectsBreach(breaches, { organisation: orgA, breachId, notifySubjects: tellByEmail });
  const people = Array.from({ length: PEOPLE }, (_, i) =>
    i % 10 === 0
      ? { name: `Person ${i} ${tag}`, postalAddress: `${i} High Street, Riverside ${tag}` }
      : { name: `Person ${i} ${tag}`, email: `p${i}.${tag}@people.example.org` },
  );
  const at = new Date().toISOString();
  await subjects.add(
    breachId,
    people.map((subject) => ({ key: subjectKey(breachId, subject), subject })),
    at,
  );
  const claimed = await subjects.claim(
    breachId,
    (await subjects.pending(breachId, 1000)).map((record) => record.key),
    `run-${tag}`,
    at,
  );
  for (const record of claimed) {
    await subjects.markSent(breachId, record.key, `run-${tag}`, `msg-${tag}-${record.key.slice(0, 12)}`, at);
  }
  if (options.closed) {
    await breaches.append(breachId, {
      type: 'closed',
      at: new Date().toISOString(),
      actor: { kind: 'system', component: 'close-case' },
      data: {},
    });
  }
}

/** Every item of the subjects table that belongs to the breach: its people, and the pointers that lead to them. */
const itemsOf = async (breachId: string) => {
  const { Items = [] } = await table.client.send(new ScanCommand({ TableName: table.subjectsTableName }));
  return {
    people: Items.filter(
      (item) => String(item.PK).startsWith(`BREACH#${breachId}#`) && String(item.SK).startsWith('SUBJECT#'),
    ),
    pointers: Items.filter((item) => String(item.PK).startsWith('SESMSG#') && item.breachId === breachId),
  };
};

const erase = (
  breachId: string,
  body: unknown = BODY,
  options: { organisationId?: string; timeLeftMs?: number } = {},
) =>
  handler(
    jsonRequest(body, {
      method: 'DELETE',
      path: `/breaches/${breachId}/subjects`,
      pathParameters: { id: breachId },
      organisationId: options.organisationId ?? 'org-a',
    }),
    { ...lambdaContext(), getRemainingTimeInMillis: () => options.timeLeftMs ?? 30_000 },
  );

const erasedEvents = async (breachId: string) =>
  (await breaches.events(breachId)).filter((e) => e.type === 'subjects-erased');

describe('erasing the people affected once the breach is closed', () => {
  it('refuses while the breach is open, and deletes nothing', async () => {
    const breachId = 'BR-ERAS-0000-0000-0001';
    await breachWithPeople(breachId, 'open', { closed: false });
    const before = await itemsOf(breachId);

    const response = await erase(breachId);

    expect(response.statusCode).toBe(409);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    expect(JSON.parse(response.body).detail).toContain('still open');
    const after = await itemsOf(breachId);
    expect(after.people).toHaveLength(PEOPLE);
    expect(after.pointers).toHaveLength(before.pointers.length);
    expect(await erasedEvents(breachId)).toEqual([]);
  });

  it("deletes every person and pointer of a closed breach, leaves another breach's people, and logs counts only", async () => {
    const breachId = 'BR-ERAS-0000-0000-0002';
    const other = 'BR-ERAS-0000-0000-0003';
    await breachWithPeople(breachId, 'closed', { closed: true });
    await breachWithPeople(other, 'other', { closed: true });
    const before = await itemsOf(breachId);
    expect(before.people).toHaveLength(PEOPLE);
    expect(before.pointers.length).toBe(PEOPLE - PEOPLE / 10);

    const response = await erase(breachId);

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ breachId, erased: PEOPLE, remaining: 0 });
    expect(await itemsOf(breachId)).toEqual({ people: [], pointers: [] });
    const untouched = await itemsOf(other);
    expect(untouched.people).toHaveLength(PEOPLE);
    expect(untouched.pointers).toHaveLength(PEOPLE - PEOPLE / 10);

    const [event, ...more] = await erasedEvents(breachId);
    expect(more).toEqual([]);
    expect(event?.data).toEqual({ erased: PEOPLE, remaining: 0, reason: BODY.reason, decidedBy: DPO });
    const log = JSON.stringify(await breaches.events(breachId));
    expect(log).not.toContain('people.example.org');
    expect(log).not.toContain('High Street');
    expect(log).not.toContain('Person 1 closed');
    const state = await breaches.state(breachId);
    expect(state?.subjects).toMatchObject({ erased: PEOPLE, erasedAt: event?.at });
    // Appended like every event: the chain still verifies.
    expect(verifyChain(await breaches.events(breachId))).toEqual([]);

    // Erasure done is a state: calling again answers 200 and records nothing more.
    const again = await erase(breachId);
    expect(again.statusCode).toBe(200);
    expect(JSON.parse(again.body)).toMatchObject({ erased: 0, remaining: 0 });
    expect(await erasedEvents(breachId)).toHaveLength(1);
  });

  it('stops at the time budget with people remaining, and a second call finishes', async () => {
    const breachId = 'BR-ERAS-0000-0000-0004';
    await breachWithPeople(breachId, 'budget', { closed: true });

    const first = await erase(breachId, BODY, { timeLeftMs: CALL_MARGIN_MS });
    expect(first.statusCode).toBe(200);
    expect(JSON.parse(first.body)).toMatchObject({ erased: ERASE_PAGE, remaining: PEOPLE - ERASE_PAGE });
    expect((await itemsOf(breachId)).people).toHaveLength(PEOPLE - ERASE_PAGE);

    const second = await erase(breachId, BODY, { timeLeftMs: CALL_MARGIN_MS });
    expect(JSON.parse(second.body)).toMatchObject({ erased: PEOPLE - ERASE_PAGE, remaining: 0 });
    expect(await itemsOf(breachId)).toEqual({ people: [], pointers: [] });
    expect((await erasedEvents(breachId)).map((e) => e.data)).toEqual([
      { erased: ERASE_PAGE, remaining: PEOPLE - ERASE_PAGE, reason: BODY.reason, decidedBy: DPO },
      { erased: PEOPLE - ERASE_PAGE, remaining: 0, reason: BODY.reason, decidedBy: DPO },
    ]);
    expect((await breaches.state(breachId))?.subjects).toMatchObject({ erased: PEOPLE });
  });

  it("answers another organisation's breach with 404 and deletes nothing", async () => {
    const breachId = 'BR-ERAS-0000-0000-0005';
    await breachWithPeople(breachId, 'tenant', { closed: true });

    const response = await erase(breachId, BODY, { organisationId: 'org-b' });

    expect(response.statusCode).toBe(404);
    expect((await itemsOf(breachId)).people).toHaveLength(PEOPLE);
    expect(await erasedEvents(breachId)).toEqual([]);
  });

  it('refuses a bad body with field errors and deletes nothing', async () => {
    const breachId = 'BR-ERAS-0000-0000-0006';
    await breachWithPeople(breachId, 'body', { closed: true });

    const response = await erase(breachId, { reason: '  ', decidedBy: { name: 'Dana' }, extra: 1 });

    expect(response.statusCode).toBe(400);
    const paths = (JSON.parse(response.body).errors as { path: string }[]).map((error) => error.path);
    expect(paths).toEqual(expect.arrayContaining(['reason', 'decidedBy.role']));
    expect((await itemsOf(breachId)).people).toHaveLength(PEOPLE);
    expect(await erasedEvents(breachId)).toEqual([]);
  });
});
