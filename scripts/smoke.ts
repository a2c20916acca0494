import { parseArgs } from 'node:util';
import { DescribeExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoOrganisationAdminStore } from '../functions/adapters/organisation-admin-store';
import { breachPk, DECISION_REQUEST_SK, decisionRequestPk, TABLE } from '../functions/adapters/table-layout';
import { makeAdministerOrganisations } from '../functions/domain/administer-organisations';
import { type Deployment, type DeploymentTarget, openDeployment } from './deployment';

/**
 * `npm run smoke [-- --stack NAME]`: proves a deployment works end to end, as a caller sees it. Through the real API
 * (gateway, authorizer, intake, the state machine's Prepare task and SES) it reports a test breach for a dedicated
 * smoke-test organisation, waits until the DPO's "new breach" mail is recorded as accepted by SES (its message id),
 * then cleans up: stops the breach's execution, deletes the test breach and revokes the key it used. The
 * organisation stays, with its recorded changes, for the next run.
 *
 * The DPO address defaults to SES's mailbox simulator, which accepts mail even in the SES sandbox and sends nothing
 * to anybody; the organisation has no escalation contacts, so nobody else is mailed.
 */

export const SMOKE_ORGANISATION_ID = 'breachdesk-smoke-test';
export const SES_SIMULATOR_SUCCESS = 'success@simulator.amazonses.com';

export const SMOKE_HELP = `Usage: npm run smoke -- [--stack NAME --region R --profile P] [options]

Reports a test breach through the API, checks that SES accepted the DPO's mail, then cleans up (stops the breach's
execution, deletes the test breach, revokes the key it used). Without --stack it runs against the running local mode.

  --dpo-email E       where the smoke-test organisation's DPO mail goes (default ${SES_SIMULATOR_SUCCESS},
                      SES's mailbox simulator: accepted even in the SES sandbox, delivered to nobody)
  --timeout-seconds N how long to wait for the mail (default 90)
  --local-info FILE   another local mode's local.json
  --help              this text

Exit code: 0 the deployment works, 1 a step failed (named in the output), 2 usage or the deployment not found.
`;

export interface SmokeIo {
  out(text: string): void;
  err(text: string): void;
}

export interface SmokeOptions {
  /** @default 1000 */
  pollMs?: number;
  /** How long a task still running after the stop gets to finish its writes before the breach is deleted again. @default 3000 */
  settleMs?: number;
}

interface BreachView {
  events?: { type: string; data?: Record<string, unknown> }[];
}

class SmokeFailure extends Error {
  override readonly name = 'SmokeFailure';
}

export async function runSmoke(argv: readonly string[], io: SmokeIo, options: SmokeOptions = {}): Promise<number> {
  let values: ReturnType<typeof parse>;
  try {
    values = parse(argv);
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${SMOKE_HELP}`);
    return 2;
  }
  if (values.help) {
    io.out(SMOKE_HELP);
    return 0;
  }
  const timeoutMs = Number(values['timeout-seconds'] ?? 90) * 1000;
  if (!(timeoutMs > 0)) {
    io.err(`--timeout-seconds: a positive number, not ${values['timeout-seconds']}\n\n${SMOKE_HELP}`);
    return 2;
  }
  const target: DeploymentTarget = {
    ...(values.stack ? { stack: values.stack } : {}),
    ...(values.region ? { region: values.region } : {}),
    ...(values.profile ? { profile: values.profile } : {}),
    ...(values['local-info'] ? { localInfoPath: values['local-info'] } : {}),
  };
  let deployment: Deployment;
  try {
    deployment = await openDeployment(target);
  } catch (error) {
    io.err((error as Error).message);
    return 2;
  }

  const step = (text: string) => io.out(`- ${text}`);
  const settleMs = options.settleMs ?? 3000;
  const cleanups: { what: string; run: () => Promise<void> }[] = [];
  try {
    io.out(`Smoke test of ${deployment.describe}, as ${deployment.actor}`);
    const store = new DynamoOrganisationAdminStore({ client: deployment.documents, tableName: deployment.tableName });
    const admin = makeAdministerOrganisations({ store, actor: deployment.actor });
    if ((await store.get(SMOKE_ORGANISATION_ID)) === undefined) {
      await admin.createOrganisation({
        id: SMOKE_ORGANISATION_ID,
        name: 'Breachdesk smoke test',
        preset: 'generic',
        dpoEmail: values['dpo-email'] ?? SES_SIMULATOR_SUCCESS,
        timeZone: 'Europe/London',
        policy: { escalation: [] },
      });
      step(`created the organisation ${SMOKE_ORGANISATION_ID}`);
    }
    const { apiKey, record } = await admin.issueKey(SMOKE_ORGANISATION_ID);
    cleanups.push({
      what: `revoked the key ${record.keyId}`,
      run: async () => void (await admin.revokeKey(SMOKE_ORGANISATION_ID, record.keyId)),
    });
    step(`issued the key ${record.keyId}`);

    const reported = await fetch(`${deployment.apiUrl}/breaches`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${apiKey}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': `smoke-${record.keyId}`,
      },
      body: JSON.stringify(smokeReport(new Date())),
    });
    const body = (await reported.json().catch(() => ({}))) as { breachId?: string; detail?: string };
    // A key the authorizer has not seen can be refused for a moment where a cached "no" is still held: not here,
    // as the key is new, so any refusal is the answer.
    if (reported.status !== 201 || !body.breachId) {
      throw new SmokeFailure(`POST /breaches answered ${reported.status}: ${JSON.stringify(body)}`);
    }
    const breachId = body.breachId;
    cleanups.unshift({
      what: `deleted the test breach ${breachId}`,
      run: async () => {
        // A task already running when the execution stopped may still write (its Lambda finishes): delete, let such
        // a write land, and delete again.
        await deleteBreach(deployment, breachId);
        await new Promise((resolve) => setTimeout(resolve, settleMs));
        await deleteBreach(deployment, breachId);
      },
    });
    // The execution is named after the breach (DESIGN.md), so it can be stopped even if nothing was recorded yet.
    const executionArn = `${deployment.stateMachineArn.replace(':stateMachine:', ':execution:')}:${breachId}`;
    cleanups.unshift({
      what: 'stopped its execution',
      run: async () => {
        await deployment.stepFunctions.send(
          new StopExecutionCommand({ executionArn, error: 'SmokeTest', cause: 'npm run smoke cleans up' }),
        );
        await waitFor(
          async () => {
            const { status } = await deployment.stepFunctions.send(new DescribeExecutionCommand({ executionArn }));
            return status === 'RUNNING' ? undefined : status;
          },
          30_000,
          options.pollMs ?? 1000,
        );
      },
    });
    step(`reported the test breach ${breachId} through the API (201)`);

    const view = await waitFor(
      async () => {
        const response = await fetch(`${deployment.apiUrl}/breaches/${breachId}`, {
          headers: { Authorization: `Bearer ${apiKey}` },
        });
        if (response.status !== 200) return undefined;
        const breach = (await response.json()) as BreachView;
        return breach.events?.some((event) => event.type === 'mail-sent' && event.data?.kind === 'new-breach')
          ? breach
          : undefined;
      },
      timeoutMs,
      options.pollMs ?? 1000,
    );
    if (!view) {
      throw new SmokeFailure(
        `no DPO mail was recorded within ${timeoutMs / 1000} s: look for a step-failed event on ${breachId}, ` +
          "the Prepare function's log, and the SES sender identity",
      );
    }
    const mail = view.events?.find((event) => event.type === 'mail-sent' && event.data?.kind === 'new-breach');
    step(`SES accepted the DPO's "new breach" mail (message id ${String(mail?.data?.messageId)})`);
    io.out(`The deployment works: ${deployment.describe}.`);
    return 0;
  } catch (error) {
    io.err(
      `Smoke test failed: ${error instanceof SmokeFailure ? error.message : `${(error as Error).name}: ${(error as Error).message}`}`,
    );
    return 1;
  } finally {
    for (const cleanup of cleanups) {
      try {
        await cleanup.run();
        step(cleanup.what);
      } catch (error) {
        io.err(`Cleanup: could not do "${cleanup.what}": ${(error as Error).message}`);
      }
    }
    deployment.close();
  }
}

function parse(argv: readonly string[]) {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      stack: { type: 'string' },
      region: { type: 'string' },
      profile: { type: 'string' },
      'local-info': { type: 'string' },
      'dpo-email': { type: 'string' },
      'timeout-seconds': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if ((values.region !== undefined || values.profile !== undefined) && values.stack === undefined) {
    throw new Error('--region and --profile go with --stack');
  }
  return values;
}

async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  pollMs: number,
): Promise<T | undefined> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined || Date.now() >= until) return found;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** Every item of the test breach, and the decision requests its pointers name (their links die with them). */
async function deleteBreach(deployment: Deployment, breachId: string): Promise<void> {
  const { documents, tableName } = deployment;
  const { partitionKey: PK, sortKey: SK } = TABLE;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': PK },
        ExpressionAttributeValues: { ':pk': breachPk(breachId) },
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) {
      if (typeof item.secretHash === 'string') {
        await documents.send(
          new DeleteCommand({
            TableName: tableName,
            Key: { [PK]: decisionRequestPk(item.secretHash), [SK]: DECISION_REQUEST_SK },
          }),
        );
      }
      await documents.send(new DeleteCommand({ TableName: tableName, Key: { [PK]: item[PK], [SK]: item[SK] } }));
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
}

/** A report that says what it is: nobody reading the register could take it for a real breach. */
const smokeReport = (now: Date) => ({
  reporter: { anonymised: true, role: 'smoke test' },
  organisationRole: { role: 'controller' },
  occurred: { kind: 'at', at: new Date(now.getTime() - 2 * 60_000).toISOString() },
  awareAt: new Date(now.getTime() - 60_000).toISOString(),
  discovery: { channel: 'other', detail: 'npm run smoke' },
  description: 'Smoke test of a Breachdesk deployment: not a real breach. It is deleted when the test ends.',
  breachTypes: ['availability'],
  cause: { category: 'other', detail: 'smoke test' },
  dataCategories: ['other'],
  subjectCategories: ['employees'],
  approximateSubjects: 0,
  approximateRecords: 0,
  protection: { kind: 'none' },
  containment: { contained: true, how: 'Nothing to contain: a smoke test.' },
  recovery: 'recovered',
  recipient: 'trusted',
  malicious: 'no',
  police: { informed: false },
  thirdPartyData: { involved: false },
});
