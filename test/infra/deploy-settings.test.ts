import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { API_GATEWAY_ROLE_CONTEXT, BreachdeskStack } from '../../infra/breachdesk-stack';
import { SENDER_ADDRESS_CONTEXT } from '../../infra/constructs/mail-settings';
import { projectPath } from '../../infra/project-paths';

/**
 * The settings a first deploy in an ordinary account depends on. The functions are not bundled here (the
 * `aws:cdk:bundling-stacks` context of the CLI's `--exclusively`): these tests look at the template, not the code.
 */
const { context: cdkJson } = JSON.parse(readFileSync(projectPath('cdk.json'), 'utf8')) as {
  context: Record<string, unknown>;
};
const synth = (context: Record<string, unknown>) => {
  // Nor validated by CDK's built-in CloudFormation rules (seconds a synth; test/infra/cdk-nag.test.ts runs them once).
  const app = new App({
    context: { ...cdkJson, 'aws:cdk:bundling-stacks': [], ...context },
    builtinCloudFormationValidation: false,
  });
  const stack = new BreachdeskStack(app, 'Breachdesk');
  return { app, stack, template: Template.fromStack(stack) };
};
const withSender = { [SENDER_ADDRESS_CONTEXT]: 'dpo-alerts@school.example.org' };

describe('the sender address', () => {
  it('is not defaulted by cdk.json: a deploy names its own', () => {
    expect(cdkJson[SENDER_ADDRESS_CONTEXT]).toBeUndefined();
  });

  it('refuses to synthesize without it, naming the context value to give', () => {
    expect(() => synth({})).toThrow(/Missing CDK context value breachdesk:senderAddress.*-c breachdesk:senderAddress=/);
  });

  it('refuses an address that is not one', () => {
    expect(() => synth({ [SENDER_ADDRESS_CONTEXT]: 'dpo-alerts' })).toThrow(
      /Invalid CDK context value breachdesk:senderAddress/,
    );
  });
});

describe("the account's API Gateway CloudWatch role", () => {
  it('is left alone by default: it is account-wide, and another stack may own it', () => {
    const { template } = synth(withSender);
    template.resourceCountIs('AWS::ApiGateway::Account', 0);
  });

  it('is created with its role, retained, when the context flag asks for it, and the stage waits for it', () => {
    const { template } = synth({ ...withSender, [API_GATEWAY_ROLE_CONTEXT]: true });

    template.resourceCountIs('AWS::ApiGateway::Account', 1);
    const [account] = Object.entries(template.findResources('AWS::ApiGateway::Account'));
    expect(account?.[1]).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: { CloudWatchRoleArn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'apigateway.amazonaws.com' } })],
      }),
      ManagedPolicyArns: [
        Match.objectLike({
          'Fn::Join': Match.arrayWith([
            Match.arrayWith([Match.stringLikeRegexp('AmazonAPIGatewayPushToCloudWatchLogs')]),
          ]),
        }),
      ],
    });
    const [stage] = Object.values(template.findResources('AWS::ApiGateway::Stage')) as { DependsOn?: string[] }[];
    expect(stage?.DependsOn ?? []).toContain(account?.[0]);
  });

  it('keeps the cdk-nag packs clean with the flag on', () => {
    const { app } = synth({ ...withSender, [API_GATEWAY_ROLE_CONTEXT]: 'true' });
    for (const pack of [new AwsSolutionsChecks(), new ServerlessChecks()]) {
      expect(pack.validateScope(app).violations).toEqual([]);
    }
  });
});

describe('the state machine log group', () => {
  it('lives under /aws/vendedlogs/states/, named for this stack instance', () => {
    const { template, stack } = synth(withSender);
    const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine')) as {
      Properties: { LoggingConfiguration: { Destinations: { CloudWatchLogsLogGroup: { LogGroupArn: unknown } }[] } };
    }[];
    const arn = machine?.Properties.LoggingConfiguration.Destinations[0]?.CloudWatchLogsLogGroup.LogGroupArn as {
      'Fn::GetAtt': [string, string];
    };
    const [logGroupId] = arn['Fn::GetAtt'];
    const logGroup = template.findResources('AWS::Logs::LogGroup')[logGroupId] as {
      Properties: { LogGroupName: unknown };
    };
    const name = JSON.stringify(stack.resolve(logGroup.Properties.LogGroupName));

    expect(name).toContain('/aws/vendedlogs/states/Breachdesk-BreachLifecycle-');
    expect(name).toContain('AWS::StackId');
  });
});
