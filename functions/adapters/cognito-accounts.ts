import {
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import type { AccountProvisioner } from '../domain/administer-users';
import { clientPerEndpoint } from './client-per-endpoint';

/**
 * The stack's Cognito user pool (infra/constructs/sign-in.ts) behind the domain's AccountProvisioner port: a person an
 * administrator adds gets a pool account under their e-mail address, and Cognito mails them a temporary password to
 * change at first sign-in. The address counts as verified: an administrator of their organisation entered it.
 *
 * An account that exists already (added before, or by hand) is left as it is. An organisation that federates its own
 * provider (Entra ID, Google) needs no account here: its people are known there.
 */
export class CognitoAccounts implements AccountProvisioner {
  readonly #client: CognitoIdentityProviderClient;
  readonly #userPoolId: string;

  constructor(options: { client: CognitoIdentityProviderClient; userPoolId: string }) {
    this.#client = options.client;
    this.#userPoolId = options.userPoolId;
  }

  async ensureAccount(user: { email: string; name: string }): Promise<'created' | 'exists'> {
    try {
      await this.#client.send(
        new AdminCreateUserCommand({
          UserPoolId: this.#userPoolId,
          Username: user.email,
          UserAttributes: [
            { Name: 'email', Value: user.email },
            { Name: 'email_verified', Value: 'true' },
            { Name: 'name', Value: user.name },
          ],
          DesiredDeliveryMediums: ['EMAIL'],
        }),
      );
      return 'created';
    } catch (error) {
      if (error instanceof UsernameExistsException) return 'exists';
      throw error;
    }
  }
}

/** The process-wide client. */
export const cognitoClient: () => CognitoIdentityProviderClient = clientPerEndpoint(
  'AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER',
  () => new CognitoIdentityProviderClient({}),
);
