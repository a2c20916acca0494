import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoConsoleDirectory } from '../../functions/adapters/console-directory';
import { DynamoOrganisationAdminStore } from '../../functions/adapters/organisation-admin-store';
import { DynamoOrganisationRepository } from '../../functions/adapters/organisation-repository';
import { presetPolicy } from '../../functions/domain/presets';
import { runAdmin } from '../../scripts/admin';
import { type LocalTable, startDynalite } from '../support/dynalite';

/**
 * `npm run admin -- user …` against a table in dynalite, found through a local.json as the running local mode
 * writes it: the same use cases as the console's users page, each change recorded with the caller.
 */

let table: LocalTable;
let dir: string;
let infoPath: string;
let directory: DynamoConsoleDirectory;
let changeLog: DynamoOrganisationAdminStore;

beforeAll(async () => {
  table = await startDynalite();
  dir = mkdtempSync(join(tmpdir(), 'breachdesk-admin-users-'));
  infoPath = join(dir, 'local.json');
  writeFileSync(
    infoPath,
    JSON.stringify({
      apiUrl: 'http://127.0.0.1:9/v1',
      tableName: table.tableName,
      subjectsTableName: table.subjectsTableName,
      endpoints: { dynamodb: table.endpoint, stepFunctions: 'http://127.0.0.1:9' },
    }),
  );
  const options = { client: table.client, tableName: table.tableName };
  directory = new DynamoConsoleDirectory(options);
  changeLog = new DynamoOrganisationAdminStore(options);
  const organisations = new DynamoOrganisationRepository(options);
  await organisations.put({ id: 'st-clares', name: 'St Clare’s', policy: presetPolicy('school') });
  await organisations.put({ id: 'elsewhere', name: 'Elsewhere', policy: presetPolicy('generic') });
});

afterAll(async () => {
  await table?.close();
  rmSync(dir, { recursive: true, force: true });
});

const admin = async (...argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAdmin([...argv, '--local-info', infoPath], {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
};

describe('npm run admin -- user', () => {
  it('adds the first people of an organisation and lists them', async () => {
    const dana = await admin(
      'user',
      'add',
      '--org',
      'st-clares',
      '--name',
      'Dana Protection',
      '--email',
      'dana@stclares.example.org',
      '--role',
      'dpo',
    );
    expect(dana.code, dana.err).toBe(0);
    expect(dana.out).toContain('Added usr_');
    const ada = await admin(
      'user',
      'add',
      '--org',
      'st-clares',
      '--name',
      'Ada Admin',
      '--email',
      'ada@stclares.example.org',
      '--role',
      'administrator',
      '--role',
      'auditor',
    );
    expect(ada.code, ada.err).toBe(0);
    const listed = await admin('user', 'list', '--org', 'st-clares');
    expect(listed.out).toMatch(
      /Ada Admin {2}ada@stclares\.example\.org {2}Administrator, Auditor \(read only\) {2}active/,
    );
    expect(listed.out).toContain('Dana Protection');
    const changes = await changeLog.changes('st-clares');
    expect(changes.map((c) => [c.action, c.by])).toEqual([
      ['user-added', `local:${userInfo().username}`],
      ['user-added', `local:${userInfo().username}`],
    ]);
  });

  it('refuses bad input naming the option, and changes nothing', async () => {
    const refused = await admin(
      'user',
      'add',
      '--org',
      'st-clares',
      '--name',
      'X',
      '--email',
      'nope',
      '--role',
      'wizard',
    );
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('--email: Enter an e-mail address in the correct format');
    expect(refused.err).toContain('--role: Select a role from the list');
    const missing = await admin('user', 'roles', '--org', 'st-clares', '--user', 'dana@stclares.example.org');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('user roles needs --role');
    expect((await changeLog.changes('st-clares')).length).toBe(2);
  });

  it('changes roles and deactivates by address, keeping the last DPO', async () => {
    const lastDpo = await admin('user', 'deactivate', '--org', 'st-clares', '--user', 'dana@stclares.example.org');
    expect(lastDpo.code).toBe(1);
    expect(lastDpo.err).toContain('This would leave no active data protection officer');
    const roles = await admin(
      'user',
      'roles',
      '--org',
      'st-clares',
      '--user',
      'ada@stclares.example.org',
      '--role',
      'administrator',
      '--role',
      'dpo',
    );
    expect(roles.code, roles.err).toBe(0);
    const gone = await admin('user', 'deactivate', '--org', 'st-clares', '--user', 'dana@stclares.example.org');
    expect(gone.code, gone.err).toBe(0);
    expect((await directory.userByEmail('dana@stclares.example.org'))?.deactivatedAt).toBeDefined();
  });

  it('marks someone away and back, and cannot reach another organisation’s people', async () => {
    const away = await admin(
      'user',
      'away',
      '--org',
      'st-clares',
      '--user',
      'ada@stclares.example.org',
      '--from',
      '2030-07-01T08:00:00Z',
      '--until',
      '2030-07-14T08:00:00Z',
    );
    expect(away.code, away.err).toBe(0);
    expect((await directory.userByEmail('ada@stclares.example.org'))?.away).toEqual({
      from: '2030-07-01T08:00:00Z',
      until: '2030-07-14T08:00:00Z',
    });
    expect((await admin('user', 'back', '--org', 'st-clares', '--user', 'ada@stclares.example.org')).code).toBe(0);
    const crossing = await admin('user', 'deactivate', '--org', 'elsewhere', '--user', 'ada@stclares.example.org');
    expect(crossing.code).toBe(1);
    expect(crossing.err).toContain("Organisation 'elsewhere' has no user");
    expect((await directory.userByEmail('ada@stclares.example.org'))?.deactivatedAt).toBeUndefined();
  });
});
