import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../functions/adapters/s3-attachment-store';
import { attachmentKey } from '../../functions/domain/attachments';
import { projectPath } from '../../infra/project-paths';
import { aReportInput } from '../support/reports';
import { launchChromium } from './support/browser';
import { type BrowserSystem, startBrowserSystem } from './support/system';

/**
 * Evidence through the console in Chromium, on local mode with its S3 emulator: a file uploaded with JavaScript off
 * (the form posts straight to the bucket, the console recognises and hashes it) and one with JavaScript on (the page
 * hashes it first), both listed on the case page with their SHA-256; `npm run verify` passes; then a file is swapped
 * in the bucket and `npm run verify` names it.
 */

const ORGANISATION = 'demo-school';
const run = promisify(execFile);

const PDF = Buffer.from('%PDF-1.4\nWritten undertaking: I deleted the e-mail and kept no copy. J. Smith\n%%EOF\n');
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('a photo of the shredded letter, not really a PNG body'),
]);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

let system: BrowserSystem;
let browser: Browser;
let breachId: string;

beforeAll(async () => {
  system = await startBrowserSystem();
  browser = await launchChromium();
  breachId = await system.report(
    ORGANISATION,
    aReportInput({ description: 'A letter about a pupil was posted to the wrong family.' }, new Date()),
    'evidence-1',
  );
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await system?.close();
});

/** `npm run verify -- --data <the running local mode's data folder>`: its exit code and output. */
const verify = async (): Promise<{ code: number; output: string }> => {
  const tsx = projectPath('node_modules/.bin/tsx');
  try {
    const { stdout } = await run(tsx, [projectPath('local/verify.ts'), '--data', system.mode.info.dataDir], {
      cwd: dirname(system.mode.info.dataDir),
      env: { ...process.env, AWS_ACCESS_KEY_ID: '' },
    });
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
};

const signIn = async (context: BrowserContext, path: string): Promise<Page> => {
  const page = await context.newPage();
  await page.goto(`${system.mode.info.apiUrl}${path}`);
  await expect(page.title()).resolves.toContain('Sign in');
  await Promise.all([
    page.waitForNavigation(),
    page.getByText(/Dana Protection, Data protection officer \(Demo Primary School\)/).click(),
  ]);
  return page;
};

const evidenceRows = (page: Page) => page.locator('#evidence + table tbody tr');

describe('evidence uploaded through the console', () => {
  it('takes a file without JavaScript and one with it, lists both, verifies, and names a swapped file', async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false });
    const page = await signIn(noScript, `/console/breaches/${breachId}/evidence`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Add evidence');
    await page.getByLabel('Written undertaking (e.g. from a wrong recipient)').check();
    await page.getByLabel('Describe it').fill('Undertaking of the family who received the letter');
    await page.setInputFiles('#file', { name: 'undertaking.pdf', mimeType: 'application/pdf', buffer: PDF });
    await Promise.all([page.waitForURL(/#evidence$/), page.getByRole('button', { name: 'Upload evidence' }).click()]);
    expect(await evidenceRows(page).count()).toBe(1);
    const first = evidenceRows(page).first();
    await expect(first.textContent()).resolves.toContain('Undertaking of the family who received the letter');
    await expect(first.locator('[data-sha256]').textContent()).resolves.toBe(sha256(PDF));

    // With JavaScript the page hashes the file first and sends its name and type with it.
    const withScript = await browser.newContext({ javaScriptEnabled: true });
    const scripted = await signIn(withScript, `/console/breaches/${breachId}/evidence`);
    await scripted.getByLabel('Photo').check();
    await scripted.getByLabel('Describe it').fill('Photo of the shredded letter – returned by the family');
    await scripted.setInputFiles('#file', { name: 'shredded letter.png', mimeType: 'image/png', buffer: PNG });
    await Promise.all([
      scripted.waitForURL(/#evidence$/),
      scripted.getByRole('button', { name: 'Upload evidence' }).click(),
    ]);
    expect(await evidenceRows(scripted).count()).toBe(2);
    const photo = evidenceRows(scripted).filter({ hasText: 'shredded letter.png' });
    await expect(photo.textContent()).resolves.toContain('Photo of the shredded letter – returned by the family');
    await expect(photo.locator('[data-sha256]').textContent()).resolves.toBe(sha256(PNG));

    // The download link serves the bytes recorded, for the signed-in organisation.
    const href = (await photo.getByRole('link').getAttribute('href')) ?? '';
    const download = await withScript.request.get(new URL(href, system.mode.info.apiUrl).href);
    expect(Buffer.from(await download.body()).equals(PNG)).toBe(true);

    const intact = await verify();
    expect(intact.output).toContain('every log and projection is intact');
    expect(intact.code).toBe(0);

    // Someone with access to the bucket replaces the undertaking with another PDF.
    const undertakingHref = (await first.getByRole('link').getAttribute('href')) ?? '';
    const attachmentId = /evidence\/(AT-[0-9A-Z]+)\/download/.exec(undertakingHref)?.[1] ?? '';
    const client = createS3Client({
      endpoint: system.mode.info.endpoints.s3 ?? '',
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await client.send(
      new PutObjectCommand({
        Bucket: system.mode.info.attachmentsBucket,
        Key: attachmentKey(ORGANISATION, breachId, attachmentId),
        Body: Buffer.from('%PDF-1.4\nI kept a copy.\n%%EOF\n'),
        ContentType: 'application/pdf',
      }),
    );
    client.destroy();
    const swapped = await verify();
    expect(swapped.code).toBe(1);
    expect(swapped.output).toMatch(
      new RegExp(`${breachId} seq \\d+: attachment-mismatch: attachment ${attachmentId} \\(undertaking\\)`),
    );
    expect(swapped.output).toContain(sha256(PDF));
    expect(swapped.output).not.toContain('shredded');
  }, 180_000);
});
