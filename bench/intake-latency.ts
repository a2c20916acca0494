import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import autocannon from 'autocannon';
import { documentClient } from '../functions/adapters/dynamodb-client';
import { DynamoOrganisationRepository } from '../functions/adapters/organisation-repository';
import { generateApiKey, hashApiKey } from '../functions/domain/api-keys';
import { presetPolicy } from '../functions/domain/presets';
import { startApiGateway } from '../local/api-gateway';
import { apiMount } from '../local/api-routes';
import { startLocalDynamo } from '../local/dynamodb';
import { LOCAL_REGION } from '../local/lambda-functions';
import { startLocalRuntime } from '../local/runtime';
import { startLocalSes } from '../local/ses';
import { aReportInput } from '../test/support/reports';
import { BUNDLE_DIR } from './bundle-size';
import { quantile } from './stats';

/**
 * Warm latency of `POST /breaches` through the local API adapter (node:http → TOKEN authorizer, cached → the real
 * intake handler → dynalite, and StartExecution over HTTP to the local Step Functions endpoint), against its floor:
 * the very DynamoDB round-trips one request makes, recorded from a real request and replayed raw (low-level client,
 * no handler) on the same dynalite, by as many concurrent workers. The workflow is a one-state machine here, so that
 * the lifecycles the reports would start do not compete with the requests being measured.
 */

export interface LatencyRow {
  readonly connections: number;
  readonly requests: number;
  readonly non2xx: number;
  readonly p50: number;
  readonly p99: number;
  readonly floorP50: number;
  readonly floorP99: number;
}

export interface IntakeLatency {
  readonly roundTrips: readonly string[];
  readonly rows: readonly LatencyRow[];
}

type Recorded = { readonly command: string; readonly input: unknown };

const COMMANDS = {
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} as const;

export async function intakeLatency(options: { durationSeconds: number; connections: readonly number[] }) {
  const table = await startLocalDynamo({ tableName: 'breachdesk-bench' });
  const ses = await startLocalSes({ port: 0 });
  // One key floods the API here on purpose: the fair-use limit (functions/fair-use.ts) would answer 429 to most of it.
  const gateway = await startApiGateway({
    port: 0,
    fairUse: {
      windowSeconds: 300,
      reportFormPerOrganisation: Number.POSITIVE_INFINITY,
      apiPerKey: Number.POSITIVE_INFINITY,
    },
  });
  mkdirSync(BUNDLE_DIR, { recursive: true });
  const noop = join(BUNDLE_DIR, 'noop.asl.json');
  writeFileSync(noop, JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Succeed' } } }));
  const runtime = await startLocalRuntime({
    dynamoEndpoint: table.endpoint,
    sesEndpoint: ses.endpoint,
    tableName: table.tableName,
    publicBaseUrl: gateway.stageUrl,
    definitionPath: noop,
  });
  gateway.mount(apiMount(runtime.http));
  const raw = new DynamoDBClient({
    endpoint: table.endpoint,
    region: LOCAL_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

  try {
    const organisations = new DynamoOrganisationRepository({ client: table.client, tableName: table.tableName });
    const orgId = 'org-bench';
    const apiKey = generateApiKey();
    await organisations.put({
      id: orgId,
      name: 'Bench School',
      policy: presetPolicy('school', {
        dpo: { name: 'Dana Protection', email: 'dpo@bench.example.org', role: 'DPO' },
      }),
    });
    await organisations.addApiKeyHash(orgId, hashApiKey(apiKey));
    const body = JSON.stringify(aReportInput({}, new Date()));
    const url = `${gateway.stageUrl}/breaches`;
    const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };

    // One real request, its DynamoDB commands recorded as sent (marshalled), to replay them raw.
    const recorded: Recorded[] = [];
    let recording = false;
    documentClient().middlewareStack.add(
      (next, context) => async (args) => {
        if (recording) recorded.push({ command: context.commandName ?? '?', input: structuredClone(args.input) });
        return next(args);
      },
      { step: 'build', name: 'benchRecorder' },
    );
    // The authorizer's answer is cached (as deployed, 60 s): warm it first, so the recorded request is a warm one.
    await fetch(url, { headers });
    recording = true;
    const first = await fetch(url, { method: 'POST', headers: { ...headers, 'idempotency-key': randomUUID() }, body });
    recording = false;
    if (first.status !== 201) throw new Error(`the recorded request answered ${first.status}: ${await first.text()}`);
    const { breachId } = (await first.json()) as { breachId: string };

    const replayOnce = async (): Promise<number> => {
      const fresh = `BR-${randomUUID()}`;
      const started = performance.now();
      for (const { command, input } of recorded) {
        const Command = COMMANDS[command as keyof typeof COMMANDS];
        if (!Command) throw new Error(`no raw replay for ${command}`);
        const rewritten = JSON.parse(JSON.stringify(input).replaceAll(breachId, fresh));
        // The recorded input is the one the command was sent with; its class is the one it was recorded under.
        await raw.send(new (Command as typeof GetItemCommand)(rewritten)).catch((error: unknown) => {
          throw new Error(`raw ${command} failed`, { cause: error });
        });
      }
      return performance.now() - started;
    };
    const replay = async (connections: number, total: number): Promise<number[]> => {
      const times: number[] = [];
      let left = total;
      await Promise.all(
        Array.from({ length: connections }, async () => {
          while (left > 0) {
            left -= 1;
            times.push(await replayOnce());
          }
        }),
      );
      return times;
    };

    const cannon = (connections: number, durationSeconds: number) =>
      autocannon({
        url,
        connections,
        duration: durationSeconds,
        requests: [
          {
            method: 'POST',
            // A new Idempotency-Key per request: every request is a new breach, never an idempotent repeat.
            setupRequest: (request) => ({ ...request, body, headers: { ...headers, 'idempotency-key': randomUUID() } }),
          },
        ],
      });

    const warm = await cannon(5, 2); // warm-up: JIT, the authorizer's cache, connection pools
    if (warm.non2xx > 0 || warm.errors > 0) throw new Error(`the warm-up had ${warm.non2xx} non-2xx answers`);
    await replay(5, 200);
    const rows: LatencyRow[] = [];
    for (const connections of options.connections) {
      const result = await cannon(connections, options.durationSeconds);
      const floor = await replay(connections, Math.min(Math.max(result.requests.total, 200), 2000));
      rows.push({
        connections,
        requests: result.requests.total,
        non2xx: result.non2xx,
        p50: result.latency.p50,
        p99: result.latency.p99,
        floorP50: quantile(floor, 0.5),
        floorP99: quantile(floor, 0.99),
      });
    }
    return { roundTrips: recorded.map((r) => r.command.replace(/Command$/, '')), rows } satisfies IntakeLatency;
  } finally {
    raw.destroy();
    await runtime.close();
    await gateway.close();
    await ses.close();
    await table.close();
  }
}
