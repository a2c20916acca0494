import { type LocalSes, type StoredEmail, startLocalSes as startSes } from '../../local/ses';

export type { LocalSes, StoredEmail };

/**
 * aws-ses-v2-local in this process on a free port, in memory (local/ses.ts, which local mode also uses): a real
 * SESv2 endpoint for the real client, and its store for the assertions. Its store is module-wide, so two servers in
 * one test file would share it; vitest's forks pool gives each file its own process.
 */
export const startLocalSes = (): Promise<LocalSes> => startSes();
