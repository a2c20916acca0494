import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../../infra/project-paths';

/**
 * Step Functions keeps at most 25,000 events in a Standard execution's history; past that the execution fails. This
 * computes the history of the longest realistic breach from the ASL itself, with the events Step Functions writes
 * for each kind of state (https://docs.aws.amazon.com/step-functions/latest/apireference/API_HistoryEvent.html):
 *
 * - a Lambda task: TaskStateEntered, LambdaFunctionScheduled, -Started, -Succeeded, TaskStateExited (5); each retry
 *   adds LambdaFunctionFailed, -Scheduled, -Started (3);
 * - a callback task: TaskStateEntered, TaskScheduled, TaskStarted, TaskSubmitted, TaskSucceeded, TaskStateExited (6);
 *   each re-issue after its timeout adds TaskTimedOut, TaskScheduled, TaskStarted, TaskSubmitted (4);
 * - a Choice or a Wait: entered and exited (2); a Map iteration: started and succeeded (2).
 *
 * The case: reported, every decision left unanswered until its link has been re-issued to the ASL's limit, a task
 * failing and the DPO taking weeks to resume it after each step, a million people told at SES's 14 mails a second
 * under a 50,000-a-day quota, and the case open a whole year.
 */

interface State {
  Type: string;
  Resource?: string;
  Seconds?: number;
  TimestampPath?: string;
  TimeoutSeconds?: number;
  Retry?: { ErrorEquals: string[]; MaxAttempts?: number }[];
  Branches?: { States: Record<string, State> }[];
  ItemProcessor?: { States: Record<string, State> };
  Parameters?: { Payload?: { step?: string } };
}

const asl = JSON.parse(readFileSync(projectPath('statemachines/breach-lifecycle.asl.json'), 'utf8')) as {
  States: Record<string, State>;
};
const flatten = (states: Record<string, State>): Record<string, State> =>
  Object.fromEntries(
    Object.entries(states).flatMap(([name, state]) => [
      [name, state],
      ...(state.Branches ?? []).flatMap((branch) => Object.entries(flatten(branch.States))),
      ...(state.ItemProcessor ? Object.entries(flatten(state.ItemProcessor.States)) : []),
    ]),
  );
const states = flatten(asl.States);
const state = (name: string): State => {
  const found = states[name];
  if (!found) throw new Error(`the ASL has no state ${name}`);
  return found;
};

const LAMBDA_TASK = 5;
const CALLBACK_TASK = 6;
const CALLBACK_REISSUE = 4;
const CHOICE_OR_WAIT = 2;
const HISTORY_LIMIT = 25_000;
const DAY_S = 86_400;

/** How often a callback state re-issues its request after a timeout before it gives up. */
const reissues = (name: string): number =>
  state(name).Retry?.find((retrier) => retrier.ErrorEquals.includes('States.Timeout'))?.MaxAttempts ?? 0;
const callbackDays = (name: string): number => ((reissues(name) + 1) * (state(name).TimeoutSeconds ?? DAY_S)) / DAY_S;

const DECISION_STATES = [
  'Contain',
  'Decide',
  'NotifyAuthority',
  'NotifySubjects',
  'NotifyController',
  'NotifyOtherParties',
  'Evaluate',
  'Close',
];

/** The history of the longest realistic case, computed from the ASL as it is. */
function longestCase(): { events: number; breakdown: Record<string, number> } {
  const breakdown: Record<string, number> = {};
  const add = (what: string, events: number) => {
    breakdown[what] = (breakdown[what] ?? 0) + events;
  };
  add('execution and Prepare', 2 + LAMBDA_TASK + 4 /* Parallel */);

  // Every decision re-issued to its limit, then failing into RecordCaseFailure and AwaitRecovery; the DPO resumes,
  // and the Case branch replays from Contain over the decisions already taken (each completes at once).
  let days = 0;
  for (const [index, name] of DECISION_STATES.entries()) {
    add('decisions re-issued', CALLBACK_TASK + reissues(name) * CALLBACK_REISSUE);
    add('failure recorded', LAMBDA_TASK + CALLBACK_TASK /* AwaitRecovery answered */);
    add('replay after recovery', index * CALLBACK_TASK + 4 * LAMBDA_TASK + 4 * CHOICE_OR_WAIT);
    days += callbackDays(name);
  }
  // The rest of the year waiting in AwaitRecovery, its request re-issued at each timeout.
  const awaitDays = Math.max(0, 365 - days);
  const awaitIssues = Math.ceil((awaitDays * DAY_S) / (state('AwaitRecovery').TimeoutSeconds ?? DAY_S));
  expect(awaitIssues, 'AwaitRecovery re-asks for the rest of the year without failing').toBeLessThanOrEqual(
    reissues('AwaitRecovery') + 1,
  );
  add('a year in AwaitRecovery', awaitIssues * CALLBACK_REISSUE);

  // A million people at 14 a second: runs of up to 14.5 minutes, under a quota of 50,000 a day.
  const people = 1_000_000;
  const perRun = Math.floor(14 * 14.5 * 60);
  const runs = Math.ceil(people / perRun);
  add('notice runs', runs * (LAMBDA_TASK + CHOICE_OR_WAIT));
  const quotaDays = Math.ceil(people / 50_000);
  // Once the day's quota is used (after ~1 hour at 14/s), the rest of the day is waited out.
  const idleSeconds = DAY_S - Math.ceil(50_000 / 14);
  const quotaWait = state('Wait for the daily quota');
  const loopsPerDay =
    quotaWait.TimestampPath !== undefined ? 1 : Math.ceil(idleSeconds / (quotaWait.Seconds ?? idleSeconds));
  // A loop that only deferred: the task (failing nobody, appending nothing), the Choice and the Wait.
  add('daily quota waits', quotaDays * loopsPerDay * (LAMBDA_TASK + 2 * CHOICE_OR_WAIT));

  // The Clock branch: a Map over every warning and deadline (9 with the school's three clocks).
  add('clock marks', 4 + 9 * (2 + CHOICE_OR_WAIT + LAMBDA_TASK));
  const events = Object.values(breakdown).reduce((sum, n) => sum + n, 0);
  return { events, breakdown };
}

describe('the longest realistic case', () => {
  it('stays well under the 25,000 events of an execution history', () => {
    const { events, breakdown } = longestCase();
    console.log(`longest realistic case: ${events} history events`, breakdown);

    expect(events).toBeLessThan(HISTORY_LIMIT);
  });

  it('would not, if the quota were waited out a minute at a time', () => {
    const quotaWait = state('Wait for the daily quota');
    const saved = { ...quotaWait };
    try {
      delete quotaWait.TimestampPath;
      quotaWait.Seconds = 60;
      expect(longestCase().events).toBeGreaterThan(HISTORY_LIMIT);
    } finally {
      Object.assign(quotaWait, saved);
    }
  });

  it('keeps AwaitRecovery waiting: it re-asks for a year, then waits a day, and never fails the execution', () => {
    const awaitRecovery = state('AwaitRecovery') as State & { Catch?: { Next: string }[] };
    expect(callbackDays('AwaitRecovery')).toBeGreaterThanOrEqual(365);
    expect(awaitRecovery.Catch?.map((c) => c.Next)).toEqual(['Wait to ask again']);
    expect((state('Wait to ask again') as State & { Next?: string }).Next).toBe('AwaitRecovery');
  });
});
