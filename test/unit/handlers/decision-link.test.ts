import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { makeHandler } from '../../../functions/decision-link/make-handler';
import { functionSpec } from '../../../functions/manifest';

const SECRET = 'Zm9yd2FyZGVkLWxpbmstc2VjcmV0LTAxMjM0NTY3ODlhYmM';

const call = async (method: string, body: string | null = null): Promise<APIGatewayProxyResult> =>
  (await makeHandler()(
    {
      httpMethod: method,
      path: `/decisions/${SECRET}`,
      pathParameters: { secret: SECRET },
      headers: body ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
      body,
      isBase64Encoded: false,
      requestContext: { path: `/v1/decisions/${SECRET}`, requestId: 'req-1' },
    } as unknown as APIGatewayProxyEvent,
    {} as Context,
  )) as APIGatewayProxyResult;

describe('a decision link mailed before sign-in', () => {
  it('is forwarded to its console form under the same stage, which signs the person in first', async () => {
    const response = await call('GET');
    expect(response.statusCode).toBe(303);
    expect(response.headers).toMatchObject({
      location: `/v1/console/decisions/${SECRET}`,
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    });
  });

  it('sends a form left open from before to sign in too, reading nothing it carries', async () => {
    const typed = new URLSearchParams({ 'decidedBy.name': 'Somebody Typed', contained: 'yes' }).toString();
    const response = await call('POST', typed);
    expect(response.statusCode).toBe(303);
    expect(response.headers?.location).toBe(`/v1/console/decisions/${SECRET}`);
    expect(response.body).toBe('');
  });

  it('keeps a crafted secret inside the console path', async () => {
    const response = (await makeHandler()(
      {
        httpMethod: 'GET',
        path: '/decisions/x',
        pathParameters: { secret: '../../evil?x=//evil.example' },
        headers: {},
        requestContext: { path: '/decisions/x', requestId: 'req-1' },
      } as unknown as APIGatewayProxyEvent,
      {} as Context,
    )) as APIGatewayProxyResult;
    expect(response.headers?.location).toBe('/console/decisions/..%2F..%2Fevil%3Fx%3D%2F%2Fevil.example');
  });

  it('holds no grant and reads no configuration: it cannot write a decision', () => {
    expect(functionSpec('DecisionLink').grants).toEqual({});
    expect(functionSpec('DecisionLink').config).toEqual([]);
  });
});
