import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WorkflowStarter } from '../../../functions/domain/ports';
import { makeHandler } from '../../../functions/intake/make-handler';
import { instrument } from '../../../functions/observability/instrument';
import { METRIC_NAMES, METRICS_NAMESPACE, SERVICE_NAME } from '../../../functions/observability/names';
import { anOrganisation, InMemoryBreachRepository, InMemoryOrganisationRepository } from '../../support/fakes';
import { aReportInput, REPORT_NOW } from '../../support/reports';
import { jsonRequest, lambdaContext } from '../http/api-event';

/**
 * The functions' logs and metrics as Powertools writes them (the real Logger and Metrics, every byte written to
 * stdout and the console captured): structured lines with the Lambda context and the correlation id, EMF metrics in
 * Breachdesk's namespace, and nothing of the report or of an error's message.
 */

const CANARY = {
  name: 'Ottoline Brackenbury-Finch',
  email: 'ottoline.brackenbury@canary-pii.example',
  description: 'Canary: the counselling notes of Ottoline Brackenbury-Finch were posted to a neighbour',
  error: 'Canary error quoting Ottoline Brackenbury-Finch and her item',
};

let written: string[] = [];
const restore: (() => void)[] = [];

beforeEach(() => {
  written = [];
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[method];
    console[method] = (...args: unknown[]) =>
      void written.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    restore.push(() => {
      console[method] = original;
    });
  }
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write;
    stream.write = ((chunk: unknown) => {
      written.push(String(chunk));
      return true;
    }) as typeof stream.write;
    restore.push(() => {
      stream.write = original;
    });
  }
});

afterEach(() => {
  for (const undo of restore.splice(0)) undo();
});

const jsonLines = () =>
  written
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.trim().startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

const startedWorkflow: WorkflowStarter = {
  start: async (name) => ({
    executionArn: `arn:aws:states:eu-west-2:123456789012:execution:x:${name}`,
    alreadyStarted: false,
  }),
};

const intakeWith = async (breaches: InMemoryBreachRepository) => {
  const organisations = new InMemoryOrganisationRepository();
  await organisations.put(anOrganisation('org-1'));
  return instrument(makeHandler({ breaches, organisations, workflow: startedWorkflow, now: () => REPORT_NOW }));
};

const reportOf = () =>
  jsonRequest(
    aReportInput({
      reporter: { anonymised: false, name: CANARY.name, email: CANARY.email, role: 'Teacher' },
      description: CANARY.description,
    }),
    { path: '/breaches', headers: { 'Idempotency-Key': `obs-${Math.random()}` } },
  );

describe('instrumented functions', () => {
  it('log a failure as one structured line with the Lambda context and the request id, and nothing of the report', async () => {
    // Prepare: the store fails with a message that quotes the person, as a DynamoDB error may quote an item.
    const breaches = new InMemoryBreachRepository();
    breaches.create = async () => {
      throw new Error(CANARY.error);
    };
    const handler = await intakeWith(breaches);

    // Act
    const response = await handler(reportOf(), lambdaContext());

    // Assess
    expect(response.statusCode).toBe(500);
    const failure = jsonLines().find((line) => line.message === 'request failed');
    expect(failure).toMatchObject({
      level: 'ERROR',
      service: SERVICE_NAME,
      correlation_id: 'req-1234',
      function_request_id: 'aws-req-1',
      function_name: 'test',
      status: 500,
    });
    const everything = written.join('\n');
    for (const value of Object.values(CANARY)) expect(everything).not.toContain(value);
  });

  it('flush the metrics they counted as EMF in the one namespace, when the invocation ends', async () => {
    // Prepare
    const handler = await intakeWith(new InMemoryBreachRepository());

    // Act
    const response = await handler(reportOf(), lambdaContext());

    // Assess
    expect(response.statusCode).toBe(201);
    const emf = jsonLines().find((line) => line._aws !== undefined);
    expect(emf).toMatchObject({
      _aws: { CloudWatchMetrics: [{ Namespace: METRICS_NAMESPACE, Dimensions: [['service']] }] },
      service: SERVICE_NAME,
      [METRIC_NAMES.breachesReported]: 1,
    });
    for (const value of Object.values(CANARY)) expect(written.join('\n')).not.toContain(value);
  });
});
