import {
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CognitoAccounts } from '../../../functions/adapters/cognito-accounts';

const cognito = mockClient(CognitoIdentityProviderClient);
const accounts = new CognitoAccounts({ client: new CognitoIdentityProviderClient({}), userPoolId: 'eu-west-2_Pool' });
const dana = { email: 'dana.dpo@school.example.org', name: 'Dana Protection' };

afterEach(() => {
  cognito.reset();
});
// Unit tests share one module cache: leave the client's prototype as it was found.
afterAll(() => {
  cognito.restore();
});

describe('Cognito accounts for the people an administrator adds', () => {
  it('creates the account under the address, verified, and lets Cognito mail the temporary password', async () => {
    cognito.on(AdminCreateUserCommand).resolves({});

    await expect(accounts.ensureAccount(dana)).resolves.toBe('created');

    expect(cognito).toHaveReceivedCommandWith(AdminCreateUserCommand, {
      UserPoolId: 'eu-west-2_Pool',
      Username: 'dana.dpo@school.example.org',
      UserAttributes: [
        { Name: 'email', Value: 'dana.dpo@school.example.org' },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'name', Value: 'Dana Protection' },
      ],
      DesiredDeliveryMediums: ['EMAIL'],
    });
  });

  it('leaves an account that exists as it is (added before, or by hand)', async () => {
    cognito
      .on(AdminCreateUserCommand)
      .rejects(new UsernameExistsException({ message: 'User account already exists', $metadata: {} }));

    await expect(accounts.ensureAccount(dana)).resolves.toBe('exists');
  });

  it('passes any other refusal on, so the administrator is told the person cannot sign in yet', async () => {
    const denied = Object.assign(new Error('not authorized to perform cognito-idp:AdminCreateUser'), {
      name: 'AccessDeniedException',
    });
    cognito.on(AdminCreateUserCommand).rejects(denied);

    await expect(accounts.ensureAccount(dana)).rejects.toThrow('AdminCreateUser');
  });
});
