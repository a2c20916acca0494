import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DynamoOrganisationAdminStore } from '../functions/adapters/organisation-admin-store';
import { MissingStackOutputError, StackNotFoundError } from '../functions/adapters/stack-outputs';
import { AUTHORIZER_CACHE_SECONDS } from '../functions/authorizer-cache';
import {
  AdminInputError,
  makeAdministerOrganisations,
  placeholderContacts,
} from '../functions/domain/administer-organisations';
import {
  ApiKeyNotFoundError,
  type ApiKeyRecord,
  ConcurrentChangeError,
  OrganisationExistsError,
  OrganisationNotFoundError,
} from '../functions/domain/organisation-admin-ports';
import type { Organisation } from '../functions/domain/ports';
import { PRESET_IDS } from '../functions/domain/presets';
import { isUserCommand, runUserCommand, USER_COMMANDS, USER_REQUIRED, USERS_HELP, userRefusal } from './admin-users';
import { DeploymentNotFoundError, type DeploymentTarget, openDeployment } from './deployment';

/**
 * `npm run admin -- <command>` (bin: breachdesk-admin): organisations, their policies and API keys, on the running
 * local mode or a deployed stack. Parses the command line, opens the deployment, calls the use case
 * (functions/domain/administer-organisations.ts) and prints its result. Exit code 0 done, 1 refused (bad input, an
 * unknown organisation or key: nothing was changed), 2 a usage error or an unreachable deployment.
 */

export const ADMIN_HELP = `Usage: npm run admin -- <command> [options]

Organisations
  org create --preset P --name NAME --dpo-email E --time-zone TZ [--id ID] [--dpo-name N] [--policy FILE]
                      a new organisation from a preset (${PRESET_IDS.join(', ')}); FILE holds the
                      organisation's changes to the preset (JSON, same fields as the policy)
  org list            every organisation
  org show --org ID   its policy, policy versions, keys and every change with who made it
  org update --org ID --policy FILE
                      merge FILE into the current policy (objects merged, lists replaced) as a new version

API keys
  key issue --org ID  a new key: shown once, stored only as its SHA-256
  key list --org ID   id, created (when, by whom), last used (to within an hour)
  key revoke --org ID --key KEY_ID
                      the API refuses the key on every route within ${AUTHORIZER_CACHE_SECONDS} s
  key rotate --org ID --key KEY_ID [--overlap-minutes N]
                      a new key; the old one is revoked at once, or keeps working N more minutes

${USERS_HELP}
Where (default: the running local mode, found through .breachdesk/local.json)
  --stack NAME        a deployed stack: tables from its CloudFormation outputs, the default AWS credentials
  --region R          the stack's region (default: the AWS configuration's)
  --profile P         a named AWS profile
  --local-info FILE   another local mode's local.json

  --json              print the result as JSON
  --help              this text

Every change is recorded with who made it (the caller's AWS ARN, or local:<user>) in the breach table, which the
audit exports copy.
`;

export interface AdminIo {
  out(text: string): void;
  err(text: string): void;
}

class UsageError extends Error {
  override readonly name = 'UsageError';
}

const COMMANDS = [
  'org create',
  'org list',
  'org show',
  'org update',
  'key issue',
  'key list',
  'key revoke',
  'key rotate',
  ...USER_COMMANDS,
] as const;
type Command = (typeof COMMANDS)[number];

interface Parsed {
  command: Command;
  values: Record<string, string | string[] | boolean | undefined>;
  target: DeploymentTarget;
  json: boolean;
}

function parse(argv: readonly string[]): Parsed | 'help' {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: {
      preset: { type: 'string' },
      name: { type: 'string' },
      id: { type: 'string' },
      'dpo-email': { type: 'string' },
      'dpo-name': { type: 'string' },
      'time-zone': { type: 'string' },
      policy: { type: 'string' },
      org: { type: 'string' },
      key: { type: 'string' },
      'overlap-minutes': { type: 'string' },
      email: { type: 'string' },
      role: { type: 'string', multiple: true },
      user: { type: 'string' },
      from: { type: 'string' },
      until: { type: 'string' },
      stack: { type: 'string' },
      region: { type: 'string' },
      profile: { type: 'string' },
      'local-info': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: true,
  });
  if (values.help || positionals.length === 0) return 'help';
  const command = positionals.join(' ');
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new UsageError(`unknown command '${command}': one of ${COMMANDS.join(', ')}`);
  }
  if ((values.region !== undefined || values.profile !== undefined) && values.stack === undefined) {
    throw new UsageError('--region and --profile go with --stack');
  }
  const required: Partial<Record<Command, string[]>> = {
    'org create': ['preset', 'name', 'dpo-email', 'time-zone'],
    'org show': ['org'],
    'org update': ['org', 'policy'],
    'key issue': ['org'],
    'key list': ['org'],
    'key revoke': ['org', 'key'],
    'key rotate': ['org', 'key'],
    ...USER_REQUIRED,
  };
  const missing = (required[command as Command] ?? []).filter(
    (name) => values[name as keyof typeof values] === undefined,
  );
  if (missing.length > 0) throw new UsageError(`${command} needs ${missing.map((name) => `--${name}`).join(', ')}`);
  return {
    command: command as Command,
    values,
    target: {
      ...(values.stack ? { stack: values.stack } : {}),
      ...(values.region ? { region: values.region } : {}),
      ...(values.profile ? { profile: values.profile } : {}),
      ...(values['local-info'] ? { localInfoPath: values['local-info'] } : {}),
    },
    json: values.json === true,
  };
}

/** The policy file's JSON; an unreadable or malformed file is bad input, refused before anything is opened. */
function readPolicyFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new AdminInputError(`cannot read the policy file ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new AdminInputError(`the policy file ${path} is not JSON: ${(error as Error).message}`);
  }
}

const keyLine = (key: ApiKeyRecord): string =>
  [
    key.keyId,
    `created ${key.createdAt} by ${key.createdBy}`,
    key.lastUsedAt ? `last used ${key.lastUsedAt}` : 'never used',
    ...(key.notAfter ? [`stops working ${key.notAfter}`] : []),
  ].join('  ');

const organisationLine = (organisation: Organisation): string =>
  `${organisation.id}  ${organisation.name}  (preset ${organisation.policy.preset}, policy version ${organisation.policyVersion ?? 1}, DPO ${organisation.policy.dpo.email})`;

const placeholderWarning = (organisation: Organisation): string[] => {
  const placeholders = placeholderContacts(organisation.policy);
  return placeholders.length === 0
    ? []
    : [
        `Still the preset's example contacts: ${placeholders.join(', ')}. Replace them with org update --policy FILE`,
        '(mail to example domains goes nowhere).',
      ];
};

/** Runs one command; the exit code is returned, not set, so tests can call it in-process. */
export async function runAdmin(argv: readonly string[], io: AdminIo): Promise<number> {
  let parsed: Parsed | 'help';
  try {
    parsed = parse(argv);
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${ADMIN_HELP}`);
    return 2;
  }
  if (parsed === 'help') {
    io.out(ADMIN_HELP);
    return 0;
  }
  const { command, values, json } = parsed;
  const text = (name: string): string => String(values[name] ?? '');
  const print = (result: unknown, lines: string[]): void =>
    io.out(json ? JSON.stringify(result, null, 2) : lines.join('\n'));

  try {
    // Read the policy file before connecting: a bad file is refused without touching the deployment.
    const policyFile = values.policy === undefined ? undefined : readPolicyFile(text('policy'));
    const deployment = await openDeployment(parsed.target);
    try {
      const store = new DynamoOrganisationAdminStore({ client: deployment.documents, tableName: deployment.tableName });
      const admin = makeAdministerOrganisations({ store, actor: deployment.actor });
      const where = `(${deployment.describe}, as ${deployment.actor})`;
      if (isUserCommand(command)) {
        const optional = (name: string) => (values[name] === undefined ? {} : { [name]: text(name) });
        const { result, lines } = await runUserCommand(
          command,
          {
            org: text('org'),
            ...optional('user'),
            ...optional('name'),
            ...optional('email'),
            ...optional('from'),
            ...optional('until'),
            ...(Array.isArray(values.role) ? { role: values.role } : {}),
          },
          deployment,
        );
        print(result, lines);
        return 0;
      }
      switch (command) {
        case 'org create': {
          const organisation = await admin.createOrganisation({
            name: text('name'),
            preset: text('preset'),
            dpoEmail: text('dpo-email'),
            timeZone: text('time-zone'),
            ...(values.id !== undefined ? { id: text('id') } : {}),
            ...(values['dpo-name'] !== undefined ? { dpoName: text('dpo-name') } : {}),
            ...(policyFile !== undefined ? { policy: policyFile } : {}),
          });
          print(organisation, [
            `Created ${organisationLine(organisation)} ${where}.`,
            ...placeholderWarning(organisation),
            `Next: npm run admin -- key issue --org ${organisation.id}`,
          ]);
          break;
        }
        case 'org list': {
          const organisations = await admin.listOrganisations();
          print(
            organisations,
            organisations.length === 0 ? ['No organisations.'] : organisations.map(organisationLine),
          );
          break;
        }
        case 'org show': {
          const shown = await admin.showOrganisation(text('org'));
          print(shown, [
            organisationLine(shown.organisation),
            JSON.stringify(shown.organisation.policy, null, 2),
            'Policy versions:',
            ...shown.versions.map((v) => `  ${v.version}  ${v.at}  by ${v.by}`),
            'Keys:',
            ...(shown.keys.length === 0 ? ['  none'] : shown.keys.map((key) => `  ${keyLine(key)}`)),
            'Changes:',
            ...shown.changes.map(
              (c) =>
                `  ${c.at}  ${c.action}${c.keyId ? ` ${c.keyId}` : ''}${c.replacedKeyId ? ` (replaces ${c.replacedKeyId})` : ''}` +
                `${c.policyVersion ? ` policy version ${c.policyVersion}` : ''}  by ${c.by}`,
            ),
            ...placeholderWarning(shown.organisation),
          ]);
          break;
        }
        case 'org update': {
          const version = await admin.updatePolicy(text('org'), policyFile);
          print(version, [
            `Policy of ${text('org')} is now version ${version.version} ${where}. Breaches reported from now on record it;`,
            'open breaches keep the clocks they were reported with.',
          ]);
          break;
        }
        case 'key issue': {
          const issued = await admin.issueKey(text('org'));
          print(issued, [
            `Issued ${issued.record.keyId} for ${text('org')} ${where}. The key, shown this once (only its hash is kept):`,
            '',
            `  ${issued.apiKey}`,
            '',
            'Send it as: Authorization: Bearer <key>',
          ]);
          break;
        }
        case 'key list': {
          const keys = await admin.listKeys(text('org'));
          print(keys, keys.length === 0 ? [`${text('org')} has no keys.`] : keys.map(keyLine));
          break;
        }
        case 'key revoke': {
          const revoked = await admin.revokeKey(text('org'), text('key'));
          print({ ...revoked, refusedWithinSeconds: AUTHORIZER_CACHE_SECONDS }, [
            `Revoked ${revoked.keyId} of ${text('org')} ${where}. The API refuses it on every route within ` +
              `${AUTHORIZER_CACHE_SECONDS} s (the authorizer's cache).`,
          ]);
          break;
        }
        case 'key rotate': {
          const overlap = values['overlap-minutes'] === undefined ? 0 : Number(text('overlap-minutes'));
          const rotated = await admin.rotateKey(text('org'), text('key'), overlap);
          print(rotated, [
            `Issued ${rotated.record.keyId} for ${text('org')} ${where}, replacing ${text('key')}, shown this once:`,
            '',
            `  ${rotated.apiKey}`,
            '',
            overlap === 0
              ? `${text('key')} is revoked: refused on every route within ${AUTHORIZER_CACHE_SECONDS} s.`
              : `${text('key')} keeps working until ${rotated.oldKeyUntil} (then within ${AUTHORIZER_CACHE_SECONDS} s).`,
          ]);
          break;
        }
      }
      return 0;
    } finally {
      deployment.close();
    }
  } catch (error) {
    return refuse(error, io);
  }
}

function refuse(error: unknown, io: AdminIo): number {
  const refusal = userRefusal(error);
  if (refusal) {
    io.err(refusal);
    return 1;
  }
  if (error instanceof AdminInputError) {
    io.err(
      [`${error.message}. Nothing was changed.`, ...error.issues.map((i) => `  ${i.path}: ${i.message}`)].join('\n'),
    );
    return 1;
  }
  if (
    error instanceof OrganisationNotFoundError ||
    error instanceof OrganisationExistsError ||
    error instanceof ApiKeyNotFoundError ||
    error instanceof ConcurrentChangeError
  ) {
    io.err(`${error.message}. Nothing was changed.`);
    return 1;
  }
  if (
    error instanceof DeploymentNotFoundError ||
    error instanceof StackNotFoundError ||
    error instanceof MissingStackOutputError
  ) {
    io.err(error.message);
    return 2;
  }
  io.err(`Failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  return 2;
}
