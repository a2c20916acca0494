import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoBreachRepository } from '../../functions/adapters/breach-repository';
import { DynamoOrganisationRepository } from '../../functions/adapters/organisation-repository';
import { breachPk } from '../../functions/adapters/table-layout';
import { SfnWorkflowStarter } from '../../functions/adapters/workflow';
import { breachIdFor } from '../../functions/domain/breach-id';
import type { BreachRepository, OrganisationRepository } from '../../functions/domain/ports';
import { PRESETS } from '../../functions/domain/presets';
import {
  BREACH_TYPES,
  CAUSES,
  DATA_CATEGORIES,
  RECIPIENTS,
  RECOVERY,
  SUBJECT_CATEGORIES,
} from '../../functions/domain/report';
import { makeHandler } from '../../functions/intake/make-handler';
import { type LocalTable, startDynalite } from '../support/dynalite';
import { InMemoryBreachRepository, InMemoryOrganisationRepository } from '../support/fakes';
import { aReportInput, REPORT_NOW } from '../support/reports';
import { jsonRequest, lambdaContext, memoryLogger } from '../unit/http/api-event';

/**
 * Thousands of random and mutated report bodies against the intake, with Step Functions mocked. For every body: no
 * 5xx; a 201 for what is accepted; a problem+json 4xx for what is not, with field errors whose paths point into the
 * body that was sent; and for every refusal, not one item written and no execution started.
 *
 * Most examples run against the in-memory repositories (test/support/fakes.ts, held to the adapters' contract by
 * test/integration/repository-contract.test.ts): what the property explores is the handler and the schema, and
 * there they cost microseconds each. A smaller sample runs the same property on the real DynamoDB adapters
 * (dynalite), counting every item of the table after each request.
 */

const ORGANISATION = 'org-property';
const STATE_MACHINE_ARN = 'arn:aws:states:eu-west-2:123456789012:stateMachine:breach-lifecycle';
const sfnMock = mockClient(SFNClient);

/** Where the intake writes, and how a test sees what it wrote. */
interface Store {
  breaches: BreachRepository;
  organisations: OrganisationRepository;
  /** Every item (or event) stored, to show that a refusal wrote nothing. */
  itemCount(): Promise<number>;
  /** What is stored under one breach. */
  partitionSize(breachId: string): Promise<number>;
  close(): Promise<void>;
}

const inMemoryStore = async (): Promise<Store> => {
  const breaches = new InMemoryBreachRepository();
  return {
    breaches,
    organisations: new InMemoryOrganisationRepository(),
    itemCount: async () => breaches.eventCount,
    partitionSize: async (breachId) => (await breaches.events(breachId)).length,
    close: async () => undefined,
  };
};

const dynaliteStore = async (): Promise<Store> => {
  const table: LocalTable = await startDynalite();
  const options = { client: table.client, tableName: table.tableName };
  return {
    breaches: new DynamoBreachRepository(options),
    organisations: new DynamoOrganisationRepository(options),
    async itemCount() {
      let count = 0;
      let start: Record<string, unknown> | undefined;
      do {
        const page = await table.client.send(
          new ScanCommand({ TableName: table.tableName, Select: 'COUNT', ExclusiveStartKey: start }),
        );
        count += page.Count ?? 0;
        start = page.LastEvaluatedKey;
      } while (start);
      return count;
    },
    async partitionSize(breachId) {
      const { Count } = await table.client.send(
        new QueryCommand({
          TableName: table.tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': breachPk(breachId) },
          Select: 'COUNT',
        }),
      );
      return Count ?? 0;
    },
    close: () => table.close(),
  };
};

beforeAll(() => {
  sfnMock.on(StartExecutionCommand).callsFake((input: { name: string }) => ({
    executionArn: `arn:aws:states:eu-west-2:123456789012:execution:breach-lifecycle:${input.name}`,
    startDate: REPORT_NOW,
  }));
});

afterAll(() => {
  sfnMock.restore();
});

// ---- the bodies -------------------------------------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

const base = (): Record<string, Json> => aReportInput() as unknown as Record<string, Json>;

/** Every path in the valid report, to objects and arrays as well as leaves. */
const pathsOf = (value: Json, prefix: Path = []): Path[] => {
  if (value === null || typeof value !== 'object') return [prefix];
  const children = Array.isArray(value)
    ? value.flatMap((item, index) => pathsOf(item, [...prefix, index]))
    : Object.entries(value).flatMap(([key, item]) => pathsOf(item, [...prefix, key]));
  return prefix.length === 0 ? children : [prefix, ...children];
};
const PATHS = pathsOf(base());

const setAt = (body: Json, path: Path, value: Json | undefined): Json => {
  if (path.length === 0) return value ?? null;
  const [head, ...rest] = path;
  if (body === null || typeof body !== 'object' || head === undefined) return body;
  const copy: Json = Array.isArray(body) ? [...body] : { ...body };
  const child = (copy as Record<string | number, Json>)[head] ?? null;
  const next = rest.length === 0 ? value : setAt(child, rest, value);
  if (next === undefined) {
    if (Array.isArray(copy) && typeof head === 'number') copy.splice(head, 1);
    else delete (copy as Record<string, Json>)[head];
  } else {
    (copy as Record<string | number, Json>)[head] = next;
  }
  return copy;
};

const iso = fc
  .date({ min: new Date('1990-01-01'), max: new Date('2035-01-01'), noInvalidDate: true })
  .map((d) => d.toISOString());

/** Values that probe the schema's edges as well as plain noise. */
const awkward: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
  fc.string({ maxLength: 30 }),
  iso,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom<Json>(
    '',
    '   ',
    'x'.repeat(10_001),
    '\u0000',
    '2025-03-10T12:00:00',
    '2025-03-10T12:00:00+01:00',
    '2099-01-01T00:00:00Z',
    'not-a-date',
    'someone@example',
    -1,
    1.5,
    1_000_000_001,
    null,
    true,
    [],
    {},
    ['confidentiality', 'confidentiality'],
  ),
);

/** Changes that keep a report valid, so that a good share of bodies are accepted. */
const plausible: fc.Arbitrary<(body: Json) => Json> = fc.oneof(
  fc.subarray([...BREACH_TYPES], { minLength: 1 }).map((v) => (b: Json) => setAt(b, ['breachTypes'], v)),
  fc.subarray([...DATA_CATEGORIES], { minLength: 1 }).map((v) => (b: Json) => setAt(b, ['dataCategories'], v)),
  fc.subarray([...SUBJECT_CATEGORIES], { minLength: 1 }).map((v) => (b: Json) => setAt(b, ['subjectCategories'], v)),
  fc.constantFrom(...CAUSES).map((v) => (b: Json) => setAt(b, ['cause', 'category'], v)),
  fc.constantFrom(...RECOVERY).map((v) => (b: Json) => setAt(b, ['recovery'], v)),
  fc.constantFrom(...RECIPIENTS).map((v) => (b: Json) => setAt(b, ['recipient'], v)),
  fc.nat({ max: 1_000_000_000 }).map((v) => (b: Json) => setAt(b, ['approximateSubjects'], v)),
  fc.string({ minLength: 1, maxLength: 200 }).map((v) => (b: Json) => setAt(b, ['description'], `Report: ${v}`)),
  fc.constantFrom('location', 'staffTraining', 'responsibleRole').map((key) => (b: Json) => setAt(b, [key], undefined)),
);

const mutation: fc.Arbitrary<(body: Json) => Json> = fc.oneof(
  { weight: 3, arbitrary: plausible },
  { weight: 2, arbitrary: fc.constantFrom(...PATHS).map((path) => (b: Json) => setAt(b, path, undefined)) },
  {
    weight: 4,
    arbitrary: fc.tuple(fc.constantFrom(...PATHS), awkward).map(
      ([path, value]) =>
        (b: Json) =>
          setAt(b, path, value),
    ),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom<Path>([], ...PATHS), fc.string({ minLength: 1, maxLength: 12 }), awkward).map(
      ([path, key, value]) =>
        (b: Json) =>
          setAt(b, [...path, key], value),
    ),
  },
);

const mutatedReport = fc
  .array(mutation, { minLength: 1, maxLength: 3 })
  .map((mutations) => JSON.stringify(mutations.reduce((body, mutate) => mutate(body), base() as Json)));

const randomBody = (fc.jsonValue({ maxDepth: 4 }) as fc.Arbitrary<Json>).map((value) => JSON.stringify(value));

/** Text damaged in transit: truncated, or with characters inserted. */
const damagedText = fc
  .tuple(mutatedReport, fc.nat(), fc.oneof(fc.constant(''), fc.string({ minLength: 1, maxLength: 3 })))
  .map(([text, at, insert]) => {
    const cut = at % (text.length + 1);
    return insert === '' ? text.slice(0, cut) : text.slice(0, cut) + insert + text.slice(cut);
  });

const oversized = fc
  .nat({ max: 1000 })
  .map((extra) => JSON.stringify({ ...base(), description: 'x'.repeat(262_144 + extra) }));

// ---- the checks -------------------------------------------------------------------------------------------------

const PATH_TOKEN = /^(?:\.?([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\])/;

const parsePath = (path: string): Path => {
  const segments: Path = [];
  let rest = path;
  while (rest.length > 0) {
    const match = PATH_TOKEN.exec(rest);
    if (!match) throw new Error(`malformed error path ${JSON.stringify(path)}`);
    segments.push(match[1] ?? (match[2] !== undefined ? Number(match[2]) : JSON.parse(match[3] ?? '""')));
    rest = rest.slice(match[0].length);
  }
  return segments;
};

/** An error's path must lead through the body that was sent: everything but its last step exists there. */
const expectPathInto = (body: unknown, path: string) => {
  let node: unknown = body;
  for (const segment of parsePath(path).slice(0, -1)) {
    expect(node, `path ${path}`).toBeTypeOf('object');
    node = (node as Record<string | number, unknown>)[segment];
  }
};

const parseOrUndefined = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

interface World {
  store: Store;
  handler: ReturnType<typeof makeHandler>;
  run: number;
  itemCount: number;
  outcomes: { accepted: number; refused: number };
}

const startWorld = async (store: Store): Promise<World> => {
  await store.organisations.put({ id: ORGANISATION, name: 'Property Ltd', policy: PRESETS.generic });
  const workflow = new SfnWorkflowStarter(new SFNClient({ region: 'eu-west-2' }), STATE_MACHINE_ARN);
  const handler = makeHandler({
    breaches: store.breaches,
    organisations: store.organisations,
    workflow,
    now: () => REPORT_NOW,
    logger: memoryLogger(),
  });
  return { store, handler, run: 0, itemCount: await store.itemCount(), outcomes: { accepted: 0, refused: 0 } };
};

/** One request to the intake, and what must hold of its answer and of what it wrote. */
const submitTo = (world: World) => async (text: string) => {
  world.run += 1;
  const key = `property-${world.run}-${Math.random().toString(36).slice(2, 10)}`;
  const breachId = breachIdFor(ORGANISATION, key);
  const startsBefore = sfnMock.commandCalls(StartExecutionCommand).length;

  const response = await world.handler(
    jsonRequest(text, { organisationId: ORGANISATION, headers: { 'Idempotency-Key': key } }),
    lambdaContext(),
  );

  const body = JSON.parse(response.body);
  const starts = sfnMock.commandCalls(StartExecutionCommand).length - startsBefore;
  const itemsAfter = await world.store.itemCount();
  expect(response.statusCode).toBeLessThan(500);

  if (response.statusCode < 300) {
    world.outcomes.accepted += 1;
    expect(response.statusCode).toBe(201);
    expect(body).toMatchObject({ breachId, status: 'open', workflow: 'started' });
    expect(starts).toBe(1);
    expect(await world.store.partitionSize(breachId)).toBeGreaterThan(0);
  } else {
    world.outcomes.refused += 1;
    expect([400, 413]).toContain(response.statusCode);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    expect(body).toMatchObject({ status: response.statusCode, type: expect.any(String), title: expect.any(String) });
    expect(body.detail).toEqual(expect.any(String));
    if (response.statusCode === 400 && body.title === 'Malformed JSON') {
      expect(body.position).toBeGreaterThanOrEqual(0);
    } else if (response.statusCode === 400) {
      expect(body.errors.length).toBeGreaterThan(0);
      for (const error of body.errors) {
        expect(error).toEqual({ path: expect.any(String), message: expect.any(String) });
        expectPathInto(parseOrUndefined(text), error.path);
      }
    }
    expect(starts).toBe(0);
    expect(itemsAfter).toBe(world.itemCount);
    expect(await world.store.partitionSize(breachId)).toBe(0);
  }
  world.itemCount = itemsAfter;
};

/**
 * The same property on two stores: every example on the in-memory repositories, a sample of about one in eight on
 * dynalite. The outcome floors scale with the number of examples (about one body in ten is accepted).
 */
describe.each([
  { store: 'the in-memory repositories', start: inMemoryStore, runs: { mutated: 1200, random: 400, damaged: 400 } },
  { store: 'DynamoDB (dynalite)', start: dynaliteStore, runs: { mutated: 150, random: 50, damaged: 50 } },
])('intake under random and mutated bodies, on $store', ({ start, runs }) => {
  let world: World;

  beforeAll(async () => {
    world = await startWorld(await start());
  });

  afterAll(async () => {
    await world?.store.close();
  });

  it('handles mutated reports: 201 or a 4xx with field errors, nothing written on refusal', async () => {
    await fc.assert(fc.asyncProperty(mutatedReport, submitTo(world)), { numRuns: runs.mutated });
  });

  it('handles arbitrary JSON values', async () => {
    await fc.assert(fc.asyncProperty(randomBody, submitTo(world)), { numRuns: runs.random });
  });

  it('handles damaged and oversized text', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ weight: 19, arbitrary: damagedText }, { weight: 1, arbitrary: oversized }),
        submitTo(world),
      ),
      { numRuns: runs.damaged },
    );
  });

  it('saw both outcomes', () => {
    const total = runs.mutated + runs.random + runs.damaged;
    expect(world.outcomes.accepted).toBeGreaterThan(total / 40);
    expect(world.outcomes.refused).toBeGreaterThan(total / 2);
  });
});
