import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/**
 * Writes a table's items in exactly the layout a DynamoDB full export to S3 leaves in its bucket, so the same
 * tools (Athena's Glue table, `npm run audit`) read a local export and a real one alike.
 *
 * The layout, as "DynamoDB table export output format" documents it
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/S3DataExport.Output.html):
 *   <prefix>/AWSDynamoDB/<ExportId>/_started              empty, written first
 *   <prefix>/AWSDynamoDB/<ExportId>/data/<random>.json.gz one `{"Item": {...DynamoDB JSON...}}` per line
 *   <prefix>/AWSDynamoDB/<ExportId>/manifest-files.json   one JSON object per data file and line:
 *                                                         itemCount, md5Checksum, etag, dataFileS3Key
 *   <prefix>/AWSDynamoDB/<ExportId>/manifest-summary.json version "2020-06-30", exportArn, startTime, endTime,
 *                                                         tableArn, tableId, exportTime, s3Bucket, s3Prefix,
 *                                                         s3SseAlgorithm, s3SseKmsKeyId, manifestFilesS3Key,
 *                                                         billedSizeBytes, itemCount, outputFormat, exportType
 * The summary is written last, so a reader that finds it finds a complete export. (The `.checksum` files beside the
 * manifests are left out: nothing here reads them.)
 */

export type DynamoItem = Record<string, AttributeValue>;

export interface ManifestSummary {
  version: '2020-06-30';
  exportArn: string;
  startTime: string;
  endTime: string;
  tableArn: string;
  tableId: string;
  exportTime: string;
  s3Bucket: string;
  s3Prefix: string | null;
  s3SseAlgorithm: 'AES256' | 'KMS';
  s3SseKmsKeyId: string | null;
  manifestFilesS3Key: string;
  billedSizeBytes: number;
  itemCount: number;
  outputFormat: 'DYNAMODB_JSON';
  exportType: 'FULL_EXPORT';
}

export interface ManifestFileEntry {
  itemCount: number;
  /** Base64 of the MD5 of the data file's bytes, as S3's Content-MD5. */
  md5Checksum: string;
  /** The S3 ETag of a one-part multipart upload: hex MD5 of the part's MD5, then `-1`. */
  etag: string;
  dataFileS3Key: string;
}

export interface ExportProgress {
  items: number;
  files: number;
}

export interface WriteExportOptions {
  /** The folder that stands for the bucket: the export lands in `<outDir>/<s3Prefix>/AWSDynamoDB/<exportId>/`. */
  readonly outDir: string;
  readonly tableArn: string;
  readonly tableId: string;
  /** What the manifest names as the bucket. @default 'local' */
  readonly s3Bucket?: string;
  /** @default null (no prefix, as AWS records it) */
  readonly s3Prefix?: string | null;
  /** A new data file every this many items (AWS writes one per partition). @default 10_000 */
  readonly itemsPerFile?: number;
  /** @default () => new Date() */
  readonly now?: () => Date;
  /** Called after every data file (once, with nothing, for an empty table). */
  readonly onProgress?: (progress: ExportProgress) => void;
}

export interface ExportResult {
  exportId: string;
  /** `<outDir>/<prefix>/AWSDynamoDB/<exportId>` */
  exportDir: string;
  summary: ManifestSummary;
  files: ManifestFileEntry[];
}

/** `01234567890123-a1b2c3d4`: milliseconds then random hex, so export ids sort by time like AWS's. */
const newExportId = (at: Date): string => `${String(at.getTime()).padStart(14, '0')}-${randomBytes(4).toString('hex')}`;

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
/** AWS names data files with 26 random lower-case base32 characters. */
const randomFileName = (): string => Array.from(randomBytes(26), (byte) => BASE32[byte % BASE32.length]).join('');

/** Binary attributes are base64 in DynamoDB JSON; every other attribute value serialises as the SDK returns it. */
const toDynamoJson = (value: unknown): unknown => {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(toDynamoJson);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, toDynamoJson(inner)]));
  }
  return value;
};

export async function writeTableExport(
  items: AsyncIterable<DynamoItem> | Iterable<DynamoItem>,
  options: WriteExportOptions,
): Promise<ExportResult> {
  const now = options.now ?? (() => new Date());
  const itemsPerFile = options.itemsPerFile ?? 10_000;
  if (!Number.isInteger(itemsPerFile) || itemsPerFile < 1) throw new RangeError('itemsPerFile: a whole number ≥ 1');
  const s3Prefix = options.s3Prefix ?? null;
  const start = now();
  const exportId = newExportId(start);
  const exportKey = [s3Prefix, 'AWSDynamoDB', exportId].filter((part) => part !== null).join('/');
  const exportDir = join(options.outDir, ...exportKey.split('/'));
  mkdirSync(join(exportDir, 'data'), { recursive: true });
  writeFileSync(join(exportDir, '_started'), '');

  const files: ManifestFileEntry[] = [];
  let itemCount = 0;
  let billedSizeBytes = 0;
  let lines: string[] = [];
  const flush = (): void => {
    if (lines.length === 0) return;
    const body = gzipSync(`${lines.join('\n')}\n`);
    const dataFileS3Key = `${exportKey}/data/${randomFileName()}.json.gz`;
    writeFileSync(join(exportDir, 'data', dataFileS3Key.slice(dataFileS3Key.lastIndexOf('/') + 1)), body);
    const md5 = createHash('md5').update(body).digest();
    files.push({
      itemCount: lines.length,
      md5Checksum: md5.toString('base64'),
      etag: `${createHash('md5').update(md5).digest('hex')}-1`,
      dataFileS3Key,
    });
    lines = [];
    options.onProgress?.({ items: itemCount, files: files.length });
  };

  for await (const item of items) {
    const line = JSON.stringify({ Item: toDynamoJson(item) });
    lines.push(line);
    itemCount += 1;
    billedSizeBytes += Buffer.byteLength(line);
    if (lines.length >= itemsPerFile) flush();
  }
  flush();

  const manifestFilesS3Key = `${exportKey}/manifest-files.json`;
  writeFileSync(join(exportDir, 'manifest-files.json'), files.map((file) => `${JSON.stringify(file)}\n`).join(''));
  const summary: ManifestSummary = {
    version: '2020-06-30',
    exportArn: `${options.tableArn}/export/${exportId}`,
    startTime: start.toISOString(),
    endTime: now().toISOString(),
    tableArn: options.tableArn,
    tableId: options.tableId,
    exportTime: start.toISOString(),
    s3Bucket: options.s3Bucket ?? 'local',
    s3Prefix,
    s3SseAlgorithm: 'AES256',
    s3SseKmsKeyId: null,
    manifestFilesS3Key,
    billedSizeBytes,
    itemCount,
    outputFormat: 'DYNAMODB_JSON',
    exportType: 'FULL_EXPORT',
  };
  writeFileSync(join(exportDir, 'manifest-summary.json'), `${JSON.stringify(summary)}\n`);
  // An empty table writes no data file, so nothing has reported progress yet.
  if (files.length === 0) options.onProgress?.({ items: 0, files: 0 });
  return { exportId, exportDir, summary, files };
}
