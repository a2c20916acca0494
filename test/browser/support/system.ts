import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LocalMode, startLocalMode } from '../../../local/local-mode';
import type { StoredEmail } from '../../../local/ses';

/**
 * The whole system in this process, as `npm start` runs it (local/local-mode.ts): dynalite, the SES emulator, the
 * local Step Functions with the real ASL, the real handlers behind the local API Gateway, and the demo organisations
 * of every preset. On free ports and a throw-away data folder, so it runs beside a developer's own `npm start`.
 */

export interface BrowserSystem {
  mode: LocalMode;
  /** `http://127.0.0.1:<port>/v1/report/<organisation>`. */
  formUrl(organisationId: string): string;
  mails(): Promise<StoredEmail[]>;
  /** Reports a breach through the API with the organisation's demo key, as a school's system would; its id. */
  report(organisationId: string, body: unknown, idempotencyKey: string): Promise<string>;
  close(): Promise<void>;
}

export const startBrowserSystem = async (): Promise<BrowserSystem> => {
  const root = mkdtempSync(join(tmpdir(), 'breachdesk-browser-'));
  const mode = await startLocalMode({
    dataDir: join(root, 'data'),
    infoPath: join(root, 'local.json'),
    port: 0,
    inboxPort: 0,
  });
  if (!mode.info.formServed) {
    await mode.close();
    throw new Error('local mode does not serve the report form: functions/report-form/handler.ts did not load');
  }
  return {
    mode,
    formUrl: (organisationId) => `${mode.info.apiUrl}/report/${organisationId}`,
    async mails() {
      const response = await fetch(`${mode.info.endpoints.ses}/store`);
      if (!response.ok) throw new Error(`GET /store answered ${response.status}`);
      return ((await response.json()) as { emails: StoredEmail[] }).emails;
    },
    async report(organisationId, body, idempotencyKey) {
      const key = mode.info.organisations.find((o) => o.id === organisationId)?.apiKey ?? '';
      const response = await fetch(`${mode.info.apiUrl}/breaches`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${key}`,
          'content-type': 'application/json',
          'idempotency-key': idempotencyKey,
        },
        body: JSON.stringify(body),
      });
      if (response.status !== 201)
        throw new Error(`POST /breaches answered ${response.status}: ${await response.text()}`);
      return ((await response.json()) as { breachId: string }).breachId;
    },
    async close() {
      await mode.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `probe` finds something, or fails naming what it waited for. */
export const eventually = async <T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
};
