import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

export interface SignInProps {
  /** The console's public base URL (the API's, or `breachdesk:publicBaseUrl`); the callback is `<base>/console/callback`. */
  readonly publicBaseUrl: string;
  /**
   * The managed login's domain prefix: `<prefix>.auth.<region>.amazoncognito.com`, unique in the region.
   * @default `breachdesk-<account id>`
   */
  readonly domainPrefix?: string;
}

/**
 * Sign-in for people in AWS: an Amazon Cognito user pool with its managed login, the console's app client and the
 * login domain. The console is a public client using the authorization code flow with PKCE (no client secret), so
 * the application code is the one that signs in against the embedded provider locally. Roles are not kept here:
 * Breachdesk's own directory gives each verified address its organisation and roles.
 *
 * An organisation's own accounts sign in by federation: add Microsoft Entra ID (an OIDC provider) or Google to the
 * pool and to the client's supported providers (README: Signing in).
 */
export class SignIn extends Construct {
  public readonly userPool: cognito.UserPool;
  public readonly client: cognito.UserPoolClient;
  public readonly domain: cognito.UserPoolDomain;

  /** The ID tokens' issuer, which the console verifies them against. */
  public get issuer(): string {
    return `https://cognito-idp.${Stack.of(this).region}.${Stack.of(this).urlSuffix}/${this.userPool.userPoolId}`;
  }

  public constructor(scope: Construct, id: string, props: SignInProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      // People are added by an administrator (or arrive by federation): nobody signs themselves up.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // A breach console holds special category data about children and patients: a second factor, always.
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.domain = this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: props.domainPrefix ?? `breachdesk-${stack.account}` },
      managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });

    const callback = `${props.publicBaseUrl}/console/callback`;
    this.client = this.userPool.addClient('Console', {
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [callback],
        logoutUrls: [`${props.publicBaseUrl}/console/`],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.minutes(60),
      accessTokenValidity: Duration.minutes(60),
      refreshTokenValidity: Duration.hours(8),
      enableTokenRevocation: true,
    });

    // The newer managed login renders only with a branding style for the client: Cognito's own look.
    new cognito.CfnManagedLoginBranding(this, 'Branding', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      useCognitoProvidedValues: true,
    });

    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason: 'MFA is REQUIRED (TOTP); the rule also flags pools whose SMS factor is off, which is deliberate here.',
    });
  }
}
