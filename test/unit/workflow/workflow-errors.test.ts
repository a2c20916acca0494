import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifySesError } from '../../../functions/adapters/mailer';
import { BreachNotFoundError, OrganisationMissingError } from '../../../functions/domain/load-case';
import { AssessmentMissingError, DecisionInProgressError } from '../../../functions/domain/request-decision';
import { DECISION_REVISED_ERROR } from '../../../functions/domain/revise-decision';
import { ControllerNoticeUnrecordedError } from '../../../functions/domain/send-controller-notice';
import {
  SubjectNoticesBlockedError,
  SubjectsDecisionMissingError,
} from '../../../functions/domain/send-subject-notices';
import { WORKFLOW_ERRORS, workflowErrorNames } from '../../../functions/domain/workflow-errors';
import { breachIdInput, parseTaskInput } from '../../../functions/task-input';
import { projectPath } from '../../../infra/project-paths';

interface Retrier {
  ErrorEquals: string[];
  MaxAttempts?: number;
}
interface State {
  Type: string;
  Resource?: string;
  Error?: string;
  Retry?: Retrier[];
  Catch?: { ErrorEquals: string[] }[];
  Branches?: { States: Record<string, State> }[];
  ItemProcessor?: { States: Record<string, State> };
}

const asl = JSON.parse(readFileSync(projectPath('statemachines/breach-lifecycle.asl.json'), 'utf8')) as {
  States: Record<string, State>;
};

const allStates = (states: Record<string, State>): [string, State][] =>
  Object.entries(states).flatMap(([name, state]) => [
    [name, state] as [string, State],
    ...(state.Branches ?? []).flatMap((branch) => allStates(branch.States)),
    ...(state.ItemProcessor ? allStates(state.ItemProcessor.States) : []),
  ]);
const states = allStates(asl.States);

/** The tasks that run a Breachdesk function and can fail for a reason of its own (not the failure recorders). */
const taskStates = states.filter(
  ([, state]) =>
    state.Type === 'Task' && (state.Retry ?? []).some((retrier) => retrier.ErrorEquals.includes('States.TaskFailed')),
);

const asString = (error: unknown): string => (error instanceof Error ? error.name : String(error));
const thrown = (act: () => unknown): string => {
  try {
    act();
  } catch (error) {
    return asString(error);
  }
  throw new Error('nothing was thrown');
};

/**
 * What the task code really throws for each entry: the compiler makes every entry of the table name a real path.
 */
const REAL_ERRORS: Record<
  Exclude<keyof typeof WORKFLOW_ERRORS, 'CaseClosed' | 'ClockReplanned' | 'LifecycleFailed'>,
  () => string
> = {
  MailRetryable: () =>
    asString(classifySesError(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }))),
  MailPermanent: () =>
    asString(classifySesError(Object.assign(new Error('Email address is not verified'), { name: 'MessageRejected' }))),
  DecisionInProgress: () => asString(new DecisionInProgressError('BR-1', 'decide')),
  ControllerNoticeUnrecorded: () => asString(new ControllerNoticeUnrecordedError('BR-1')),
  TaskInput: () => thrown(() => parseTaskInput(breachIdInput, { breachId: 42 })),
  BreachNotFound: () => asString(new BreachNotFoundError('BR-1')),
  OrganisationMissing: () => asString(new OrganisationMissingError('org-1')),
  AssessmentMissing: () => asString(new AssessmentMissingError('BR-1')),
  SubjectNoticesBlocked: () => asString(new SubjectNoticesBlockedError('the sender is not verified')),
  SubjectsDecisionMissing: () => asString(new SubjectsDecisionMissingError('BR-1')),
  DecisionRevised: () => DECISION_REVISED_ERROR,
};

describe('workflow error names', () => {
  it('names in the ASL only errors of the table, or of Step Functions and Lambda themselves', () => {
    const named = states.flatMap(([, state]) => [
      ...(state.Retry ?? []).flatMap((retrier) => retrier.ErrorEquals),
      ...(state.Catch ?? []).flatMap((catcher) => catcher.ErrorEquals),
      ...(state.Type === 'Fail' && state.Error ? [state.Error] : []),
    ]);
    const known = new Set<string>(Object.values(WORKFLOW_ERRORS).map((error) => error.name));
    const foreign = named.filter((name) => !known.has(name) && !/^(States|Lambda)\./.test(name));

    expect([...new Set(foreign)]).toEqual([]);
  });

  it.each(Object.entries(REAL_ERRORS))('gives %s the name the table says, as the task code throws it', (key, act) => {
    expect(act()).toBe(WORKFLOW_ERRORS[key as keyof typeof REAL_ERRORS].name);
  });

  it.each(taskStates.map(([name]) => name))('retries the transient errors of %s with backoff', (name) => {
    const retriers = states.find(([stateName]) => stateName === name)?.[1].Retry ?? [];
    for (const error of workflowErrorNames('retry')) {
      const first = retriers.find((retrier) => retrier.ErrorEquals.includes(error));
      expect(first, `${name} retries ${error}`).toBeDefined();
      expect(first?.MaxAttempts ?? 3, `${name} retries ${error}`).toBeGreaterThan(1);
    }
  });

  it.each(taskStates.map(([name]) => name))(
    'sends the errors a person must fix straight to the Catch of %s',
    (name) => {
      const retriers = states.find(([stateName]) => stateName === name)?.[1].Retry ?? [];
      for (const error of workflowErrorNames('catch')) {
        // The first retrier that matches decides: it must not retry (TaskFailed would otherwise retry them 3 times).
        const first = retriers.find(
          (retrier) => retrier.ErrorEquals.includes(error) || retrier.ErrorEquals.includes('States.TaskFailed'),
        );
        expect(first?.ErrorEquals, `${name} does not retry ${error}`).toContain(error);
        expect(first?.MaxAttempts, `${name} does not retry ${error}`).toBe(0);
      }
    },
  );

  it('raises the ASL-only names from a Fail state, never from a task', () => {
    for (const error of workflowErrorNames('asl')) {
      expect(
        states.some(([, state]) => state.Type === 'Fail' && state.Error === error),
        error,
      ).toBe(true);
    }
    const raisedByTasks = Object.values(REAL_ERRORS).map((act) => act());
    for (const error of workflowErrorNames('asl')) expect(raisedByTasks).not.toContain(error);
  });
});
