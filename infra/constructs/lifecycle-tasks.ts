import { Lazy, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import { type BindMailerProps, BreachdeskFunction } from './base-function';
import type { Workflow } from './workflow';

/** The task functions the ASL names by placeholder: `${<Name>FunctionArn}`. */
const TASKS = {
  Prepare: 'functions/prepare/handler.ts',
  Assess: 'functions/assess/handler.ts',
  RequestDecision: 'functions/request-decision/handler.ts',
  CheckMark: 'functions/check-mark/handler.ts',
  RecordFailure: 'functions/record-failure/handler.ts',
  CloseCase: 'functions/close-case/handler.ts',
  /** The processor's e-mailed notice to the controller (issue 5), before the NotifyController callback. */
  NotifyController: 'functions/notify-controller-task/handler.ts',
  /** What a revised decision still asks for, after Evaluate or a revision during Close. */
  RevisedPlan: 'functions/revised-plan/handler.ts',
  /** The Actions branch: reminders to the owners of tracked actions, and the callback that waits for the next. */
  RemindActions: 'functions/remind-actions/handler.ts',
  AwaitActions: 'functions/await-actions/handler.ts',
} as const;
export type TaskName = keyof typeof TASKS;

/** Only these send mail; the others never get `ses:SendEmail`. */
const MAILING_TASKS: ReadonlySet<TaskName> = new Set([
  'Prepare',
  'RequestDecision',
  'CheckMark',
  'RecordFailure',
  'NotifyController',
  'RemindActions',
]);

/**
 * The mail settings every mailing function shares, from CDK context:
 * - `breachdesk:senderAddress` (required): the From address, e.g. dpo-alerts@school.example.org;
 * - `breachdesk:senderIdentity`: the verified SES identity that covers it (@default the address's domain);
 * - `breachdesk:sesRegion`: where that identity is verified (@default the stack's region);
 * - `breachdesk:publicBaseUrl`: the base of links in mails, e.g. a custom domain (@default the API's own URL).
 */
export function mailSettings(scope: Construct, apiBaseUrl: () => string): BindMailerProps {
  const stack = Stack.of(scope);
  const context = (key: string): string | undefined => {
    const value: unknown = scope.node.tryGetContext(`breachdesk:${key}`);
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const senderAddress = context('senderAddress');
  if (!senderAddress || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(senderAddress)) {
    throw new Error('Set the sender address: cdk deploy -c breachdesk:senderAddress=alerts@your-domain.example');
  }
  const identityName = context('senderIdentity') ?? senderAddress.split('@')[1] ?? senderAddress;
  const sesRegion = context('sesRegion') ?? stack.region;
  const identity = ses.EmailIdentity.fromEmailIdentityArn(
    scope,
    'SenderIdentity',
    stack.formatArn({ service: 'ses', region: sesRegion, resource: 'identity', resourceName: identityName }),
  );
  const configured = context('publicBaseUrl');
  return {
    identity,
    senderAddress,
    sesRegion,
    publicBaseUrl: configured?.replace(/\/+$/, '') ?? Lazy.string({ produce: apiBaseUrl }),
  };
}

export interface LifecycleTasksProps {
  readonly table: ITable;
  readonly mail: BindMailerProps;
}

/**
 * The Lambda functions behind the state machine's Task states. Each reads and writes the breach's event log, and the
 * mailing ones send through SES; the decision task also completes callbacks when a decision is already recorded.
 */
export class LifecycleTasks extends Construct {
  public readonly functions: Record<TaskName, BreachdeskFunction>;

  public constructor(scope: Construct, id: string, props: LifecycleTasksProps) {
    super(scope, id);
    const entries = Object.entries(TASKS) as [TaskName, string][];
    this.functions = Object.fromEntries(
      entries.map(([name, entry]) => {
        const fn = new BreachdeskFunction(this, name, { entry, description: `Breachdesk lifecycle task ${name}` });
        fn.bindTable({ table: props.table, access: 'readWrite' });
        if (MAILING_TASKS.has(name)) fn.bindMailer(props.mail);
        return [name, fn];
      }),
    ) as Record<TaskName, BreachdeskFunction>;
  }

  /** The values of the ASL's `${<Name>FunctionArn}` placeholders. */
  public get definitionSubstitutions(): Record<string, string> {
    return Object.fromEntries(
      Object.entries(this.functions).map(([name, fn]) => [`${name}FunctionArn`, fn.functionArn]),
    );
  }

  /** The state machine may invoke each task; the decision task may answer its callbacks. */
  public grantToWorkflow(workflow: Workflow): void {
    // The unqualified ARNs only: grantInvoke would add `<arn>:*` (every version and alias), and the ASL invokes none.
    workflow.stateMachine.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: Object.values(this.functions).map((fn) => fn.functionArn),
      }),
    );
    this.functions.RequestDecision.bindTaskResponse(workflow);
    // AwaitActions wakes itself when the breach changed while it was being parked.
    this.functions.AwaitActions.bindTaskResponse(workflow);
    // RevisedPlan wakes the reminder loop once the evaluation's recommendations have become actions.
    this.functions.RevisedPlan.bindTaskResponse(workflow);
  }
}
