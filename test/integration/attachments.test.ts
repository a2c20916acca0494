import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoBreachLogReader } from '../../functions/adapters/breach-log-reader';
import { DynamoBreachRepository } from '../../functions/adapters/breach-repository';
import { DynamoOrganisationRepository } from '../../functions/adapters/organisation-repository';
import { createS3Client, S3AttachmentStore } from '../../functions/adapters/s3-attachment-store';
import { ATTACHMENT_ROUTES, makeHandler } from '../../functions/attachments/make-handler';
import {
  type AttachEvidenceDeps,
  browserUploadForm,
  confirmBrowserUpload,
} from '../../functions/domain/attach-evidence';
import { attachmentKey } from '../../functions/domain/attachments';
import { isEvent, type NewEvent } from '../../functions/domain/events';
import { presetPolicy } from '../../functions/domain/presets';
import { verifyAll } from '../../functions/domain/verify-all';
import { type LocalS3, startLocalS3 } from '../../local/s3';
import { at, reportedEvents } from '../support/authority-histories';
import { type LocalTable, startDynalite } from '../support/dynalite';
import { apiEvent, jsonRequest, lambdaContext } from '../unit/http/api-event';

/**
 * Evidence end to end on the real SDK clients: dynalite for the log, s3rver for the bucket, the presigned PUT sent
 * with fetch as a client would. What each call records, what each refuses (writing nothing), tenant isolation, and
 * verification noticing a file swapped in the bucket after it was added.
 */

let table: LocalTable;
let s3: LocalS3;
let client: S3Client;
let folder: string;
let breaches: DynamoBreachRepository;
let handler: ReturnType<typeof makeHandler>;
let store: S3AttachmentStore;
let deps: () => AttachEvidenceDeps;

const BUCKET = 'breachdesk-test-attachments';
const OPEN = 'BR-EEEE-0000-0000-0001';
const CLOSED = 'BR-EEEE-0000-0000-0002';
const OTHER_ORG = 'BR-EEEE-0000-0000-0003';

const PDF = Buffer.from('%PDF-1.7\nA signed statement of the staff member who sent the e-mail.\n%%EOF\n');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const declaration = (overrides: Record<string, unknown> = {}) => ({
  name: 'statement-j-smith.pdf',
  mediaType: 'application/pdf',
  size: PDF.length,
  sha256: sha256(PDF),
  kind: 'statement',
  description: 'Statement of the member of staff who sent the e-mail',
  ...overrides,
});

const call = async (
  method: 'GET' | 'POST',
  resource: string,
  breachId: string,
  options: { body?: unknown; attachmentId?: string; organisationId?: string } = {},
): Promise<APIGatewayProxyResult> => {
  const path = resource.replace('{id}', breachId).replace('{attachmentId}', options.attachmentId ?? '');
  const organisationId = options.organisationId ?? 'org-a';
  const base =
    options.body === undefined
      ? apiEvent({ method, path, organisationId })
      : jsonRequest(options.body, { path, organisationId });
  const event = {
    ...base,
    resource,
    pathParameters: { id: breachId, ...(options.attachmentId ? { attachmentId: options.attachmentId } : {}) },
  };
  return (await handler(event, lambdaContext())) as APIGatewayProxyResult;
};

const eventCount = async (breachId: string) => (await breaches.events(breachId)).length;

const declareAndUpload = async (bytes: Buffer, body = declaration()) => {
  const declared = await call('POST', ATTACHMENT_ROUTES.collection, OPEN, { body });
  expect(declared.statusCode, declared.body).toBe(201);
  const answer = JSON.parse(declared.body) as {
    attachment: { attachmentId: string };
    upload: { method: string; url: string; headers: Record<string, string> };
  };
  const put = await fetch(answer.upload.url, { method: 'PUT', headers: answer.upload.headers, body: bytes });
  expect(put.status).toBe(200);
  return answer;
};

const record = async (breachId: string, organisationId: string, events: NewEvent[]) => {
  const [first, ...rest] = events;
  await breaches.create(breachId, organisationId, first as NewEvent<'reported'>);
  for (const event of rest) await breaches.append(breachId, event);
};

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'breachdesk-attachments-'));
  [table, s3] = await Promise.all([startDynalite(), startLocalS3({ directory: folder, buckets: [BUCKET] })]);
  client = createS3Client({
    endpoint: s3.endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const options = { client: table.client, tableName: table.tableName };
  breaches = new DynamoBreachRepository(options);
  const organisations = new DynamoOrganisationRepository(options);
  const dpo = { name: 'Dana Protection', email: 'dpo@practice.example.org', role: 'Data Protection Officer' };
  await organisations.put({ id: 'org-a', name: 'Practice', policy: presetPolicy('generic', { dpo }) });
  await organisations.put({ id: 'org-b', name: 'Other', policy: presetPolicy('generic', { dpo }) });
  store = new S3AttachmentStore({ client, bucket: BUCKET });
  deps = () => ({ breaches, organisations, store, now: () => new Date(at(6)) });
  handler = makeHandler({
    breaches,
    organisations,
    store,
    now: () => new Date(at(6)),
    logger: { error: () => undefined },
  });
  await record(OPEN, 'org-a', reportedEvents('generic'));
  await record(CLOSED, 'org-a', [
    ...reportedEvents('generic'),
    { type: 'closed', at: at(5), actor: { kind: 'system', component: 'test' }, data: {} },
  ]);
  await record(OTHER_ORG, 'org-b', reportedEvents('generic'));
});

afterAll(async () => {
  client?.destroy();
  await Promise.all([table?.close(), s3?.close()]);
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('evidence attached through the API', () => {
  it('declares, uploads by presigned PUT, confirms with the SHA-256 chained, lists and downloads', async () => {
    const before = await eventCount(OPEN);
    const { attachment, upload } = await declareAndUpload(PDF);
    expect(upload.method).toBe('PUT');
    expect(upload.headers['x-amz-checksum-sha256']).toBe(Buffer.from(sha256(PDF), 'hex').toString('base64'));
    expect(await eventCount(OPEN)).toBe(before + 1);

    const confirmed = await call('POST', ATTACHMENT_ROUTES.item, OPEN, { attachmentId: attachment.attachmentId });
    expect(confirmed.statusCode, confirmed.body).toBe(201);
    const added = JSON.parse(confirmed.body) as { seq: number; type: string; attachment: { sha256: string } };
    expect(added.type).toBe('attachment-added');
    expect(added.attachment.sha256).toBe(sha256(PDF));
    const events = await breaches.events(OPEN);
    const chained = events.find((e) => e.seq === added.seq);
    expect(chained && isEvent(chained, 'attachment-added') ? chained.data.sha256 : undefined).toBe(sha256(PDF));

    // A repeated confirmation answers the recorded event and writes nothing.
    const again = await call('POST', ATTACHMENT_ROUTES.item, OPEN, { attachmentId: attachment.attachmentId });
    expect(again.statusCode).toBe(201);
    expect((JSON.parse(again.body) as { seq: number }).seq).toBe(added.seq);
    expect(await eventCount(OPEN)).toBe(before + 2);

    const list = await call('GET', ATTACHMENT_ROUTES.collection, OPEN);
    const listed = JSON.parse(list.body) as { attachments: { attachmentId: string; status: string; name: string }[] };
    expect(listed.attachments).toContainEqual(
      expect.objectContaining({
        attachmentId: attachment.attachmentId,
        status: 'added',
        name: 'statement-j-smith.pdf',
      }),
    );

    const download = await call('GET', ATTACHMENT_ROUTES.item, OPEN, { attachmentId: attachment.attachmentId });
    expect(download.statusCode).toBe(302);
    const location = download.headers?.location as string;
    const file = await fetch(location);
    expect(Buffer.from(await file.arrayBuffer()).equals(PDF)).toBe(true);
    expect(file.headers.get('content-disposition')).toContain('statement-j-smith.pdf');
  });

  it('answers another organisation exactly as a breach or attachment that does not exist', async () => {
    const { attachment } = await declareAndUpload(PDF);
    await call('POST', ATTACHMENT_ROUTES.item, OPEN, { attachmentId: attachment.attachmentId });
    const before = await eventCount(OPEN);
    for (const response of [
      await call('GET', ATTACHMENT_ROUTES.item, OPEN, {
        attachmentId: attachment.attachmentId,
        organisationId: 'org-b',
      }),
      await call('GET', ATTACHMENT_ROUTES.collection, OPEN, { organisationId: 'org-b' }),
      await call('POST', ATTACHMENT_ROUTES.collection, OPEN, { body: declaration(), organisationId: 'org-b' }),
      await call('POST', ATTACHMENT_ROUTES.item, OPEN, {
        attachmentId: attachment.attachmentId,
        organisationId: 'org-b',
      }),
    ]) {
      expect(response.statusCode).toBe(404);
      expect(response.headers?.['content-type']).toBe('application/problem+json');
    }
    expect(await eventCount(OPEN)).toBe(before);
  });

  it.each([
    ['a file over 25 MiB', { size: 25 * 1024 * 1024 + 1 }, 'size'],
    ['an executable', { mediaType: 'application/x-msdownload' }, 'mediaType'],
    ['a SHA-256 that is not 64 hex digits', { sha256: 'abc' }, 'sha256'],
    ['an unknown kind', { kind: 'rumour' }, 'kind'],
    ['a name with a path in it', { name: '../../etc/passwd' }, 'name'],
    ['an unknown field', { colour: 'red' }, ''],
  ])('refuses %s with a problem naming the field, and records nothing', async (_what, overrides, path) => {
    const before = await eventCount(OPEN);
    const response = await call('POST', ATTACHMENT_ROUTES.collection, OPEN, { body: declaration(overrides) });
    expect(response.statusCode).toBe(422);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    const problem = JSON.parse(response.body) as { errors: { path: string; message: string }[] };
    expect(problem.errors.map((e) => e.path)).toContain(path);
    expect(await eventCount(OPEN)).toBe(before);
  });

  it('refuses to confirm other bytes than those declared, and records nothing', async () => {
    const other = Buffer.from('%PDF-1.7\nsomething else entirely\n');
    const { attachment } = await declareAndUpload(other);
    const before = await eventCount(OPEN);
    const response = await call('POST', ATTACHMENT_ROUTES.item, OPEN, { attachmentId: attachment.attachmentId });
    expect(response.statusCode).toBe(422);
    const problem = JSON.parse(response.body) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path)).toEqual(expect.arrayContaining(['size', 'sha256']));
    expect(await eventCount(OPEN)).toBe(before);
  });

  it('refuses to confirm a file not uploaded yet (409) and to attach to a closed case (409)', async () => {
    const declared = await call('POST', ATTACHMENT_ROUTES.collection, OPEN, { body: declaration() });
    const { attachment } = JSON.parse(declared.body) as { attachment: { attachmentId: string } };
    const before = await eventCount(OPEN);
    const early = await call('POST', ATTACHMENT_ROUTES.item, OPEN, { attachmentId: attachment.attachmentId });
    expect(early.statusCode).toBe(409);
    expect(await eventCount(OPEN)).toBe(before);
    const closedBefore = await eventCount(CLOSED);
    const closed = await call('POST', ATTACHMENT_ROUTES.collection, CLOSED, { body: declaration() });
    expect(closed.statusCode).toBe(409);
    expect(await eventCount(CLOSED)).toBe(closedBefore);
  });

  it('does not offer a declared file for download before it is confirmed', async () => {
    const declared = await call('POST', ATTACHMENT_ROUTES.collection, OPEN, { body: declaration() });
    const { attachment } = JSON.parse(declared.body) as { attachment: { attachmentId: string } };
    const response = await call('GET', ATTACHMENT_ROUTES.item, OPEN, { attachmentId: attachment.attachmentId });
    expect(response.statusCode).toBe(404);
  });
});

describe('verification of attached files', () => {
  it('passes while every file is intact, and names the file swapped in the bucket afterwards', async () => {
    const reader = new DynamoBreachLogReader({ client: table.client, tableName: table.tableName });
    const { attachment } = await declareAndUpload(PDF);
    const confirmed = await call('POST', ATTACHMENT_ROUTES.item, OPEN, { attachmentId: attachment.attachmentId });
    const { seq } = JSON.parse(confirmed.body) as { seq: number };

    const intact = await verifyAll({ log: reader, attachments: store }, { organisationId: 'org-a' });
    expect(intact.problems).toEqual([]);

    // Someone with access to the bucket overwrites the statement with other bytes of the same type.
    const forged = Buffer.from('%PDF-1.7\nA statement saying something else.\n%%EOF\n');
    await client.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: attachmentKey('org-a', OPEN, attachment.attachmentId),
        Body: forged,
        ContentType: 'application/pdf',
      }),
    );
    const report = await verifyAll({ log: reader, attachments: store }, { organisationId: 'org-a' });
    expect(report.problems).toEqual([
      {
        breachId: OPEN,
        seq,
        problem: 'attachment-mismatch',
        detail: expect.stringContaining(`attachment ${attachment.attachmentId} (statement) recorded in event ${seq}`),
      },
    ]);
    expect(report.problems[0]?.detail).toContain(sha256(forged));
    expect(report.problems[0]?.detail).toContain(sha256(PDF));
  });
});

describe('evidence posted by a browser straight to the bucket', () => {
  /** What the console's form sends: the signed fields, the person's fields, the file last. */
  const postForm = async (bytes: Buffer, fields: Record<string, string>) => {
    const { attachmentId, form } = await browserUploadForm(deps(), {
      organisationId: 'org-a',
      breachId: OPEN,
      redirectTo: (id) => `http://127.0.0.1:9/console/breaches/${OPEN}/evidence/${id}`,
    });
    const body = new FormData();
    for (const [name, value] of Object.entries({ ...form.fields, ...fields })) body.append(name, value);
    body.append('file', new Blob([bytes]), 'chosen-file');
    const response = await fetch(form.url, { method: 'POST', body, redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toContain(`/evidence/${attachmentId}`);
    return attachmentId;
  };
  const person = { kind: 'person', name: 'Dana Protection', role: 'DPO' } as const;

  it('records the file with the SHA-256 computed from the stored bytes and the type read from them', async () => {
    const attachmentId = await postForm(PDF, {
      'x-amz-meta-kind': 'receipt',
      'x-amz-meta-description': encodeURIComponent('ICO receipt – case reference IC-1234'),
    });
    const added = await confirmBrowserUpload(deps(), {
      organisationId: 'org-a',
      breachId: OPEN,
      attachmentId,
      actor: person,
    });
    expect(added.data).toMatchObject({
      attachmentId,
      kind: 'receipt',
      description: 'ICO receipt – case reference IC-1234',
      mediaType: 'application/pdf',
      sha256: sha256(PDF),
      size: PDF.length,
      name: `receipt-${attachmentId}.pdf`,
      via: 'console',
    });
  });

  it('refuses a file of a type not allowed, and one whose bytes differ from what the page hashed, recording nothing', async () => {
    const before = await eventCount(OPEN);
    const executable = await postForm(Buffer.from('MZ\x90\x00 an executable'), {
      'x-amz-meta-kind': 'other',
      'x-amz-meta-description': 'a tool',
    });
    await expect(
      confirmBrowserUpload(deps(), {
        organisationId: 'org-a',
        breachId: OPEN,
        attachmentId: executable,
        actor: person,
      }),
    ).rejects.toMatchObject({ problems: [expect.objectContaining({ path: 'file' })] });
    const altered = await postForm(PDF, {
      'x-amz-meta-kind': 'statement',
      'x-amz-meta-description': 'a statement',
      'x-amz-meta-sha256': sha256(Buffer.from('what the page saw')),
    });
    await expect(
      confirmBrowserUpload(deps(), { organisationId: 'org-a', breachId: OPEN, attachmentId: altered, actor: person }),
    ).rejects.toMatchObject({ problems: [expect.objectContaining({ path: 'sha256' })] });
    expect(await eventCount(OPEN)).toBe(before);
  });
});
