import type { AddressInfo } from 'node:net';
import * as sesLocal from 'aws-ses-v2-local';
import type { Email } from 'aws-ses-v2-local/dist/store';

/**
 * aws-ses-v2-local in this process on a free port: a real SESv2 endpoint for the real client, and its store for the
 * assertions. Its store is module-wide, so two servers in one test file would share it; vitest's forks pool gives
 * each file its own process.
 */

export type StoredEmail = Email;

export interface LocalSes {
  /** Point the SESv2 client's `endpoint` here. */
  endpoint: string;
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

export const startLocalSes = async (): Promise<LocalSes> => {
  const server = await startServer({ host: '127.0.0.1', port: 0 });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;

  return {
    endpoint,
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
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
};
