import { SFNClient } from '@aws-sdk/client-sfn';
import { documentClient } from './adapters/dynamodb-client';
import { DynamoReminderLoop } from './adapters/reminder-loop';
import { SfnTaskCallbacks } from './adapters/task-callbacks';
import { requiredEnv } from './config';
import type { ReminderLoop } from './domain/remind-actions';

/** The reminder loop's token store and waker, for the AwaitActions task and the routes that add or close actions. */
export const reminderLoopFromEnv = (env: NodeJS.ProcessEnv = process.env): ReminderLoop =>
  new DynamoReminderLoop({
    client: documentClient(),
    tableName: requiredEnv('TABLE_NAME', env),
    // Local mode needs no branch: the SDK reads AWS_ENDPOINT_URL_SFN.
    callbacks: new SfnTaskCallbacks(new SFNClient({})),
  });
