import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { CfnResource } from 'aws-cdk-lib';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { environmentOf, FUNCTION_NAMES, type FunctionName } from '../../functions/manifest';
import type { BreachdeskStack } from '../../infra/breachdesk-stack';
import { projectPath } from '../../infra/project-paths';
import { LOCAL_REGION, localConfigValues, NOT_LOCAL } from '../../local/runtime';
import { type BundledAssembly, buildBreachdeskApp, synthWithBundling } from './synth';

/**
 * Every synthesized bundle, loaded as Lambda loads it: a fresh `node` importing the bundle with only the environment
 * the template gives that function (its tokens resolved to values of the same kind) and what Lambda itself provides.
 * A handler that reads a key its function is not given fails here, as it would on its first invocation on AWS.
 */

const execute = promisify(execFile);
type Resources = Record<string, { Properties: Record<string, unknown> }>;

let stack: BreachdeskStack;
let assembly: BundledAssembly;
let template: Template;
let workDir: string;

beforeAll(async () => {
  // The construct tree names each function's logical id; the bundles come from the one bundled synth of these sources.
  ({ stack } = buildBreachdeskApp());
  template = Template.fromStack(stack);
  assembly = await synthWithBundling();
  workDir = mkdtempSync(join(tmpdir(), 'bundles-'));
}, 600_000);

afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

const logicalIdOf = (construct: { node: { defaultChild?: unknown } }): string =>
  Stack.of(stack).resolve(Stack.of(stack).getLogicalId(construct.node.defaultChild as CfnResource)) as string;

/** The function's environment as the template writes it. */
const templateEnvironment = (name: FunctionName): Record<string, unknown> => {
  const resource = (template.findResources('AWS::Lambda::Function') as Resources)[logicalIdOf(stack.functions[name])];
  const environment = resource?.Properties.Environment as { Variables?: Record<string, unknown> } | undefined;
  return environment?.Variables ?? {};
};

/**
 * A CloudFormation value as the deployed function would see it: a Ref or GetAtt becomes a name or ARN-like string, a
 * Join is joined, and a Secrets Manager dynamic reference becomes a value as long as the secret generates (48).
 */
const resolveValue = (value: unknown): string => {
  if (typeof value === 'string') {
    return value.includes('{{resolve:secretsmanager:') ? 'k'.repeat(48) : value;
  }
  if (typeof value === 'object' && value !== null) {
    if ('Ref' in value) {
      const id = String(value.Ref);
      const type = (template.toJSON().Resources as Record<string, { Type: string }>)[id]?.Type;
      // What Ref returns for each: an ARN for these, a name or id for the rest.
      if (type === 'AWS::StepFunctions::StateMachine')
        return `arn:aws:states:eu-west-2:123456789012:stateMachine:${id}`;
      if (type === 'AWS::SecretsManager::Secret') return `arn:aws:secretsmanager:eu-west-2:123456789012:secret:${id}`;
      return `resolved-${id.replace(/^AWS::/, '')}`;
    }
    if ('Fn::GetAtt' in value) {
      const [id, attribute] = value['Fn::GetAtt'] as [string, string];
      return `arn:aws:resolved:eu-west-2:123456789012:${id}/${attribute}`;
    }
    if ('Fn::Join' in value) {
      const [separator, parts] = value['Fn::Join'] as [string, unknown[]];
      return parts.map(resolveValue).join(separator);
    }
    if ('Fn::Select' in value || 'Fn::Split' in value) return 'resolved-select';
  }
  throw new Error(`cannot resolve ${JSON.stringify(value)}`);
};

/** What the Lambda runtime itself sets for every function (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html). */
const lambdaProvided = (name: FunctionName): Record<string, string> => ({
  AWS_REGION: 'eu-west-2',
  AWS_DEFAULT_REGION: 'eu-west-2',
  AWS_LAMBDA_FUNCTION_NAME: `Breachdesk-${name}-ABC123`,
  AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
  AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'example',
  AWS_SESSION_TOKEN: 'example',
  LAMBDA_TASK_ROOT: '/var/task',
  TZ: ':UTC',
  LANG: 'en_US.UTF-8',
  PATH: process.env.PATH ?? '/usr/bin:/bin',
});

/** The bundle's folder copied beside a node_modules that stands for the runtime's own SDK. */
const stageBundle = (name: FunctionName): string => {
  const logicalId = logicalIdOf(stack.functions[name]);
  const bundled = assembly.functions.find((fn) => fn.logicalId === logicalId);
  if (!bundled) throw new Error(`${name} (${logicalId}) is not in the bundled assembly`);
  const target = join(workDir, name);
  cpSync(dirname(bundled.bundleFile), target, { recursive: true });
  symlinkSync(projectPath('node_modules'), join(target, 'node_modules'));
  return target;
};

describe('synthesized bundles', () => {
  it.each(FUNCTION_NAMES)(
    '%s loads with only its template environment',
    async (name) => {
      const dir = stageBundle(name);
      const environment = Object.fromEntries(
        Object.entries(templateEnvironment(name)).map(([key, value]) => [key, resolveValue(value)]),
      );
      const script = `const m = await import(${JSON.stringify(join(dir, 'index.mjs'))}); if (typeof m.handler !== 'function') throw new Error('no handler');`;

      const run = execute(process.execPath, ['--input-type=module', '-e', script], {
        env: { ...environment, ...lambdaProvided(name) },
        cwd: dir,
      });

      await expect(
        run.catch((error: { stderr?: string }) => Promise.reject(new Error(error.stderr))),
      ).resolves.toBeDefined();
    },
    60_000,
  );

  it.each(FUNCTION_NAMES)('%s gets the same configuration keys in local mode as in its template', (name) => {
    const local = environmentOf(
      name,
      localConfigValues({
        tableName: 'breachdesk-local',
        stateMachineArn: `arn:aws:states:${LOCAL_REGION}:000000000000:stateMachine:local`,
        publicBaseUrl: 'http://127.0.0.1:3000/v1',
        // Only the keys are compared: no key file is read.
        csrfKeyFile: '/nonexistent/csrf-key',
      }),
    );
    const { NODE_OPTIONS: _platform, ...withExtension } = templateEnvironment(name);
    // The Parameters and Secrets extension's own settings: its layer reads them, the handler does not.
    const deployed = Object.fromEntries(
      Object.entries(withExtension).filter(
        ([key]) => !/^(PARAMETERS_SECRETS_EXTENSION|SECRETS_MANAGER|SSM_PARAMETER_STORE)_/.test(key),
      ),
    );

    const expected = Object.keys(deployed).filter((key) => !(key in NOT_LOCAL));
    expect(Object.keys(local).sort()).toEqual(expected.sort());
  });
});
