import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { projectPath } from '../project-paths';

export interface WorkflowProps {
  /**
   * The Amazon States Language file, relative to the repository root. The same file runs in local mode.
   * @default 'statemachines/breach-lifecycle.asl.json'
   */
  readonly definitionFile?: string;
  /**
   * Values for the file's `${Placeholder}`s, e.g. task function ARNs. Local mode fills the same placeholders with
   * local targets, so the file itself never names a deployed resource.
   * @default {}
   */
  readonly definitionSubstitutions?: Record<string, string>;
  /**
   * How long the execution log (state transitions, without execution data) is kept.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * The breach lifecycle: one Standard execution per breach, its history encrypted with a key this deployment owns and
 * every state transition logged, so that an auditor can follow how each breach was handled.
 */
export class Workflow extends Construct {
  public readonly stateMachine: sfn.StateMachine;
  /** Encrypts the definition and the execution history; callers of StartExecution need it too. */
  public readonly encryptionKey: kms.Key;

  public constructor(scope: Construct, id: string, props: WorkflowProps = {}) {
    super(scope, id);

    this.encryptionKey = new kms.Key(this, 'Key', {
      description: 'Breachdesk breach lifecycle: state machine definition and execution history',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const logGroup = new logs.LogGroup(this, 'ExecutionLogs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      // A name known at synth time: CDK scopes the role's use of the key to this state machine's ARN by name, and an
      // unnamed machine would get a condition that matches no ARN at all.
      stateMachineName: `${Stack.of(this).stackName}-BreachLifecycle`,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromFile(
        projectPath(props.definitionFile ?? 'statemachines/breach-lifecycle.asl.json'),
      ),
      definitionSubstitutions: props.definitionSubstitutions ?? {},
      // Every transition is logged for the audit trail, but never the input or output: those carry the facts of
      // the breach, personal data that the encrypted execution history already keeps.
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
      encryptionConfiguration: new sfn.CustomerManagedEncryptionConfiguration(this.encryptionKey),
    });

    Validations.of(this.stateMachine.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Step Functions log delivery (logs:CreateLogDelivery and related) and X-Ray (PutTraceSegments, ' +
        'PutTelemetryRecords) accept no resource-level permissions; CDK adds them for logging ALL and tracing.',
    });
  }
}
