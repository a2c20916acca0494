import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import S3rver from 's3rver';

/**
 * S3 for local mode and the tests: s3rver in this process, a real S3 endpoint for the real `@aws-sdk/client-s3`,
 * keeping the attachments bucket's objects as files under a folder (so they survive a restart, and a test can swap
 * one to show that verification notices). It listens on 127.0.0.1 only.
 *
 * What it does not do, and what the domain does not rely on it for: it checks no signature of Signature Version 4
 * requests, no POST policy and no `x-amz-checksum-sha256`, and keeps no versions. The confirmation of every upload
 * (functions/domain/attach-evidence.ts) reads the stored bytes back and hashes them itself, so an upload it accepts
 * that S3 would have refused is still refused before it becomes evidence.
 */

export interface LocalS3Options {
  /** Where the buckets live on disk. */
  readonly directory: string;
  /** The buckets to create if absent. */
  readonly buckets: readonly string[];
  /** @default 0 (a free port) */
  readonly port?: number;
}

export interface LocalS3 {
  /** Point the S3 client's `endpoint` (or AWS_ENDPOINT_URL_S3) here. */
  readonly endpoint: string;
  close(): Promise<void>;
}

/** The access keys local mode gives the SDK: s3rver refuses keys it does not know, even when it checks no signature. */
export const LOCAL_S3_ACCESS_KEY = 'local';

let keyRegistered = false;

export const startLocalS3 = async (options: LocalS3Options): Promise<LocalS3> => {
  if (!keyRegistered) {
    // s3rver is CommonJS: its account registry is the module instance its server uses.
    const require = createRequire(import.meta.url);
    const { DUMMY_ACCOUNT } = require('s3rver/lib/models/account.js') as {
      DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void };
    };
    DUMMY_ACCOUNT.createKeyPair(LOCAL_S3_ACCESS_KEY, LOCAL_S3_ACCESS_KEY);
    keyRegistered = true;
  }
  mkdirSync(options.directory, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port ?? 0,
    directory: options.directory,
    silent: true,
    vhostBuckets: false,
    configureBuckets: options.buckets.map((name) => ({ name })),
  });
  const { address, port } = await server.run();
  return { endpoint: `http://${address}:${port}`, close: () => server.close() };
};
