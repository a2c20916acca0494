import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { DynamoBreachRepository } from '../functions/adapters/breach-repository';
import { DynamoConsoleDirectory } from '../functions/adapters/console-directory';
import { DynamoDecisionRequestRepository } from '../functions/adapters/decision-request-repository';
import { DynamoOrganisationRepository } from '../functions/adapters/organisation-repository';
import { makeHandler } from '../functions/console/make-handler';
import { presetPolicy } from '../functions/domain/presets';
import { newSession, newToken } from '../functions/domain/sessions';
import { startLocalDynamo } from '../local/dynamodb';
import { aReport } from '../test/support/reports';
import { median } from './stats';

/**
 * The console's dashboard for an organisation with `breaches` open breaches (target: served in ≤ 2× the DynamoDB
 * reads it needs), measured side by side in one run on one in-memory dynalite.
 *
 * - Served: GET /console/ through the real console handler with a live session, from the session lookup to the
 *   rendered HTML of every row.
 * - Floor: the very DynamoDB calls that request made (recorded from one request: the session, the organisation,
 *   each page of the list, each breach's projection), replayed raw through the same document client with the same
 *   concurrency — each group of calls the handler had in flight together is sent together. The floor holds no
 *   sign-in check, no ordering, no clocks and no HTML.
 * Samples alternate served and floor, so both see the same warm dynalite.
 */

export interface DashboardFigures {
  breaches: number;
  calls: number;
  servedMs: number;
  floorMs: number;
  bytes: number;
}

interface Recorded {
  wave: number;
  command: { constructor: new (input: unknown) => unknown; input: unknown };
}

export async function dashboardBench(options: { breaches: number; samples: number }): Promise<DashboardFigures> {
  const table = await startLocalDynamo({ tableName: 'breachdesk-bench-console' });
  try {
    const recorded: Recorded[] = [];
    let recording = false;
    let inFlight = 0;
    let wave = 0;
    // The handler's client: sends as the table's client does, and notes each call while recording.
    const recordingClient = new Proxy(table.client, {
      get(target, property, receiver) {
        if (property === 'send') {
          return async (command: Recorded['command'], ...rest: unknown[]) => {
            if (recording) {
              if (inFlight === 0) wave += 1;
              recorded.push({ wave, command });
            }
            inFlight += 1;
            try {
              return await (target.send as (c: unknown, ...r: unknown[]) => Promise<unknown>)(command, ...rest);
            } finally {
              inFlight -= 1;
            }
          };
        }
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }) as DynamoDBDocumentClient;
    const repo = { client: recordingClient, tableName: table.tableName };
    const breaches = new DynamoBreachRepository(repo);
    const organisations = new DynamoOrganisationRepository(repo);
    const directory = new DynamoConsoleDirectory(repo);

    const organisationId = 'bench-school';
    const policy = presetPolicy('school');
    await organisations.put({ id: organisationId, name: 'Bench Primary School', policy });
    const token = newToken();
    const now = new Date();
    // The person as the console's directory knows them: every request checks that the session's person is still there.
    const dpo = { id: 'usr_bench-dpo', organisationId, name: 'Dana Bench', email: 'dpo@bench.example.org' };
    await directory.putUser({ ...dpo, roles: ['dpo'] });
    await directory.putSession(newSession(token, { ...dpo, roles: ['dpo'] }, now));

    // Awareness spread over the last ten days: some clocks passed, some due soon, some far off.
    const seed = async (index: number) => {
      // The test report is aware two hours before its `now`, having occurred before and been contained after.
      const reportedAt = new Date(now.getTime() - ((index * 7919) % (240 * 60)) * 60_000);
      const report = aReport({ description: `Bench breach ${index}` }, reportedAt);
      const awareAt = new Date(report.awareAt);
      await breaches.create(`BR-BNCH-${String(index).padStart(4, '0')}-0000`, organisationId, {
        type: 'reported',
        at: awareAt.toISOString(),
        actor: { kind: 'api-client', organisationId },
        data: {
          report,
          channel: 'api',
          requestHash: 'a'.repeat(64),
          policyPreset: policy.preset,
          clocks: policy.clocks,
        },
      });
    };
    for (let i = 0; i < options.breaches; i += 25) {
      await Promise.all(Array.from({ length: Math.min(25, options.breaches - i) }, (_, j) => seed(i + j)));
    }

    const handler = makeHandler({
      breaches,
      organisations,
      requests: new DynamoDecisionRequestRepository(repo),
      callbacks: { success: async () => {}, failure: async () => {} } as never,
      provider: {} as never,
      sessions: directory,
      users: directory,
      logger: { error: () => {}, warn: () => {}, info: () => {} } as never,
    });
    const event = {
      httpMethod: 'GET',
      path: '/console/',
      headers: { cookie: `__Host-bd_session=${token}` },
      multiValueHeaders: {},
      queryStringParameters: null,
      body: null,
      isBase64Encoded: false,
      requestContext: { path: '/v1/console/', requestId: 'bench' },
    } as unknown as APIGatewayProxyEvent;
    const serve = async (): Promise<APIGatewayProxyResult> => {
      const result = (await handler(event, { awsRequestId: 'bench' } as Context)) as APIGatewayProxyResult;
      if (result.statusCode !== 200) throw new Error(`the dashboard answered ${result.statusCode}`);
      return result;
    };

    recording = true;
    const first = await serve();
    recording = false;
    const rows = (first.body.match(/<tr class="govuk-table__row">/g) ?? []).length - 1;
    if (rows !== options.breaches) throw new Error(`the dashboard showed ${rows} rows, not ${options.breaches}`);
    const waves = [...new Set(recorded.map((r) => r.wave))].map((w) =>
      recorded.filter((r) => r.wave === w).map((r) => r.command),
    );
    const replay = async () => {
      for (const group of waves) {
        await Promise.all(group.map((command) => table.client.send(new command.constructor(command.input) as never)));
      }
    };

    const served: number[] = [];
    const floor: number[] = [];
    await replay(); // warm-up for the floor, as the recording request was for the handler
    for (let i = 0; i < options.samples; i++) {
      let start = performance.now();
      await serve();
      served.push(performance.now() - start);
      start = performance.now();
      await replay();
      floor.push(performance.now() - start);
    }
    return {
      breaches: options.breaches,
      calls: recorded.length,
      servedMs: median(served),
      floorMs: median(floor),
      bytes: Buffer.byteLength(first.body),
    };
  } finally {
    await table.close();
  }
}
