import type { APIGatewayProxyResult } from 'aws-lambda';
import { DynamoBreachRepository } from '../functions/adapters/breach-repository';
import { DynamoOrganisationRepository } from '../functions/adapters/organisation-repository';
import { type PresetId, presetPolicy } from '../functions/domain/presets';
import { type LocalTable, startLocalDynamo } from '../local/dynamodb';
import { type LocalRuntime, startLocalRuntime } from '../local/runtime';
import { type LocalSes, startLocalSes } from '../local/ses';

/** The local runtime for benchmarks: in-memory dynalite, the local SES, the real ASL and handlers, a time scale. */
export interface BenchWorld {
  table: LocalTable;
  ses: LocalSes;
  runtime: LocalRuntime;
  breaches: DynamoBreachRepository;
  organisation(preset: PresetId): Promise<{ id: string; dpo: string }>;
  report(organisationId: string, body: unknown): Promise<string>;
  executionArn(breachId: string): string;
  close(): Promise<void>;
}

export async function startBenchWorld(options: { timeScale?: number } = {}): Promise<BenchWorld> {
  const table = await startLocalDynamo({ tableName: 'breachdesk-bench' });
  const ses = await startLocalSes();
  const runtime = await startLocalRuntime({
    dynamoEndpoint: table.endpoint,
    sesEndpoint: ses.endpoint,
    tableName: table.tableName,
    publicBaseUrl: 'https://breachdesk.bench/v1',
    retryIntervalMs: 0,
    ...(options.timeScale ? { timeScale: options.timeScale } : {}),
  });
  const repositoryOptions = { client: table.client, tableName: table.tableName };
  const organisations = new DynamoOrganisationRepository(repositoryOptions);
  let count = 0;
  return {
    table,
    ses,
    runtime,
    breaches: new DynamoBreachRepository(repositoryOptions),
    async organisation(preset) {
      count += 1;
      const id = `org-${preset}-${count}`;
      const dpo = `dpo@${preset}-${count}.example.org`;
      const policy = presetPolicy(preset, { dpo: { name: 'Dana Protection', email: dpo, role: 'DPO' } });
      await organisations.put({ id, name: `${preset} ${count}`, policy });
      return { id, dpo };
    },
    async report(organisationId, body) {
      const result = (await runtime.http.intake({
        httpMethod: 'POST',
        path: '/breaches',
        resource: '/breaches',
        headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
        multiValueHeaders: {},
        queryStringParameters: null,
        multiValueQueryStringParameters: null,
        pathParameters: null,
        stageVariables: null,
        body: JSON.stringify(body),
        isBase64Encoded: false,
        requestContext: {
          requestId: crypto.randomUUID(),
          path: '/v1/breaches',
          stage: 'v1',
          resourcePath: '/breaches',
          httpMethod: 'POST',
          authorizer: { organisationId, principalId: organisationId },
        },
      })) as APIGatewayProxyResult;
      if (result.statusCode !== 201) throw new Error(`report answered ${result.statusCode}: ${result.body}`);
      return (JSON.parse(result.body) as { breachId: string }).breachId;
    },
    executionArn: (breachId) => `${runtime.stateMachineArn.replace(':stateMachine:', ':execution:')}:${breachId}`,
    async close() {
      await runtime.close();
      await ses.close();
      await table.close();
    },
  };
}
