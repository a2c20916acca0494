import { createHmac } from 'node:crypto';

/**
 * A browser-based upload to S3 (POST Object with a policy, Signature Version 4), signed here because
 * `@aws-sdk/s3-presigned-post` is not a dependency: the algorithm is short and documented
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html). The policy is signed with the
 * function's own credentials, so S3 accepts the upload only where the function itself may put objects.
 */

export interface PostPolicyCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export type PolicyCondition = Record<string, string> | [string, string | number, string | number];

const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/** `20261204T173000Z` and `20261204`. */
const amzDates = (at: Date): { amzDate: string; day: string } => {
  const amzDate = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  return { amzDate, day: amzDate.slice(0, 8) };
};

/**
 * The form fields of a signed POST: `fields` as given, plus the policy and its signature. Every field the form sends
 * must be named by a condition (S3 refuses the rest), so `conditions` covers `fields` and this adds its own.
 */
export function signPostPolicy(input: {
  credentials: PostPolicyCredentials;
  region: string;
  now: Date;
  expiresInSeconds: number;
  fields: Record<string, string>;
  conditions: PolicyCondition[];
}): Record<string, string> {
  const { credentials, region, now } = input;
  const { amzDate, day } = amzDates(now);
  const credential = `${credentials.accessKeyId}/${day}/${region}/s3/aws4_request`;
  const signed: Record<string, string> = {
    'x-amz-algorithm': 'AWS4-HMAC-SHA256',
    'x-amz-credential': credential,
    'x-amz-date': amzDate,
    ...(credentials.sessionToken ? { 'x-amz-security-token': credentials.sessionToken } : {}),
  };
  const policy = {
    expiration: new Date(now.getTime() + input.expiresInSeconds * 1000).toISOString(),
    conditions: [...input.conditions, ...Object.entries(signed).map(([name, value]) => ({ [name]: value }))],
  };
  const encoded = Buffer.from(JSON.stringify(policy), 'utf8').toString('base64');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), region), 's3'), 'aws4_request');
  return {
    ...input.fields,
    ...signed,
    policy: encoded,
    'x-amz-signature': hmac(signingKey, encoded).toString('hex'),
  };
}
