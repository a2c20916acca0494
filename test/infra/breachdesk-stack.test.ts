import { readFileSync } from 'node:fs';
import type { CfnResource } from 'aws-cdk-lib';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { STACK_OUTPUTS } from '../../functions/adapters/stack-outputs';
import { AUTHORIZER_CACHE_SECONDS } from '../../functions/authorizer-cache';
import { FUNCTION_NAMES, FUNCTIONS, taskFunctions } from '../../functions/manifest';
import type { BreachdeskStack } from '../../infra/breachdesk-stack';
import { projectPath } from '../../infra/project-paths';
import { buildBreachdeskApp } from './synth';

type Resources = Record<string, { Properties: Record<string, unknown> }>;
interface Statement {
  Action: string | string[];
  Resource: unknown;
}

let stack: BreachdeskStack;
let template: Template;

/** The logical id CloudFormation knows a construct's resource by. */
const logicalIdOf = (construct: { node: { defaultChild?: unknown } }): string =>
  Stack.of(stack).resolve(Stack.of(stack).getLogicalId(construct.node.defaultChild as CfnResource)) as string;

/** Every statement of the policies attached to the role with this logical id. */
const statementsOfRole = (roleLogicalId: string): Statement[] =>
  Object.values(template.findResources('AWS::IAM::Policy') as Resources)
    .filter(({ Properties }) => JSON.stringify(Properties.Roles) === JSON.stringify([{ Ref: roleLogicalId }]))
    .flatMap(({ Properties }) => (Properties.PolicyDocument as { Statement: Statement[] }).Statement);

const actionsOf = (statements: Statement[]): string[] => statements.flatMap((s) => [s.Action].flat());

beforeAll(() => {
  ({ stack } = buildBreachdeskApp());
  template = Template.fromStack(stack);
});

describe('storage', () => {
  it('keeps both tables on demand with the key schema, GSI1 and TTL the adapters expect', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 2);
    template.resourcePropertiesCountIs(
      'AWS::DynamoDB::Table',
      {
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: 'PK', KeyType: 'HASH' },
          { AttributeName: 'SK', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'GSI1',
            KeySchema: [
              { AttributeName: 'GSI1PK', KeyType: 'HASH' },
              { AttributeName: 'GSI1SK', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
        AttributeDefinitions: Match.arrayWith([
          { AttributeName: 'GSI1PK', AttributeType: 'S' },
          { AttributeName: 'GSI1SK', AttributeType: 'S' },
        ]),
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      },
      2,
    );
  });

  it('protects both tables with PITR, deletion protection, retention and their own rotating KMS key', () => {
    const keyId = logicalIdOf(stack.storage.key);
    const tables = template.findResources('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } },
      }),
    });
    expect(Object.keys(tables).sort()).toEqual(
      [logicalIdOf(stack.storage.table), logicalIdOf(stack.storage.subjectsTable)].sort(),
    );
    template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ EnableKeyRotation: true }),
    });
  });
});

describe('subjects table', () => {
  const subjectsTableId = () => logicalIdOf(stack.storage.subjectsTable);
  const roleIdOfFunction = (fn: { executionRole: { node: { defaultChild?: unknown } } }) =>
    logicalIdOf(fn.executionRole);
  /** The roles whose policies name the subjects table anywhere. */
  const rolesOnSubjectsTable = (): string[] =>
    Object.values(template.findResources('AWS::IAM::Policy') as Resources)
      .filter(({ Properties }) => JSON.stringify(Properties.PolicyDocument).includes(`"${subjectsTableId()}"`))
      .flatMap(({ Properties }) => (Properties.Roles as { Ref: string }[]).map((role) => role.Ref));

  it('keeps the people affected in a second table, encrypted with the key, with PITR and deletion protection', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 2);
    const subjects = (template.findResources('AWS::DynamoDB::Table') as Resources)[subjectsTableId()];
    expect(subjects?.Properties).toMatchObject({
      SSESpecification: {
        SSEEnabled: true,
        SSEType: 'KMS',
        KMSMasterKeyId: { 'Fn::GetAtt': [logicalIdOf(stack.storage.key), 'Arn'] },
      },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('gives the audit export function no permission on the subjects table and exports the breach table only', () => {
    const exporter = stack.functions.ExportTable;
    const statements = statementsOfRole(roleIdOfFunction(exporter));
    expect(statements.length).toBeGreaterThan(0);
    expect(JSON.stringify(statements)).not.toContain(subjectsTableId());
    const breachTableArn = { 'Fn::GetAtt': [logicalIdOf(stack.storage.table), 'Arn'] };
    for (const statement of statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('dynamodb:')))) {
      // The breach table itself, or its exports: never a wildcard that another table could fall under.
      expect(JSON.stringify(statement.Resource)).toContain(JSON.stringify(breachTableArn));
      expect(statement.Resource).not.toBe('*');
    }
    const [exportFunction] = Object.values(
      template.findResources('AWS::Lambda::Function', {
        Properties: { Environment: { Variables: Match.objectLike({ EXPORT_PREFIX: Match.anyValue() }) } },
      }) as Resources,
    );
    expect(JSON.stringify(exportFunction?.Properties.Environment)).not.toContain(subjectsTableId());
    expect(JSON.stringify(exportFunction?.Properties.Environment)).toContain(logicalIdOf(stack.storage.table));
  });

  it('grants the subjects table to the functions that tell people and the console where they are added, and to no other', () => {
    const { AddSubjects, SubjectLetters, SendSubjectNotices, ResolveUnconfirmed, EraseSubjects, SesEvents, Console } =
      stack.functions;
    const expected = [
      AddSubjects,
      Console,
      SubjectLetters,
      SendSubjectNotices,
      ResolveUnconfirmed,
      EraseSubjects,
      SesEvents,
    ].map(roleIdOfFunction);
    expect([...new Set(rolesOnSubjectsTable())].sort()).toEqual(expected.sort());
    template.resourcePropertiesCountIs(
      'AWS::Lambda::Function',
      { Environment: { Variables: Match.objectLike({ SUBJECTS_TABLE_NAME: { Ref: subjectsTableId() } }) } },
      expected.length,
    );
    // Reading the people is not writing them: the letters only read.
    const letters = actionsOf(
      statementsOfRole(roleIdOfFunction(SubjectLetters)).filter((s) =>
        JSON.stringify(s.Resource).includes(subjectsTableId()),
      ),
    );
    expect(letters).toContain('dynamodb:Query');
    expect(letters).not.toContain('dynamodb:PutItem');
    expect(letters).not.toContain('dynamodb:UpdateItem');
  });
});

/** Every function of the manifest is one Lambda function of the stack. */
const FUNCTION_COUNT = FUNCTION_NAMES.length;
const RECONCILER = 1;
/** Functions that need longer than the 10 s default: the fan-out's runs, and the CSV upload and letters under API Gateway's 29 s. */
const LONG_RUNNING = {
  SendSubjectNotices: 900,
  AddSubjects: 29,
  SubjectLetters: 29,
  ResolveUnconfirmed: 29,
  EraseSubjects: 29,
  // Reading a file of up to 25 MiB back to hash it, and verification re-hashing every attached file.
  Attachments: 29,
  Verification: 29,
  // Adding a list of up to 10,000 people affected, one conditional put each.
  Console: 29,
} as const;
const LIFECYCLE_TASKS = [...taskFunctions().values()];

describe('functions', () => {
  it('runs every function on Node.js 24, ARM64, with active tracing, 10 s and 512 MB unless it must run longer', () => {
    template.resourceCountIs('AWS::Lambda::Function', FUNCTION_COUNT);
    template.allResourcesProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      Handler: 'index.handler',
      Environment: { Variables: Match.objectLike({ NODE_OPTIONS: '--enable-source-maps' }) },
    });
    const longRunning = Object.keys(LONG_RUNNING).length;
    template.resourcePropertiesCountIs(
      'AWS::Lambda::Function',
      { Timeout: 10, MemorySize: 512 },
      // The reconciler may scan the index and start several executions per run: 60 s.
      FUNCTION_COUNT - longRunning - RECONCILER,
    );
    template.resourcePropertiesCountIs('AWS::Lambda::Function', { Timeout: 60, MemorySize: 512 }, RECONCILER);
    for (const [id, seconds] of Object.entries(LONG_RUNNING)) {
      const fn = stack.functions[id as keyof typeof LONG_RUNNING];
      const [resource] = Object.entries(template.findResources('AWS::Lambda::Function') as Resources).filter(
        ([logicalId]) => logicalId === logicalIdOf(fn),
      );
      expect(resource?.[1].Properties.Timeout, id).toBe(seconds);
    }
  });

  it('gives every function its own retained log group with a one-year retention', () => {
    const logGroups = template.findResources('AWS::Logs::LogGroup');
    const functions = Object.values(template.findResources('AWS::Lambda::Function') as Resources);
    const functionLogGroupIds = functions.map(
      ({ Properties }) => (Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref,
    );
    expect(new Set(functionLogGroupIds).size).toBe(FUNCTION_COUNT);
    for (const id of functionLogGroupIds) {
      expect(logGroups[id]).toMatchObject({ DeletionPolicy: 'Retain', Properties: { RetentionInDays: 365 } });
    }
  });

  it('attaches no AWS-managed policy to any role', () => {
    for (const role of Object.values(template.findResources('AWS::IAM::Role') as Resources)) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('tells every function that uses the table its name, and the two intake functions the state machine ARN', () => {
    const tableRef = { Ref: logicalIdOf(stack.storage.table) };
    template.resourcePropertiesCountIs(
      'AWS::Lambda::Function',
      { Environment: { Variables: Match.objectLike({ TABLE_NAME: tableRef }) } },
      // Every function but the stylesheet's, the API reference's and the old decision links' forwarder, which have no
      // business with the table, and the SES events function, which records deliveries on the people alone.
      FUNCTION_COUNT - 4,
    );
    template.resourcePropertiesCountIs(
      'AWS::Lambda::Function',
      {
        Environment: {
          Variables: Match.objectLike({ STATE_MACHINE_ARN: { Ref: logicalIdOf(stack.workflow.stateMachine) } }),
        },
      },
      // The API's intake and the hosted report form (the two ways a breach is reported), the reconciler that
      // starts a reported breach whose start failed, and the route that continues an ended workflow.
      4,
    );
  });
});

describe('least privilege', () => {
  const writeActions = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
  const roleIdOf = (id: string): string => {
    const fn = stack.node.findChild(id) as unknown as { executionRole: { node: { defaultChild?: unknown } } };
    return logicalIdOf(fn.executionRole);
  };

  it('lets the list and get functions read the table but never write it', () => {
    for (const id of ['ListBreaches', 'GetBreach']) {
      const actions = actionsOf(statementsOfRole(roleIdOf(id)));
      expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'kms:Decrypt']));
      for (const action of [...writeActions, 'kms:Encrypt', 'states:StartExecution']) {
        expect(actions, `${id} may not ${action}`).not.toContain(action);
      }
    }
  });

  it('lets the authorizer read the table and write only the last-use time of API key items', () => {
    const statements = statementsOfRole(roleIdOf('Authorizer'));
    expect(actionsOf(statements)).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'kms:Decrypt']));
    for (const action of [
      'dynamodb:PutItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
      'states:StartExecution',
    ]) {
      expect(actionsOf(statements)).not.toContain(action);
    }
    const updates = statements.filter((s) => [s.Action].flat().includes('dynamodb:UpdateItem'));
    expect(updates).toEqual([
      expect.objectContaining({
        Action: 'dynamodb:UpdateItem',
        Condition: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['APIKEY#*'] },
          'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['PK', 'SK', 'lastUsedAt'] },
          StringEqualsIfExists: { 'dynamodb:ReturnValues': 'NONE' },
        },
      }),
    ]);
  });

  it('names the tables, the API and the state machine in the outputs the admin tools read', () => {
    const outputs = template.toJSON().Outputs as Record<string, unknown>;
    for (const key of Object.values(STACK_OUTPUTS)) expect(Object.keys(outputs)).toContain(key);
  });

  it('lets the verification and register functions read the table and nothing else', () => {
    for (const id of ['Verification', 'Register']) {
      const actions = actionsOf(statementsOfRole(roleIdOf(id)));
      expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'kms:Decrypt']));
      // The register is also the console's PDF download, a public route: item reads only (itemReads), no Scan.
      if (id === 'Register') expect(actions).not.toContain('dynamodb:Scan');
      else expect(actions).toContain('dynamodb:Scan');
      for (const action of [...writeActions, 'kms:Encrypt', 'states:StartExecution', 'ses:SendEmail']) {
        expect(actions, `${id} may not ${action}`).not.toContain(action);
      }
      expect(actions.filter((a) => a.startsWith('states:') || a.startsWith('ses:'))).toEqual([]);
    }
  });

  it('lets the intake function write the table and start executions of exactly the lifecycle state machine', () => {
    const statements = statementsOfRole(roleIdOf('Intake'));
    expect(actionsOf(statements)).toEqual(expect.arrayContaining(writeActions));
    const starts = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('states:')));
    expect(starts).toEqual([
      expect.objectContaining({
        Action: 'states:StartExecution',
        Resource: { Ref: logicalIdOf(stack.workflow.stateMachine) },
      }),
    ]);
  });

  it('lets only the intake function use the workflow key, and only to encrypt and read execution input', () => {
    const workflowKey = { 'Fn::GetAtt': [logicalIdOf(stack.workflow.encryptionKey), 'Arn'] };
    const onWorkflowKey = (id: string) =>
      statementsOfRole(roleIdOf(id)).filter((s) => JSON.stringify(s.Resource) === JSON.stringify(workflowKey));
    expect(actionsOf(onWorkflowKey('Intake')).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    for (const id of ['Authorizer', 'ListBreaches', 'GetBreach']) expect(onWorkflowKey(id)).toEqual([]);
  });
});

describe('api', () => {
  const methodFor = (httpMethod: string, functionId: string) => ({
    HttpMethod: httpMethod,
    AuthorizationType: 'CUSTOM',
    AuthorizerId: { Ref: logicalIdOf(stack.api.node.findChild('ApiKeyAuthorizer')) },
    RequestValidatorId: { Ref: logicalIdOf(stack.api.node.findChild('RequestValidator')) },
    Integration: Match.objectLike({
      Type: 'AWS_PROXY',
      Uri: Match.objectLike({
        'Fn::Join': ['', Match.arrayWith([{ 'Fn::GetAtt': [logicalIdOf(stack.node.findChild(functionId)), 'Arn'] }])],
      }),
    }),
  });

  it('routes the breach and decision API to their functions behind the authorizer', () => {
    // 15 + 3, the resolution of unconfirmed notices, the erasure of the people affected, continuing an ended
    // workflow, and the thirteen routes that change a case (amendments, revisions, actions and their closure, the
    // authority's side, parties, links, obligation stages, not a breach, investigator, access codes, receipts), the
    // console's four public pages, the board report and similar incidents, the four evidence routes, and the console's
    // four downloads and its register's PDF (served by the functions that render the documents).
    template.resourceCountIs('AWS::ApiGateway::Method', 15 + 3 + 1 + 1 + 1 + 1 + 13 + 4 + 2 + 4 + 4 + 1);
    template.hasResourceProperties('AWS::ApiGateway::Method', methodFor('POST', 'CaseChanges'));
    template.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: 'breaches' });
    template.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: '{id}' });
    template.hasResourceProperties('AWS::ApiGateway::Method', methodFor('POST', 'Intake'));
    template.hasResourceProperties('AWS::ApiGateway::Method', methodFor('GET', 'ListBreaches'));
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      ...methodFor('GET', 'GetBreach'),
      RequestParameters: { 'method.request.path.id': true },
    });
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      ...methodFor('POST', 'SubmitDecision'),
      RequestParameters: { 'method.request.path.id': true, 'method.request.path.step': true },
    });
  });

  it('routes GET /verification and GET /register behind the authorizer to their own functions', () => {
    template.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: 'verification' });
    template.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: 'register' });
    for (const id of ['Verification', 'Register']) {
      const methods = template.findResources('AWS::ApiGateway::Method', { Properties: methodFor('GET', id) });
      expect(Object.keys(methods), id).toHaveLength(1);
    }
  });

  it('routes the authority report, its follow-ups and receipt, the other parties and the board report behind the authorizer', () => {
    const routes: [string, string, string][] = [
      ['authority-report', 'GET', 'AuthorityReport'],
      ['authority-reports', 'POST', 'AuthorityFollowUp'],
      ['authority-acknowledgement', 'POST', 'AuthorityAcknowledgement'],
      ['other-parties', 'GET', 'OtherParties'],
      ['board-report', 'GET', 'BoardReport'],
      ['similar-incidents', 'GET', 'BoardReport'],
    ];
    for (const [pathPart, verb, id] of routes) {
      template.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: pathPart });
      const methods = template.findResources('AWS::ApiGateway::Method', {
        Properties: { ...methodFor(verb, id), RequestParameters: { 'method.request.path.id': true } },
      });
      expect(Object.keys(methods), id).toHaveLength(id === 'BoardReport' ? 2 : 1);
    }
  });

  it('lets the report and other-parties functions only read the table, and the recording ones write events', () => {
    const roleOf = (id: string) => logicalIdOf((stack.node.findChild(id) as unknown as { role: never }).role);
    for (const id of ['AuthorityReport', 'OtherParties', 'BoardReport']) {
      const actions = actionsOf(statementsOfRole(roleOf(id)));
      expect(actions, id).toContain('dynamodb:Query');
      expect(actions, id).not.toContain('dynamodb:PutItem');
      expect(actions, id).not.toContain('ses:SendEmail');
    }
    for (const id of ['AuthorityFollowUp', 'AuthorityAcknowledgement']) {
      expect(actionsOf(statementsOfRole(roleOf(id))), id).toContain('dynamodb:PutItem');
    }
  });

  it('hands a PDF back as bytes to an API client (application/pdf) and to a browser following a link (text/html), and a console upload (multipart/form-data) to its function byte for byte', () => {
    template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      BinaryMediaTypes: ['application/pdf', 'text/html', 'multipart/form-data'],
    });
  });

  it('serves the decision page, the report form, the stylesheet, the API reference, the console and its downloads (which check their own session) without the API-key authorizer, and nothing else', () => {
    const methods = Object.values(template.findResources('AWS::ApiGateway::Method') as Resources);
    const open = methods.filter(({ Properties }) => Properties.AuthorizationType === 'NONE');
    // Decision page GET/POST, report form GET/POST, assets GET, API reference GET, console GET/POST on two paths, and
    // the console's four downloads and its register's PDF (each function reads the console's session itself:
    // http/console-access.ts).
    expect(open.map(({ Properties }) => Properties.HttpMethod).sort()).toEqual([
      'GET',
      'GET',
      'GET',
      'GET',
      'GET',
      'GET',
      'GET',
      'GET',
      'GET',
      'GET',
      'GET',
      'POST',
      'POST',
      'POST',
      'POST',
    ]);
    const {
      AuthorizerId: _openApiAuthorizer,
      RequestValidatorId: _openApiValidator,
      ...openApi
    } = methodFor('GET', 'OpenApi');
    template.hasResourceProperties('AWS::ApiGateway::Method', { ...openApi, AuthorizationType: 'NONE' });
    const { AuthorizerId: _decisionAuthorizer, ...decisionLink } = methodFor('POST', 'DecisionLink');
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      ...decisionLink,
      AuthorizationType: 'NONE',
      AuthorizerId: Match.absent(),
      RequestParameters: { 'method.request.path.secret': true },
    });
    const { AuthorizerId: _assetsAuthorizer, RequestValidatorId: _v, ...assets } = methodFor('GET', 'Assets');
    template.hasResourceProperties('AWS::ApiGateway::Method', { ...assets, AuthorizationType: 'NONE' });
  });

  it('gives the report form its anti-forgery key from a generated secret it reads at init, never a variable', () => {
    const secrets = Object.keys(
      template.findResources('AWS::SecretsManager::Secret', {
        Properties: { GenerateSecretString: Match.objectLike({ PasswordLength: 48 }) },
      }),
    );
    expect(secrets).toHaveLength(1);
    const readers = template.findResources('AWS::Lambda::Function', {
      Properties: { Environment: { Variables: Match.objectLike({ CSRF_KEY_SECRET: { Ref: secrets[0] } }) } },
    }) as Resources;
    expect(Object.keys(readers)).toEqual([logicalIdOf(stack.functions.ReportForm)]);
    // No function holds the key, or a reference that CloudFormation would resolve into its environment.
    expect(JSON.stringify(template.findResources('AWS::Lambda::Function'))).not.toContain('resolve:secretsmanager');
    for (const [id, resource] of Object.entries(readers)) {
      // The Parameters and Secrets extension serves the secret from its cache.
      const [layer] = resource.Properties.Layers as { 'Fn::FindInMap': [string, ...unknown[]] }[];
      const mappings = template.toJSON().Mappings as Record<string, unknown>;
      expect(JSON.stringify(mappings[layer?.['Fn::FindInMap'][0] ?? '']), id).toContain(
        'AWS-Parameters-and-Secrets-Lambda-Extension-Arm64',
      );
    }
    const statements = statementsOfRole(logicalIdOf(stack.functions.ReportForm.executionRole));
    const read = statements.filter((s) => [s.Action].flat().includes('secretsmanager:GetSecretValue'));
    expect(read.map((s) => s.Resource)).toEqual([{ Ref: secrets[0] }]);
    for (const name of FUNCTION_NAMES.filter((n) => n !== 'ReportForm')) {
      const actions = actionsOf(statementsOfRole(logicalIdOf(stack.functions[name].executionRole)));
      expect(actions, name).not.toContain('secretsmanager:GetSecretValue');
    }
  });

  it('checks the Authorization header with the TOKEN authorizer and caches its answer no longer than the revocation bound', () => {
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'TOKEN',
      IdentitySource: 'method.request.header.Authorization',
      AuthorizerResultTtlInSeconds: AUTHORIZER_CACHE_SECONDS,
      AuthorizerUri: Match.objectLike({
        'Fn::Join': ['', Match.arrayWith([{ 'Fn::GetAtt': [logicalIdOf(stack.node.findChild('Authorizer')), 'Arn'] }])],
      }),
    });
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', {
      ValidateRequestBody: true,
      ValidateRequestParameters: true,
    });
  });

  it('traces, throttles and access-logs the stage as JSON without the caller IP or user agent', () => {
    const stages = Object.values(template.findResources('AWS::ApiGateway::Stage') as Resources);
    expect(stages).toHaveLength(1);
    const { Properties: stage } = stages[0] as Resources[string];
    expect(stage).toMatchObject({
      TracingEnabled: true,
      MethodSettings: [
        expect.objectContaining({
          HttpMethod: '*',
          ResourcePath: '/*',
          ThrottlingRateLimit: 50,
          ThrottlingBurstLimit: 100,
        }),
      ],
      AccessLogSetting: { DestinationArn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } },
    });
    const format = (stage.AccessLogSetting as { Format: string }).Format;
    expect(JSON.parse(format)).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
    expect(format).not.toMatch(/sourceIp|userAgent/);
  });

  it("answers API Gateway's own errors as application/problem+json", () => {
    const responses = Object.values(template.findResources('AWS::ApiGateway::GatewayResponse') as Resources);
    const types = responses.map(({ Properties }) => Properties.ResponseType);
    expect(types).toEqual(
      expect.arrayContaining(['UNAUTHORIZED', 'ACCESS_DENIED', 'REQUEST_TOO_LARGE', 'DEFAULT_4XX', 'DEFAULT_5XX']),
    );
    for (const { Properties } of responses) {
      expect(Properties.ResponseParameters).toEqual({
        'gatewayresponse.header.Content-Type': "'application/problem+json'",
      });
      // API Gateway substitutes the $context strings already quoted; stand one in to check the rest is JSON.
      const body = (Properties.ResponseTemplates as Record<string, string>)['application/json'] ?? '';
      const problem = JSON.parse(body.replace(/\$context\.error\.\w+String/g, '"detail"'));
      expect(problem).toMatchObject({ type: 'about:blank', title: expect.any(String), detail: expect.any(String) });
      if (Properties.StatusCode) expect(problem.status).toBe(Number(Properties.StatusCode));
    }
  });

  it('puts a web ACL with rate limiting and AWS managed rules in front of the stage', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      Rules: Match.arrayWith([
        Match.objectLike({ Statement: { RateBasedStatement: { AggregateKeyType: 'IP', Limit: 1000 } } }),
        Match.objectLike({
          Statement: { ManagedRuleGroupStatement: Match.objectLike({ Name: 'AWSManagedRulesCommonRuleSet' }) },
        }),
      ]),
    });
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      WebACLArn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] },
      ResourceArn: Match.objectLike({
        'Fn::Join': [
          '',
          Match.arrayWith([{ Ref: logicalIdOf(stack.api.restApi) }, '/stages/', { Ref: Match.anyValue() }]),
        ],
      }),
    });
  });
});

describe('workflow', () => {
  it('runs a Standard state machine that logs every transition without execution data, traced and CMK-encrypted', () => {
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      StateMachineName: 'Breachdesk-BreachLifecycle',
      DefinitionSubstitutions: Match.anyValue(),
      LoggingConfiguration: {
        Level: 'ALL',
        IncludeExecutionData: false,
        Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } } }],
      },
      TracingConfiguration: { Enabled: true },
      EncryptionConfiguration: {
        Type: 'CUSTOMER_MANAGED_KMS_KEY',
        KmsKeyId: { 'Fn::GetAtt': [logicalIdOf(stack.workflow.encryptionKey), 'Arn'] },
      },
    });
  });

  it("scopes the state machine role's use of its key to this state machine", () => {
    const roleId = logicalIdOf(stack.workflow.stateMachine.role);
    const keyStatements = statementsOfRole(roleId).filter((s) => actionsOf([s]).includes('kms:Decrypt'));
    expect(JSON.stringify(keyStatements)).toContain(':stateMachine:Breachdesk-BreachLifecycle');
  });

  const taskRoleId = (name: string): string =>
    logicalIdOf(stack.functions[name as (typeof LIFECYCLE_TASKS)[number]].role as never);
  const asl = JSON.parse(readFileSync(projectPath('statemachines/breach-lifecycle.asl.json'), 'utf8')) as unknown;
  const placeholders = [...JSON.stringify(asl).matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]);

  it('fills every placeholder of the ASL file with a task function of this stack', () => {
    const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine') as Resources);
    const substitutions = machine?.Properties.DefinitionSubstitutions as Record<string, unknown>;
    expect(new Set(placeholders)).toEqual(new Set(Object.keys(substitutions)));
    for (const [placeholder, name] of taskFunctions()) {
      expect(substitutions[`${placeholder}FunctionArn`]).toEqual({
        'Fn::GetAtt': [logicalIdOf(stack.functions[name]), 'Arn'],
      });
    }
  });

  it('lets the state machine invoke exactly its task functions, unqualified', () => {
    const invokes = statementsOfRole(logicalIdOf(stack.workflow.stateMachine.role)).filter((s) =>
      actionsOf([s]).includes('lambda:InvokeFunction'),
    );
    const resources = invokes.flatMap((s) => [s.Resource].flat());
    const tasks = LIFECYCLE_TASKS.map((name) => stack.functions[name]);
    expect(resources).toHaveLength(12);
    expect(new Set(resources)).toEqual(new Set(tasks.map((fn) => ({ 'Fn::GetAtt': [logicalIdOf(fn), 'Arn'] }))));
  });

  it('lets only the decision functions answer callback tasks, and only the mailing tasks send mail', () => {
    // RevisedPlan and AwaitActions wake the reminder loop's waiting task, AwaitClock the clock's (an amendment made
    // before it parked); RemindActions mails the actions' owners.
    const answerers = ['RequestDecision', 'SubmitDecision', 'RevisedPlan', 'AwaitActions', 'AwaitClock'];
    const mailers = ['Prepare', 'RequestDecision', 'CheckMark', 'RecordFailure', 'NotifyController', 'RemindActions'];
    for (const name of LIFECYCLE_TASKS.filter((task) => task !== 'SendSubjectNotices')) {
      const actions = actionsOf(statementsOfRole(taskRoleId(name)));
      expect(actions.includes('ses:SendEmail'), `${name} sends mail`).toBe(mailers.includes(name));
      expect(actions.includes('states:SendTaskSuccess'), `${name} answers callbacks`).toBe(answerers.includes(name));
    }
    const submit = stack.node.findChild('SubmitDecision') as unknown as { role: never };
    expect(actionsOf(statementsOfRole(logicalIdOf(submit.role)))).toEqual(
      expect.arrayContaining(['states:SendTaskSuccess', 'states:SendTaskFailure', 'dynamodb:PutItem']),
    );
  });

  it('writes the sender and the link base into the mailing tasks from CDK context', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: FUNCTIONS.CheckMark.description,
      Environment: {
        Variables: Match.objectLike({ SENDER_ADDRESS: 'breachdesk@example.org', PUBLIC_BASE_URL: Match.anyValue() }),
      },
    });
  });
});
