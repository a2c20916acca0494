import { createHash } from 'node:crypto';
import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { AttachmentStore, StoredObject, UploadForm, UploadTarget } from '../domain/attachment-store';
import { sha256Base64 } from '../domain/attachments';
import { clientPerEndpoint } from './client-per-endpoint';
import { signPostPolicy } from './s3-post-policy';

/**
 * The attachments bucket (infra/constructs/attachments.ts) behind the domain's AttachmentStore port: presigned PUTs
 * bound to a content type and SHA-256 (S3 refuses any other bytes), POST policies for browsers, reads that hash the
 * bytes as they stream, and presigned GETs that download under the file's own name.
 *
 * Local mode needs no branch: the SDK reads AWS_ENDPOINT_URL_S3 and the emulator (s3rver) answers the same calls; an
 * endpoint of its own (an emulator) is addressed path-style, as emulators expect.
 */

export interface S3AttachmentStoreOptions {
  client: S3Client;
  bucket: string;
  /** @default () => new Date() */
  now?: () => Date;
}

/** The process-wide client. Checksums are computed only where S3 requires one or the caller asks for it. */
export const s3Client: () => S3Client = clientPerEndpoint('AWS_ENDPOINT_URL_S3', () => createS3Client());

/** A client of its own, for tests and tools pointing at a particular endpoint (an emulator). */
export const createS3Client = (config: S3ClientConfig = {}): S3Client => {
  const endpoint = config.endpoint ?? process.env.AWS_ENDPOINT_URL_S3;
  return new S3Client({
    ...config,
    forcePathStyle: Boolean(endpoint),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
};

const isMissing = (error: unknown): boolean =>
  error instanceof Error && (error.name === 'NoSuchKey' || error.name === 'NotFound');

export class S3AttachmentStore implements AttachmentStore {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #now: () => Date;

  constructor(options: S3AttachmentStoreOptions) {
    this.#client = options.client;
    this.#bucket = options.bucket;
    this.#now = options.now ?? (() => new Date());
  }

  async uploadUrl(
    key: string,
    file: { mediaType: string; size: number; sha256: string },
    expiresInSeconds: number,
  ): Promise<UploadTarget> {
    const checksum = sha256Base64(file.sha256);
    const command = new PutObjectCommand({
      Bucket: this.#bucket,
      Key: key,
      ContentType: file.mediaType,
      ContentLength: file.size,
      ChecksumSHA256: checksum,
    });
    // Signed headers, not query parameters: the client must send exactly this type, length and checksum, and S3
    // refuses a body whose SHA-256 is not the checksum.
    const url = await getSignedUrl(this.#client, command, {
      expiresIn: expiresInSeconds,
      signableHeaders: new Set(['content-type', 'content-length', 'x-amz-checksum-sha256']),
      unhoistableHeaders: new Set(['x-amz-checksum-sha256']),
    });
    return {
      method: 'PUT',
      url,
      headers: { 'content-type': file.mediaType, 'x-amz-checksum-sha256': checksum },
      expiresAt: new Date(this.#now().getTime() + expiresInSeconds * 1000).toISOString(),
    };
  }

  async uploadForm(
    key: string,
    options: { maxBytes: number; redirectTo: string; metadata: readonly string[]; expiresInSeconds: number },
  ): Promise<UploadForm> {
    const now = this.#now();
    const credentials = await this.#client.config.credentials();
    const region = await this.#client.config.region();
    const metadata = options.metadata.map((name) => `x-amz-meta-${name}`);
    const fields: Record<string, string> = {
      key,
      success_action_redirect: options.redirectTo,
      'Content-Type': 'application/octet-stream',
      ...Object.fromEntries(metadata.map((name) => [name, ''])),
    };
    const signed = signPostPolicy({
      credentials,
      region,
      now,
      expiresInSeconds: options.expiresInSeconds,
      fields,
      conditions: [
        { bucket: this.#bucket },
        { key },
        { success_action_redirect: options.redirectTo },
        ['content-length-range', 1, options.maxBytes],
        ['starts-with', '$Content-Type', ''],
        ...metadata.map((name): [string, string, string] => ['starts-with', `$${name}`, '']),
      ],
    });
    return {
      url: await this.#bucketUrl(),
      fields: signed,
      expiresAt: new Date(now.getTime() + options.expiresInSeconds * 1000).toISOString(),
    };
  }

  async read(key: string): Promise<StoredObject | undefined> {
    let response: GetObjectCommandOutput;
    try {
      response = await this.#client.send(new GetObjectCommand({ Bucket: this.#bucket, Key: key }));
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    const hash = createHash('sha256');
    let size = 0;
    const head: number[] = [];
    for await (const chunk of (response.Body ?? []) as AsyncIterable<Uint8Array>) {
      hash.update(chunk);
      size += chunk.byteLength;
      for (let i = 0; head.length < 16 && i < chunk.byteLength; i++) head.push(chunk[i] as number);
    }
    return {
      size,
      ...(response.ContentType ? { mediaType: response.ContentType } : {}),
      metadata: Object.fromEntries(Object.entries(response.Metadata ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
      sha256: hash.digest('hex'),
      head: Uint8Array.from(head),
    };
  }

  async downloadUrl(key: string, file: { name: string; mediaType: string }, expiresInSeconds: number): Promise<string> {
    const ascii = file.name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
    return getSignedUrl(
      this.#client,
      new GetObjectCommand({
        Bucket: this.#bucket,
        Key: key,
        ResponseContentType: file.mediaType,
        ResponseContentDisposition: `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      }),
      { expiresIn: expiresInSeconds },
    );
  }

  /** Where the bucket is addressed (virtual-hosted on AWS, path-style on an emulator), as the SDK resolves it. */
  async #bucketUrl(): Promise<string> {
    const probe = new URL(
      await getSignedUrl(this.#client, new GetObjectCommand({ Bucket: this.#bucket, Key: 'probe' }), { expiresIn: 60 }),
    );
    return `${probe.origin}${probe.pathname.replace(/\/probe$/, '')}/`;
  }
}
