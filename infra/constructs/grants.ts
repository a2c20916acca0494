import { ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { apiKeyPk, TABLE } from '../../functions/adapters/table-layout';
import { FUNCTION_NAMES, type FunctionName, functionSpec } from '../../functions/manifest';
import type { Attachments } from './attachments';
import type { AuditExports } from './audit-exports';
import type { BreachdeskFunction, MailSettings } from './base-function';
import type { SubjectNotices } from './subject-notices';
import type { Workflow } from './workflow';

export interface GrantTargets {
  readonly table: ITable;
  readonly subjectsTable: ITable;
  readonly workflow: Workflow;
  readonly mail: MailSettings;
  readonly subjectNotices: SubjectNotices;
  readonly auditExports: AuditExports;
  readonly attachments: Attachments;
  /** The anti-forgery key of the public pages. */
  readonly csrfKey: secretsmanager.ISecret;
}

/** Gives each function of the manifest exactly the grants its entry lists, on its own role. */
export function grantFunctions(functions: Record<FunctionName, BreachdeskFunction>, targets: GrantTargets): void {
  for (const name of FUNCTION_NAMES) {
    const fn = functions[name];
    const { grants, trigger } = functionSpec(name);
    if (grants.table === 'export') {
      if (trigger.kind !== 'schedule') throw new Error(`${name}: an export runs on a schedule`);
      targets.auditExports.attachExportFunction(fn, trigger.everyMinutes);
    } else if (grants.table) {
      fn.grantTable(targets.table, grants.table);
    }
    if (grants.subjectsTable) fn.grantTable(targets.subjectsTable, grants.subjectsTable);
    for (const use of grants.workflow ?? []) {
      if (use === 'start') fn.grantStartExecution(targets.workflow);
      if (use === 'respond') fn.grantTaskResponse(targets.workflow);
      if (use === 'continue') grantContinue(fn, targets.workflow);
    }
    if (grants.mail) fn.grantSendEmail(targets.mail);
    if (grants.bulkMail) targets.subjectNotices.grantBulkMail(fn);
    if (grants.apiKeyUse) grantApiKeyUse(fn, targets.table);
    if (grants.csrfKey) targets.csrfKey.grantRead(fn);
    if (grants.attachments) targets.attachments.grant(fn, grants.attachments);
  }
}

/**
 * `npm run admin -- key list` shows when each key was last used: the authorizer may set that one attribute on API key
 * items (their partition keys all start `APIKEY#`, table-layout.ts) and write nothing else.
 */
function grantApiKeyUse(fn: BreachdeskFunction, table: ITable): void {
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['dynamodb:UpdateItem'],
      resources: [table.tableArn],
      conditions: {
        'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [apiKeyPk('*')] },
        'ForAllValues:StringEquals': { 'dynamodb:Attributes': [TABLE.partitionKey, TABLE.sortKey, 'lastUsedAt'] },
        StringEqualsIfExists: { 'dynamodb:ReturnValues': 'NONE' },
      },
    }),
  );
  table.encryptionKey?.grant(fn, 'kms:Encrypt', 'kms:GenerateDataKey');
}

/**
 * Continuing an ended execution: read it and its history, redrive it, or start its successor. Executions' ARNs are
 * minted per run, so the grant names this state machine's executions (`execution:<machine name>:*`) and no other.
 */
function grantContinue(fn: BreachdeskFunction, workflow: Workflow): void {
  const stack = Stack.of(fn);
  const executions = stack.formatArn({
    service: 'states',
    resource: 'execution',
    resourceName: `${workflow.stateMachineName}:*`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['states:DescribeExecution', 'states:RedriveExecution'],
      resources: [executions],
    }),
  );
  fn.grantStartExecution(workflow);
  Validations.of(fn.executionRole).acknowledge({
    id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${workflow.stateMachineName}:*]`,
    reason:
      "Execution ARNs are minted per run; the wildcard covers this state machine's executions only, which the " +
      'function must describe and redrive to continue a breach whose execution ended.',
  });
}
