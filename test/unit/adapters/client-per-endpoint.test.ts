import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { clientPerEndpoint } from '../../../functions/adapters/client-per-endpoint';
import { documentClient } from '../../../functions/adapters/dynamodb-client';

const VARIABLE = 'AWS_ENDPOINT_URL_BREACHDESK_TEST';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('a process-wide client', () => {
  it('is built once while the endpoint in the environment stays the same', () => {
    vi.stubEnv(VARIABLE, 'http://127.0.0.1:4001');
    let built = 0;
    const client = clientPerEndpoint(VARIABLE, () => ({ serial: ++built }));
    expect(client()).toBe(client());
    expect(built).toBe(1);
  });

  it('is built anew for an emulator that replaced the one it pointed at, and kept for it', () => {
    vi.stubEnv(VARIABLE, 'http://127.0.0.1:4001');
    const client = clientPerEndpoint(VARIABLE, () => ({ endpoint: process.env[VARIABLE] }));
    expect(client().endpoint).toBe('http://127.0.0.1:4001');
    vi.stubEnv(VARIABLE, 'http://127.0.0.1:4002');
    const next = client();
    expect(next.endpoint).toBe('http://127.0.0.1:4002');
    expect(client()).toBe(next);
  });

  it('sends DynamoDB requests to the emulator now named in the environment, not the first one', async () => {
    const servers = await Promise.all([recordingServer(), recordingServer()]);
    try {
      vi.stubEnv('AWS_REGION', 'eu-west-2');
      vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
      vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
      for (const server of servers) {
        vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', server.url);
        await documentClient().send(new GetCommand({ TableName: 't', Key: { pk: 'p' } }));
      }
      expect(servers.map((server) => server.requests)).toEqual([1, 1]);
    } finally {
      await Promise.all(servers.map((server) => server.close()));
    }
  });
});

/** A stand-in DynamoDB endpoint on a free port that counts the requests it answers (each with an empty item). */
const recordingServer = async () => {
  let requests = 0;
  const server = createServer((request, response) => {
    requests += 1;
    request.resume();
    response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
