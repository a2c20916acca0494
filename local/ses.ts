import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as sesLocal from 'aws-ses-v2-local';
import { clearStore, type Email, getStoreReadonly } from 'aws-ses-v2-local/dist/store';

/**
 * SES for local mode and the tests: aws-ses-v2-local in this process, a real SESv2 endpoint for the real client, with
 * its web inbox at `/` (every mail, newest first) and `GET /store` listing the mails as JSON.
 *
 * The emulator keeps mails in memory, module-wide: two servers open at once in one process share them. A server takes
 * its mails with it when it closes, so the next one in the process (the next test file in a worker) starts with an
 * empty inbox. With a `storePath`, every mail is also appended to a JSON-lines file and loaded back on the next
 * start, so the inbox still shows the links a restart left valid.
 */

export type StoredEmail = Email;

export interface LocalSesOptions {
  /** JSON-lines file the mails are kept in across restarts; memory only when absent. */
  readonly storePath?: string;
  /** @default 0 (a free port) */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
}

export interface LocalSes {
  /** Point the SESv2 client's `endpoint` (or AWS_ENDPOINT_URL_SESV2) here. */
  readonly endpoint: string;
  /** The web inbox. */
  readonly inboxUrl: string;
  /** Every mail received since the start or the last clear(), oldest first. */
  messages(): Promise<StoredEmail[]>;
  clear(): Promise<void>;
  close(): Promise<void>;
}

type StartServer = typeof sesLocal.default;

// The package is CommonJS with an `exports.default`: depending on the loader the default import is the function itself
// or the whole exports object.
const startServer: StartServer = (() => {
  const candidate: unknown = sesLocal.default;
  if (typeof candidate === 'function') return candidate as StartServer;
  const nested: unknown = (candidate as { default?: unknown } | undefined)?.default;
  if (typeof nested === 'function') return nested as StartServer;
  throw new Error('aws-ses-v2-local exports no server function');
})();

export const startLocalSes = async (options: LocalSesOptions = {}): Promise<LocalSes> => {
  const store = options.storePath === undefined ? undefined : persistentStore(options.storePath);
  const server: Server = await startServer({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  // Every mail enters the store inside a request; once that request is answered, the new ones are on disk.
  if (store) server.on('request', (_request, response) => response.once('finish', store.flush));
  const { address, port } = server.address() as AddressInfo;
  const endpoint = `http://${address}:${port}`;

  return {
    endpoint,
    inboxUrl: `${endpoint}/`,
    async messages() {
      const response = await fetch(`${endpoint}/store`);
      if (!response.ok) throw new Error(`GET /store answered ${response.status}`);
      const body = (await response.json()) as { emails: StoredEmail[] };
      return body.emails;
    },
    async clear() {
      const response = await fetch(`${endpoint}/clear-store`, { method: 'POST' });
      if (!response.ok) throw new Error(`POST /clear-store answered ${response.status}`);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        store?.flush();
        clearStore();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
};

/** Loads the file's mails into the emulator's store, and returns what appends the ones received since. */
function persistentStore(path: string): { flush: () => void } {
  const emails = (): Email[] => getStoreReadonly().emails;
  let lines: string[] = [];
  try {
    lines = readFileSync(path, 'utf8').split('\n');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  for (const line of lines) {
    if (line.trim() === '') continue;
    try {
      emails().push(JSON.parse(line) as Email);
    } catch {
      // A kill in the middle of an append leaves half a line: that mail is lost from the inbox, nothing else.
    }
  }
  let written = emails().length;
  // Rewritten whole, so a torn last line is not followed by good ones on the same line.
  writeFileSync(
    path,
    emails()
      .map((email) => `${JSON.stringify(email)}\n`)
      .join(''),
  );
  return {
    flush() {
      const all = emails();
      if (all.length < written) {
        // The inbox was cleared (its button or POST /clear-store): so is the file.
        writeFileSync(path, all.map((email) => `${JSON.stringify(email)}\n`).join(''));
      } else if (all.length > written) {
        appendFileSync(
          path,
          all
            .slice(written)
            .map((email) => `${JSON.stringify(email)}\n`)
            .join(''),
        );
      }
      written = all.length;
    },
  };
}
