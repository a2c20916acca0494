import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readSecret, SecretUnavailableError, withSecret } from '../../../functions/adapters/secret-value';

const ARN = 'arn:aws:secretsmanager:eu-west-2:123456789012:secret:CsrfKey-AbCdEf';

/** A stand-in for the Parameters and Secrets extension: its HTTP interface on a free port. */
let server: Server | undefined;
const requests: { url: string; headers: IncomingHttpHeaders }[] = [];
const startExtension = async (answer: () => { status: number; body: unknown }) => {
  server = createServer((request, response) => {
    requests.push({ url: request.url ?? '', headers: request.headers });
    const { status, body } = answer();
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { AWS_SESSION_TOKEN: 'session-token', PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(port) };
};

afterEach(async () => {
  requests.length = 0;
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

describe('readSecret', () => {
  it('asks the extension for the secret by ARN with the session token, and returns its string', async () => {
    const env = await startExtension(() => ({ status: 200, body: { SecretString: 'k'.repeat(48) } }));
    await expect(readSecret(ARN, { env })).resolves.toBe('k'.repeat(48));
    expect(requests).toHaveLength(1);
    expect(requests[0]?.url).toBe(`/secretsmanager/get?secretId=${encodeURIComponent(ARN)}`);
    expect(requests[0]?.headers['x-aws-parameters-secrets-token']).toBe('session-token');
  });

  it('refuses an error answer, an empty secret and a missing session token', async () => {
    let status = 400;
    const env = await startExtension(() => ({ status, body: status === 200 ? { SecretString: '' } : {} }));
    await expect(readSecret(ARN, { env })).rejects.toThrow(/answered 400/);
    status = 200;
    await expect(readSecret(ARN, { env })).rejects.toThrow(/no string value/);
    await expect(readSecret(ARN, { env: {} })).rejects.toBeInstanceOf(SecretUnavailableError);
  });

  it('reads local mode’s key file', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'secret-value-')), 'csrf-key');
    writeFileSync(path, 'local-key-0123456789-0123456789-0123\n');
    await expect(readSecret(`file:${path}`)).resolves.toBe('local-key-0123456789-0123456789-0123');
  });
});

describe('withSecret', () => {
  it('reads the secret once for every invocation, and again after a failed read', async () => {
    let fail = true;
    const env = await startExtension(() =>
      fail ? { status: 500, body: {} } : { status: 200, body: { SecretString: 'the-key' } },
    );
    const handler = withSecret(ARN, (key) => async (name: string) => `${name}:${key}`, { env });

    await expect(handler('first')).rejects.toBeInstanceOf(SecretUnavailableError);
    fail = false;
    await expect(handler('second')).resolves.toBe('second:the-key');
    await expect(handler('third')).resolves.toBe('third:the-key');
    // The read at init and the retry of the first invocation failed; the second read is kept for good.
    expect(requests.length).toBeLessThanOrEqual(3);
    const before = requests.length;
    await handler('fourth');
    expect(requests.length).toBe(before);
  });
});
