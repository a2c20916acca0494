import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ConfigKey } from '../../functions/config';
import { apiRoutes, FUNCTION_NAMES, functionSpec, type Grants, taskFunctions } from '../../functions/manifest';
import { projectPath } from '../../infra/project-paths';

/** The grant each configuration key is useless without: a key read with no grant is an AccessDenied on AWS. */
const GRANT_FOR: Record<ConfigKey, (grants: Grants) => boolean> = {
  TABLE_NAME: (g) => g.table !== undefined,
  TABLE_ARN: (g) => g.table === 'export',
  SUBJECTS_TABLE_NAME: (g) => g.subjectsTable !== undefined,
  STATE_MACHINE_ARN: (g) => (g.workflow ?? []).some((use) => use === 'start' || use === 'continue'),
  SENDER_ADDRESS: (g) => g.mail === true || g.bulkMail === true,
  SES_REGION: (g) => g.mail === true || g.bulkMail === true,
  // Links in mails, and the console's sign-in callback: an address needs no permission.
  PUBLIC_BASE_URL: (g) => g.mail === true || g.table !== undefined,
  // Where the console verifies ID tokens, and its client id there: public values, no AWS permission behind them.
  OIDC_ISSUER: () => true,
  OIDC_CLIENT_ID: () => true,
  CSRF_KEY_SECRET: (g) => g.csrfKey === true,
  SUBJECT_NOTICES_CONFIGURATION_SET: (g) => g.bulkMail === true,
  EXPORT_BUCKET: (g) => g.exportBucket === true,
  EXPORT_PREFIX: (g) => g.exportBucket === true,
  EXPORT_KEY_ARN: (g) => g.exportBucket === true,
  ATTACHMENTS_BUCKET: (g) => g.attachments !== undefined,
};

describe('the function manifest', () => {
  it.each(FUNCTION_NAMES)('gives %s the grant behind every configuration key it reads', (name) => {
    const { config, grants } = functionSpec(name);
    for (const key of config) expect(GRANT_FOR[key](grants), `${name} reads ${key}`).toBe(true);
  });

  it.each(FUNCTION_NAMES)('gives %s no grant whose configuration it does not read', (name) => {
    const { config, grants } = functionSpec(name);
    const reads = new Set<ConfigKey>(config);
    if (grants.table && grants.table !== 'export') expect(reads.has('TABLE_NAME'), name).toBe(true);
    if (grants.subjectsTable) expect(reads.has('SUBJECTS_TABLE_NAME'), name).toBe(true);
    if (grants.attachments) expect(reads.has('ATTACHMENTS_BUCKET'), name).toBe(true);
    if (grants.mail || grants.bulkMail) expect(reads.has('SENDER_ADDRESS'), name).toBe(true);
    if ((grants.workflow ?? []).some((use) => use !== 'respond'))
      expect(reads.has('STATE_MACHINE_ARN'), name).toBe(true);
    if (grants.csrfKey) expect(reads.has('CSRF_KEY_SECRET'), name).toBe(true);
  });

  it('declares every handler file once, and every declared entry exists', () => {
    const handlers = readdirSync(projectPath('functions'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(projectPath(`functions/${entry.name}/handler.ts`)))
      .map((entry) => `functions/${entry.name}/handler.ts`);
    const entries = FUNCTION_NAMES.map((name) => functionSpec(name).entry);
    expect(new Set(entries).size).toBe(entries.length);
    expect([...entries].sort()).toEqual([...handlers].sort());
  });

  it('fills every task placeholder of the ASL with one function, and names no task the ASL lacks', () => {
    const asl = readFileSync(projectPath('statemachines/breach-lifecycle.asl.json'), 'utf8');
    const placeholders = new Set([...asl.matchAll(/\$\{(\w+)FunctionArn\}/g)].map((match) => match[1]));
    expect(new Set(taskFunctions().keys())).toEqual(placeholders);
  });

  it('routes each method and path to one function', () => {
    const routes = apiRoutes().map((route) => `${route.method} ${route.path}`);
    expect(new Set(routes).size).toBe(routes.length);
  });
});
