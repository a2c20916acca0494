import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes, type FunctionName } from '../../functions/manifest';
import { buildBreachdeskApp } from './synth';

interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}
interface Resource {
  readonly Type: string;
  readonly Metadata?: Record<string, string>;
  readonly Properties: Record<string, unknown>;
}

let resources: Record<string, Resource>;

/** The logical id of the resource whose construct path is `Breachdesk/<path>`. */
const logicalIdAt = (path: string): string => {
  const found = Object.entries(resources).find(([, r]) => r.Metadata?.['aws:cdk:path'] === `Breachdesk/${path}`);
  if (!found) throw new Error(`no resource at ${path}`);
  return found[0];
};

/** Every statement of every policy attached to the role with this logical id. */
const statementsOfRole = (roleId: string): Statement[] =>
  Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .filter((r) =>
      (r.Properties.Roles as unknown[]).some((role) => JSON.stringify(role) === JSON.stringify({ Ref: roleId })),
    )
    .flatMap((r) => (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement);

const statementsOfFunction = (name: FunctionName): Statement[] => statementsOfRole(logicalIdAt(`${name}Role/Resource`));
const actionsOf = (statements: readonly Statement[]): string[] => statements.flatMap((s) => [s.Action].flat());

/** The functions behind a route the public reaches without an API key. */
const PUBLIC_FUNCTIONS = [
  ...new Set(
    apiRoutes()
      .filter((route) => route.access === 'public')
      .map((route) => route.functionName),
  ),
];

beforeAll(() => {
  const { stack } = buildBreachdeskApp();
  resources = Template.fromStack(stack).toJSON().Resources as Record<string, Resource>;
});

describe('the functions behind public routes', () => {
  it('include the old decision links’ forwarder and the report form', () => {
    expect(PUBLIC_FUNCTIONS).toEqual(expect.arrayContaining(['DecisionLink', 'ReportForm']));
  });

  it('leave the old decision links’ forwarder no table, workflow or secret to act on: it cannot record a decision', () => {
    const actions = actionsOf(statementsOfFunction('DecisionLink'));
    expect(actions.filter((action) => /^(dynamodb|states|secretsmanager|kms):/.test(action))).toEqual([]);
  });

  it.each(PUBLIC_FUNCTIONS)('%s can neither scan, delete nor batch-write any table', (name) => {
    const actions = actionsOf(statementsOfFunction(name));
    const dynamodb = actions.filter((action) => action.startsWith('dynamodb:'));
    for (const forbidden of ['dynamodb:Scan', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:*']) {
      expect(dynamodb).not.toContain(forbidden);
    }
    // Only the item-level actions, and nothing wider.
    expect(
      dynamodb.every((action) =>
        [
          'dynamodb:GetItem',
          'dynamodb:Query',
          'dynamodb:ConditionCheckItem',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
        ].includes(action),
      ),
    ).toBe(true);
  });

  it.each(['ReportForm'] as const)('%s still reads and writes single items of the breach table', (name) => {
    const statements = statementsOfFunction(name);
    const table = statements.find((s) => actionsOf([s]).includes('dynamodb:PutItem'));
    expect(actionsOf(table ? [table] : []).sort()).toEqual(
      [
        'dynamodb:ConditionCheckItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
      ].sort(),
    );
    expect(JSON.stringify(table?.Resource)).toContain(logicalIdAt('Storage/Table/Resource'));
  });
});

describe('mail', () => {
  const SENDER = 'breachdesk@example.org';
  const mailing = (): [string, Statement][] =>
    Object.entries(resources)
      .filter(([, r]) => r.Type === 'AWS::IAM::Policy')
      .flatMap(([id, r]) =>
        (r.Properties.PolicyDocument as { Statement: Statement[] }).Statement.map(
          (s) => [id, s] as [string, Statement],
        ),
      )
      .filter(([, s]) => actionsOf([s]).some((action) => /^ses:Send/.test(action)));

  it('grants only the send calls the mailers make: SendEmail and SendBulkEmail, never raw mail or ses:*', () => {
    const actions = new Set(mailing().flatMap(([, s]) => actionsOf([s])));
    expect([...actions].sort()).toEqual(['ses:SendBulkEmail', 'ses:SendEmail']);
    expect(mailing().length).toBeGreaterThan(0);
  });

  it('lets every sending statement send from the sender address alone', () => {
    for (const [policy, statement] of mailing()) {
      expect({ policy, condition: statement.Condition }).toEqual({
        policy,
        condition: { StringEquals: { 'ses:FromAddress': SENDER } },
      });
    }
  });

  it('gives the template and quota calls only to the functions that send notices in bulk', () => {
    for (const name of ['SendSubjectNotices', 'ResolveUnconfirmed'] as const) {
      expect(actionsOf(statementsOfFunction(name))).toEqual(
        expect.arrayContaining(['ses:GetAccount', 'ses:GetEmailTemplate', 'ses:SendBulkEmail']),
      );
    }
    expect(actionsOf(statementsOfFunction('Prepare')).filter((a) => a.startsWith('ses:'))).toEqual(['ses:SendEmail']);
  });
});

describe('the audit export role', () => {
  it('writes export objects but can neither set retention, place legal holds nor bypass governance mode', () => {
    const actions = actionsOf(statementsOfFunction('ExportTable'));
    expect(actions).toEqual(expect.arrayContaining(['s3:PutObject', 'dynamodb:ExportTableToPointInTime']));
    const s3 = actions.filter((action) => action.startsWith('s3:'));
    for (const forbidden of [
      's3:PutObjectRetention',
      's3:PutObjectLegalHold',
      's3:BypassGovernanceRetention',
      's3:DeleteObject',
      's3:*',
      's3:PutObject*',
    ]) {
      expect(s3).not.toContain(forbidden);
    }
    expect(s3.every((action) => !action.includes('*'))).toBe(true);
  });
});
