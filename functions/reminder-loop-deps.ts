import { SFNClient } from '@aws-sdk/client-sfn';
import { documentClient } from './adapters/dynamodb-client';
import { DynamoReminderLoop } from './adapters/reminder-loop';
import { SfnTaskCallbacks } from './adapters/task-callbacks';
import type { Config } from './config';
import type { ReminderLoop } from './domain/remind-actions';
import { traced } from './observability/tracer';

/** The reminder loop's token store and waker, for AwaitActions, RevisedPlan and the routes that add or close actions. */
export const reminderLoop = (config: Config<'TABLE_NAME'>): ReminderLoop =>
  new DynamoReminderLoop({
    client: documentClient(),
    tableName: config.TABLE_NAME,
    // Local mode needs no branch: the SDK reads AWS_ENDPOINT_URL_SFN.
    callbacks: new SfnTaskCallbacks(traced(new SFNClient({}))),
  });
