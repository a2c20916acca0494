import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBreachdeskApp } from './synth';

/** People sign in to the console with Cognito's managed login: the pool, the console's client and the domain. */

let template: Template;

beforeAll(() => {
  const { stack } = buildBreachdeskApp();
  template = Template.fromStack(stack);
});

describe('sign-in in AWS', () => {
  it('creates one user pool where nobody signs themselves up, with MFA required and threat protection', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 1);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      DeletionProtection: 'ACTIVE',
      UsernameAttributes: ['email'],
    });
  });

  it('gives the console a public client: authorization code only, no secret, its callback under /console', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: Match.arrayWith(['openid', 'email', 'profile']),
      CallbackURLs: [Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith(['/v1/console/callback'])]) })],
      SupportedIdentityProviders: ['COGNITO'],
      PreventUserExistenceErrors: 'ENABLED',
    });
  });

  it('serves the managed login on a Cognito domain, branded for the client', () => {
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { ManagedLoginVersion: 2 });
    template.resourceCountIs('AWS::Cognito::ManagedLoginBranding', 1);
  });

  it('tells the console function the pool’s issuer and the client id, and routes /console to it', () => {
    const functions = template.findResources('AWS::Lambda::Function', {
      Properties: { Environment: { Variables: { OIDC_CLIENT_ID: Match.anyValue() } } },
    });
    expect(Object.keys(functions)).toHaveLength(1);
    const variables = Object.values(functions)[0]?.Properties.Environment.Variables;
    expect(JSON.stringify(variables.OIDC_ISSUER)).toContain('cognito-idp.');
    template.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: 'console' });
  });

  it('lets the console alone create accounts, in this pool only, and nothing else of Cognito', () => {
    const pool = Object.keys(template.findResources('AWS::Cognito::UserPool'))[0];
    const cognitoStatements = Object.entries(template.findResources('AWS::IAM::Policy')).flatMap(([id, policy]) =>
      (policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[])
        .filter((statement) => [statement.Action].flat().some((action) => action.startsWith('cognito-idp:')))
        .map((statement) => ({ id, action: statement.Action, resource: statement.Resource })),
    );

    expect(cognitoStatements).toHaveLength(1);
    expect(cognitoStatements[0]?.id).toMatch(/^Console/);
    expect(cognitoStatements[0]?.action).toBe('cognito-idp:AdminCreateUser');
    expect(cognitoStatements[0]?.resource).toEqual({ 'Fn::GetAtt': [pool, 'Arn'] });
  });
});
