import { createHash, createHmac } from 'node:crypto';
import { getSigningKey } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { signPostPolicy } from '../../../functions/adapters/s3-post-policy';

/**
 * The browser upload's POST policy: signed as Signature Version 4 prescribes (the signing key derived here by the
 * SDK's own signer package, independently of the code under test), and covering every field the form sends, since S3
 * refuses a form with a field its policy does not name.
 */

/** The SDK's hash interface over node:crypto (an HMAC when given a secret). */
type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytesOf = (data: SourceData): Buffer =>
  typeof data === 'string'
    ? Buffer.from(data, 'utf8')
    : data instanceof ArrayBuffer
      ? Buffer.from(new Uint8Array(data))
      : Buffer.from(data.buffer, data.byteOffset, data.byteLength);

class NodeSha256 {
  readonly #hash;
  constructor(secret?: SourceData) {
    this.#hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytesOf(secret));
  }
  update(data: SourceData): void {
    this.#hash.update(bytesOf(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }
}

const credentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  sessionToken: 'session-token-of-the-role',
};
const now = new Date('2026-12-04T17:30:05.123Z');

const signed = () =>
  signPostPolicy({
    credentials,
    region: 'eu-west-2',
    now,
    expiresInSeconds: 900,
    fields: {
      key: 'attachments/org-a/BR-1/AT-1',
      success_action_redirect: 'https://breaches.example.org/console/breaches/BR-1/evidence/AT-1',
      'Content-Type': 'application/octet-stream',
      'x-amz-meta-kind': '',
    },
    conditions: [
      { bucket: 'evidence' },
      { key: 'attachments/org-a/BR-1/AT-1' },
      { success_action_redirect: 'https://breaches.example.org/console/breaches/BR-1/evidence/AT-1' },
      ['content-length-range', 1, 25 * 1024 * 1024],
      ['starts-with', '$Content-Type', ''],
      ['starts-with', '$x-amz-meta-kind', ''],
    ],
  });

describe('the POST policy of a browser upload', () => {
  it('is signed with the Signature Version 4 key of the credentials, day, region and S3', async () => {
    const fields = signed();
    const key = await getSigningKey(NodeSha256, credentials, '20261204', 'eu-west-2', 's3');
    const expected = createHmac('sha256', Buffer.from(key))
      .update(fields.policy ?? '')
      .digest('hex');
    expect(fields['x-amz-signature']).toBe(expected);
    expect(fields['x-amz-credential']).toBe('AKIAIOSFODNN7EXAMPLE/20261204/eu-west-2/s3/aws4_request');
    expect(fields['x-amz-date']).toBe('20261204T173005Z');
    expect(fields['x-amz-algorithm']).toBe('AWS4-HMAC-SHA256');
  });

  it('expires when asked and names every field the form sends, the session token included', () => {
    const fields = signed();
    const policy = JSON.parse(Buffer.from(fields.policy ?? '', 'base64').toString('utf8')) as {
      expiration: string;
      conditions: (Record<string, string> | unknown[])[];
    };
    expect(policy.expiration).toBe('2026-12-04T17:45:05.123Z');
    const named = new Set(
      policy.conditions.flatMap((condition) =>
        Array.isArray(condition) ? [String(condition[1]).replace(/^\$/, '')] : Object.keys(condition),
      ),
    );
    const sent = Object.keys(fields).filter((name) => name !== 'policy' && name !== 'x-amz-signature');
    for (const name of sent) expect(named, name).toContain(name);
    expect(fields['x-amz-security-token']).toBe('session-token-of-the-role');
  });
});
