import type { APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeHandler, stageWildcard } from '../../../functions/authorizer/make-handler';
import { API_KEY_PREFIX, generateApiKey, hashApiKey, isApiKey, secretsEqual } from '../../../functions/domain/api-keys';
import { anOrganisation, InMemoryOrganisationRepository } from '../../support/fakes';
import { lambdaContext } from '../http/api-event';

const METHOD_ARN = 'arn:aws:execute-api:eu-west-2:123456789012:a1b2c3d4e5/prod/POST/breaches';

let organisations: InMemoryOrganisationRepository;
let handler: ReturnType<typeof makeHandler>;
let apiKey: string;

beforeEach(async () => {
  organisations = new InMemoryOrganisationRepository();
  await organisations.put(anOrganisation('org-1'));
  apiKey = generateApiKey();
  await organisations.addApiKeyHash('org-1', hashApiKey(apiKey));
  handler = makeHandler({ organisations });
});

const authorize = (authorizationToken: string, methodArn = METHOD_ARN) =>
  handler({ type: 'TOKEN', authorizationToken, methodArn } satisfies APIGatewayTokenAuthorizerEvent, lambdaContext());

describe('authorizer', () => {
  it("allows every route of the stage for a known key, with the key's organisation in the context", async () => {
    const result = await authorize(`Bearer ${apiKey}`);

    expect(result).toEqual({
      principalId: 'org-1',
      policyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Action: 'execute-api:Invoke',
            Effect: 'Allow',
            Resource: 'arn:aws:execute-api:eu-west-2:123456789012:a1b2c3d4e5/prod/*',
          },
        ],
      },
      context: { organisationId: 'org-1', organisation: expect.any(String) },
    });
    // The organisation as read, handed on so that POST /breaches need not read it again.
    expect(JSON.parse(String(result.context?.organisation))).toMatchObject({
      id: 'org-1',
      policy: { preset: 'generic' },
    });
  });

  it('accepts the scheme in any case', async () => {
    await expect(authorize(`bearer ${apiKey}`)).resolves.toMatchObject({ principalId: 'org-1' });
  });

  it.each([
    ['an unknown key', () => `Bearer ${generateApiKey()}`],
    ['a key without the scheme', () => apiKey],
    ['another scheme', () => `Basic ${apiKey}`],
    ['a malformed key', () => 'Bearer bd_live_short'],
    ['trailing junk', () => `Bearer ${apiKey} x`],
    ['an empty header', () => ''],
  ])('refuses %s with exactly "Unauthorized"', async (_name, token) => {
    await expect(authorize(token())).rejects.toThrow(/^Unauthorized$/);
  });

  it('never looks up a value that cannot be a key', async () => {
    let lookups = 0;
    organisations.byApiKeyHash = async () => {
      lookups += 1;
      return undefined;
    };

    await expect(authorize('Bearer not-a-key')).rejects.toThrow('Unauthorized');
    expect(lookups).toBe(0);
  });

  it('lets a storage failure through as an error, not as a cacheable refusal', async () => {
    organisations.byApiKeyHash = async () => {
      throw Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' });
    };

    await expect(authorize(`Bearer ${apiKey}`)).rejects.toMatchObject({
      name: 'ProvisionedThroughputExceededException',
    });
  });
});

describe('stageWildcard', () => {
  it('covers the stage whatever the method and path', () => {
    expect(stageWildcard('arn:aws:execute-api:eu-west-2:123456789012:api/dev/GET/breaches/BR-1')).toBe(
      'arn:aws:execute-api:eu-west-2:123456789012:api/dev/*',
    );
  });

  it('refuses a malformed method ARN', () => {
    expect(stageWildcard('arn:aws:lambda:eu-west-2:123456789012:function:f')).toBeUndefined();
  });
});

describe('api keys', () => {
  it('generates distinct, prefixed keys of 256 bits', () => {
    const keys = new Set(Array.from({ length: 100 }, generateApiKey));

    expect(keys.size).toBe(100);
    for (const key of keys) {
      expect(key.startsWith(API_KEY_PREFIX)).toBe(true);
      expect(Buffer.from(key.slice(API_KEY_PREFIX.length), 'base64url')).toHaveLength(32);
      expect(isApiKey(key)).toBe(true);
    }
  });

  it('hashes a key to lowercase hex SHA-256', () => {
    expect(hashApiKey('bd_live_x')).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey('bd_live_x')).toBe(hashApiKey('bd_live_x'));
  });

  it('compares secrets of any length', () => {
    expect(secretsEqual('abc', 'abc')).toBe(true);
    expect(secretsEqual('abc', 'abcd')).toBe(false);
  });
});
