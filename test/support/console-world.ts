import { SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { DynamoConsoleDirectory } from '../../functions/adapters/console-directory';
import { OidcClient } from '../../functions/adapters/oidc-client';
import { CLOCK_LOOP_SK, DynamoReminderLoop } from '../../functions/adapters/reminder-loop';
import { makeHandler } from '../../functions/console/make-handler';
import { type PresetId, presetPolicy } from '../../functions/domain/presets';
import { demoUsers } from '../../local/demo-users';
import { type LocalOidcProvider, startLocalOidcProvider } from '../../local/oidc-provider';
import { type ConsoleRequest, type Cookies, callConsole, signInThrough } from './console-requests';
import { type DecisionWorld, startDecisionWorld } from './decision-world';
import { type DynamoSubjects, dynamoSubjects } from './dynamo-subjects';

/**
 * The console handler over real DynamoDB (dynalite) and the embedded OIDC provider, with a browser's view of it:
 * cookies in, pages out. For tests of the console's pages beyond sign-in (register, trends, countdowns).
 */

const CALLBACK = 'http://127.0.0.1:9/v1/console/callback';

export type { Cookies };

export interface ConsoleWorld {
  world: DecisionWorld;
  /** The people affected, in their own table. */
  subjects: DynamoSubjects;
  call(method: string, path: string, options?: ConsoleRequest): Promise<APIGatewayProxyResult>;
  /** Signs the user in (`usr_<organisation>-<role>`); returns the session cookie. */
  signIn(userId: string): Promise<Cookies>;
  close(): Promise<void>;
}

export const startConsoleWorld = async (
  organisations: readonly { id: string; preset?: PresetId }[],
  options: { now?: () => Date } = {},
): Promise<ConsoleWorld> => {
  const world = await startDecisionWorld();
  const users = demoUsers(organisations.map(({ id }) => ({ id })));
  const directory = new DynamoConsoleDirectory({ client: world.table.client, tableName: world.table.tableName });
  for (const user of users) await directory.putUser(user);
  for (const { id, preset } of organisations) {
    await world.organisations.put({ id, name: `Organisation ${id}`, policy: presetPolicy(preset ?? 'generic') });
  }
  const idp: LocalOidcProvider = await startLocalOidcProvider({
    clientId: 'breachdesk-console',
    redirectUris: [CALLBACK],
    users,
  });
  world.sfn.on(SendTaskSuccessCommand).resolves({});
  const subjects = dynamoSubjects({
    client: world.table.client,
    tableName: world.table.subjectsTableName,
  });
  const loopOptions = {
    client: world.table.client,
    tableName: world.table.tableName,
    callbacks: world.takeDeps.callbacks,
  };
  const handler = makeHandler({
    ...world.takeDeps,
    provider: new OidcClient({ issuer: idp.issuer, clientId: 'breachdesk-console', redirectUri: CALLBACK }),
    sessions: directory,
    users: directory,
    subjects,
    changes: {
      reminders: new DynamoReminderLoop({ ...loopOptions }),
      clock: new DynamoReminderLoop({ ...loopOptions, sortKey: CLOCK_LOOP_SK }),
      mailer: world.requestDeps.mailer,
      breachUrl: (breachId) => `https://breachdesk.example.org/console/breaches/${breachId}`,
    },
    ...(options.now ? { now: options.now } : {}),
    logger: { ...world.takeDeps.logger, error: () => {} },
  });

  const call: ConsoleWorld['call'] = (method, path, o = {}) => callConsole(handler, method, path, o);

  const signIn = async (userId: string): Promise<Cookies> => (await signInThrough(call, userId, CALLBACK)).cookies;

  return {
    world,
    subjects,
    call,
    signIn,
    async close() {
      await idp.close();
      await world.close();
    },
  };
};
