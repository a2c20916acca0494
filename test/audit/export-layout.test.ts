import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportResult } from '../../audit/export-layout';
import { exportSeededBreaches } from './seeded-export';

/**
 * The local export against the layout AWS documents for a DynamoDB full export to S3 ("DynamoDB table export output
 * format", https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/S3DataExport.Output.html).
 */

let exported: ExportResult & { outDir: string };

beforeAll(async () => {
  exported = await exportSeededBreaches(7);
});

afterAll(() => {
  if (exported) rmSync(exported.outDir, { recursive: true, force: true });
});

const manifestFiles = () =>
  readFileSync(join(exported.exportDir, 'manifest-files.json'), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

const dataLines = (key: string): unknown[] =>
  gunzipSync(readFileSync(join(exported.outDir, ...key.split('/'))))
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as unknown);

describe('npm run export layout', () => {
  it('writes AWSDynamoDB/<exportId>/ with _started, both manifests and gzipped data files', () => {
    expect(exported.exportId).toMatch(/^\d{14}-[0-9a-f]{8}$/);
    expect(exported.exportDir).toBe(join(exported.outDir, 'AWSDynamoDB', exported.exportId));
    expect(readdirSync(exported.exportDir).sort()).toEqual([
      '_started',
      'data',
      'manifest-files.json',
      'manifest-summary.json',
    ]);
    for (const name of readdirSync(join(exported.exportDir, 'data'))) expect(name).toMatch(/^[a-z2-7]{26}\.json\.gz$/);
  });

  it('writes a manifest summary with every documented field, consistent with the files', () => {
    const summary = JSON.parse(readFileSync(join(exported.exportDir, 'manifest-summary.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(Object.keys(summary).sort()).toEqual(
      [
        'version',
        'exportArn',
        'startTime',
        'endTime',
        'tableArn',
        'tableId',
        'exportTime',
        's3Bucket',
        's3Prefix',
        's3SseAlgorithm',
        's3SseKmsKeyId',
        'manifestFilesS3Key',
        'billedSizeBytes',
        'itemCount',
        'outputFormat',
        'exportType',
      ].sort(),
    );
    const files = manifestFiles();
    expect(summary).toMatchObject({
      version: '2020-06-30',
      exportArn: `${summary.tableArn}/export/${exported.exportId}`,
      outputFormat: 'DYNAMODB_JSON',
      exportType: 'FULL_EXPORT',
      s3Prefix: null,
      manifestFilesS3Key: `AWSDynamoDB/${exported.exportId}/manifest-files.json`,
      itemCount: files.reduce((sum, file) => sum + Number(file.itemCount), 0),
    });
    expect(Date.parse(String(summary.endTime))).toBeGreaterThanOrEqual(Date.parse(String(summary.startTime)));
    expect(summary.billedSizeBytes).toBeGreaterThan(0);
    // 34 events, 7 projections: every item of the table.
    expect(summary.itemCount).toBe(41);
  });

  it('lists each data file once with its item count, MD5 and single-part ETag', () => {
    const files = manifestFiles();
    expect(files.length).toBe(Math.ceil(41 / 7));
    const onDisk = readdirSync(join(exported.exportDir, 'data')).map(
      (name) => `AWSDynamoDB/${exported.exportId}/data/${name}`,
    );
    expect(files.map((file) => file.dataFileS3Key).sort()).toEqual(onDisk.sort());
    for (const file of files) {
      expect(Object.keys(file).sort()).toEqual(['dataFileS3Key', 'etag', 'itemCount', 'md5Checksum']);
      const bytes = readFileSync(join(exported.outDir, ...String(file.dataFileS3Key).split('/')));
      const md5 = createHash('md5').update(bytes).digest();
      expect(file.md5Checksum).toBe(md5.toString('base64'));
      expect(file.etag).toBe(`${createHash('md5').update(md5).digest('hex')}-1`);
      expect(dataLines(String(file.dataFileS3Key))).toHaveLength(Number(file.itemCount));
    }
  });

  it('writes every item as one {"Item": …} line of DynamoDB JSON', () => {
    const tags = new Set(['S', 'N', 'B', 'BOOL', 'NULL', 'M', 'L', 'SS', 'NS', 'BS']);
    const isAttributeValue = (value: unknown): boolean => {
      if (typeof value !== 'object' || value === null) return false;
      const entries = Object.entries(value);
      if (entries.length !== 1) return false;
      const [tag, inner] = entries[0] as [string, unknown];
      if (!tags.has(tag)) return false;
      if (tag === 'M') return Object.values(inner as object).every(isAttributeValue);
      if (tag === 'L') return (inner as unknown[]).every(isAttributeValue);
      if (tag === 'N') return typeof inner === 'string' && !Number.isNaN(Number(inner));
      return true;
    };
    const lines = manifestFiles().flatMap((file) => dataLines(String(file.dataFileS3Key)));
    expect(lines).toHaveLength(41);
    for (const line of lines) {
      expect(Object.keys(line as object)).toEqual(['Item']);
      const item = (line as { Item: Record<string, unknown> }).Item;
      expect(item.PK).toEqual({ S: expect.stringMatching(/^BREACH#/) });
      for (const value of Object.values(item)) expect(isAttributeValue(value)).toBe(true);
    }
    const event = lines.find((line) => JSON.stringify(line).includes('"EVENT#0000000001"')) as {
      Item: Record<string, unknown>;
    };
    expect(event.Item).toMatchObject({ seq: { N: '1' }, type: { S: 'reported' }, data: { M: expect.any(Object) } });
  });
});
