import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { describe, expect, it } from 'vitest';
import { PROBLEMS } from '../../infra/constructs/api';
import { GATEWAY_PROBLEMS } from '../../local/gateway-responses';

/** Local mode copies the deployed gateway responses; a client must read the same body from both. */
describe('local gateway responses', () => {
  const deployed = (type: apigw.ResponseType) => {
    const problem = PROBLEMS.find((p) => p.type.responseType === type.responseType);
    if (!problem) throw new Error(`the deployed API has no ${type.responseType} response`);
    return problem;
  };

  it.each([
    ['unauthorized', apigw.ResponseType.UNAUTHORIZED],
    ['accessDenied', apigw.ResponseType.ACCESS_DENIED],
    ['notFound', apigw.ResponseType.MISSING_AUTHENTICATION_TOKEN],
    ['badGateway', apigw.ResponseType.DEFAULT_5XX],
  ] as const)('renders %s with the title, status and detail the deployed API sends', (local, type) => {
    const mine = GATEWAY_PROBLEMS[local];
    const theirs = deployed(type);
    expect(mine.title).toBe(theirs.title);
    expect(JSON.stringify(mine.detail)).toBe(theirs.detail);
    expect(mine.withStatus).toBe(theirs.statusCode !== undefined);
    if (theirs.statusCode) expect(String(mine.statusCode)).toBe(theirs.statusCode);
  });
});
