import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { App } from 'aws-cdk-lib';
import { BreachdeskStack } from '../../infra/breachdesk-stack';
import { applyCompliancePacks } from '../../infra/compliance';
import { projectPath } from '../../infra/project-paths';
import { withFileLock } from '../support/file-lock';

interface CdkJson {
  readonly context: Record<string, unknown>;
}

export interface BreachdeskAppOptions {
  /**
   * Runs the AwsSolutions and Serverless packs as validation plugins of the synth, as `cdk synth` does.
   * @default false
   */
  readonly compliancePacks?: boolean;
  /**
   * Bundles every function with esbuild, as `cdk synth` does. Off, each function's asset is its source folder under
   * a hash derived from its construct path; the template is otherwise the same. Bundling 30 functions is most of a
   * synth's time: only the tests about the bundles themselves need it, through `synthWithBundling`.
   * @default false
   */
  readonly bundling?: boolean;
  /**
   * CDK's built-in CloudFormation validation (a WebAssembly rule engine that costs several seconds a synth). One test
   * keeps it on and asserts on its report (test/infra/cdk-nag.test.ts).
   * @default false
   */
  readonly cloudFormationValidation?: boolean;
  /**
   * Where the cloud assembly is written.
   * @default - a new temporary folder
   */
  readonly outdir?: string;
  /**
   * CDK context values a deploy would pass with `-c`, over cdk.json's.
   * @default - none
   */
  readonly context?: Record<string, unknown>;
}

/**
 * The app as `cdk synth` builds it: the same stack under the same feature flags from cdk.json, so that policy shapes
 * and defaults in the tests are the deployed ones. Without bundling and without the built-in CloudFormation validation
 * unless asked: building and synthesizing it then takes about a second.
 */
export const buildBreachdeskApp = ({
  compliancePacks = false,
  bundling = false,
  cloudFormationValidation = false,
  outdir,
  context: extraContext = {},
}: BreachdeskAppOptions = {}): { app: App; stack: BreachdeskStack } => {
  const { context } = JSON.parse(readFileSync(projectPath('cdk.json'), 'utf8')) as CdkJson;
  const app = new App({
    context: {
      // cdk.json has no sender address (a deploy must name its own): the tests name theirs.
      'breachdesk:senderAddress': 'breachdesk@example.org',
      ...context,
      ...extraContext,
      // What the CLI sets: each resource names its construct path, and each asset its folder in the assembly.
      'aws:cdk:enable-path-metadata': true,
      'aws:cdk:enable-asset-metadata': true,
      ...(bundling ? {} : { 'aws:cdk:bundling-stacks': [] }),
    },
    builtinCloudFormationValidation: cloudFormationValidation,
    ...(outdir ? { outdir } : {}),
  });
  const stack = new BreachdeskStack(app, 'Breachdesk');
  if (compliancePacks) applyCompliancePacks(app);
  return { app, stack };
};

// ---- the bundled synth, shared by every test file and test run that needs it ------------------------------------

/** One function of the bundled assembly. */
export interface BundledFunction {
  /** The function's logical id in the template. */
  readonly logicalId: string;
  /** Its construct path, e.g. `Breachdesk/Intake/Resource`. */
  readonly constructPath: string;
  /** The bundle Lambda runs: `<asset folder>/index.mjs` (the handler is its `handler` export). */
  readonly bundleFile: string;
  /**
   * The function's environment as the template gives it: plain strings, or CloudFormation intrinsics (`Ref`,
   * `Fn::GetAtt`, ...) for the names and ARNs of resources, which a test resolves to local stand-ins.
   */
  readonly environment: Readonly<Record<string, unknown>>;
}

export interface BundledAssembly {
  /** The cloud assembly folder (read-only: shared by every test file and run on this machine with these sources). */
  readonly directory: string;
  /** The synthesized template of the stack. */
  readonly template: Readonly<Record<string, unknown>>;
  /** Every Lambda function of the stack with its bundle. */
  readonly functions: readonly BundledFunction[];
}

/** Everything a synth reads: the app, the handlers it bundles, the ASL, the audit queries, and the locked versions. */
const SYNTH_INPUTS = ['infra', 'functions', 'statemachines', 'audit', 'cdk.json', 'package-lock.json', 'tsconfig.json'];

const filesUnder = (path: string): string[] => {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .filter((entry) => entry.name !== 'node_modules' && !entry.name.startsWith('.'))
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => filesUnder(join(path, entry.name)));
};

/** SHA-256 over the path and content of every synth input: a changed handler or construct is a new assembly. */
const sourceHash = (): string => {
  const hash = createHash('sha256');
  for (const file of SYNTH_INPUTS.flatMap((input) => filesUnder(projectPath(input)))) {
    hash
      .update(relative(projectPath('.'), file))
      .update('\0')
      .update(readFileSync(file))
      .update('\0');
  }
  return hash.digest('hex').slice(0, 24);
};

const CACHE = join(tmpdir(), 'breachdesk-bundled-synth');
/** An assembly nobody used for this long is removed by the next synth (each holds 30 bundles and their maps). */
const UNUSED_FOR_MS = 3_600_000;

const pruneUnused = (keep: string) => {
  for (const entry of existsSync(CACHE) ? readdirSync(CACHE) : []) {
    const path = join(CACHE, entry);
    if (entry === keep || entry.endsWith('.lock')) continue;
    try {
      if (Date.now() - statSync(path).mtimeMs > UNUSED_FOR_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // Removed by another run meanwhile.
    }
  }
};

interface TemplateResource {
  Type: string;
  Metadata?: Record<string, string>;
  Properties?: { Environment?: { Variables?: Record<string, unknown> } };
}

const readAssembly = (directory: string): BundledAssembly => {
  const template = JSON.parse(readFileSync(join(directory, 'Breachdesk.template.json'), 'utf8')) as {
    Resources: Record<string, TemplateResource>;
  };
  const functions = Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function')
    .map(([logicalId, resource]) => {
      const asset = resource.Metadata?.['aws:asset:path'];
      if (!asset) throw new Error(`${logicalId} has no asset folder in the bundled assembly`);
      return {
        logicalId,
        constructPath: resource.Metadata?.['aws:cdk:path'] ?? logicalId,
        bundleFile: join(directory, asset, 'index.mjs'),
        environment: resource.Properties?.Environment?.Variables ?? {},
      };
    });
  return { directory, template, functions };
};

/**
 * The stack synthesized with every function bundled as `cdk synth` bundles it, once per machine for the sources at
 * hand: the first test file to ask synthesizes (about half a minute here) under a lock while any other waits, and
 * every later file or run with the same sources reads the same assembly from the temp folder. Use it for tests about
 * the bundles themselves (what they import, that each loads with its template environment); assert on the template
 * with `buildBreachdeskApp()`, which needs no bundling.
 *
 * ```ts
 * let assembly: BundledAssembly;
 * beforeAll(async () => { assembly = await synthWithBundling(); }, 180_000);
 * it.each(...)('...', () => { for (const fn of assembly.functions) await import(fn.bundleFile) ... });
 * ```
 *
 * The assembly is shared: read it, never write into it (copy a bundle elsewhere to change it).
 */
export const synthWithBundling = async (): Promise<BundledAssembly> => {
  const key = sourceHash();
  const directory = join(CACHE, key);
  if (!existsSync(directory)) {
    mkdirSync(CACHE, { recursive: true });
    await withFileLock(
      `${directory}.lock`,
      () => {
        if (existsSync(directory)) return;
        // Written aside and renamed into place, so that no reader ever sees half an assembly.
        const partial = `${directory}.partial-${process.pid}`;
        try {
          buildBreachdeskApp({ bundling: true, outdir: partial }).app.synth();
          renameSync(partial, directory);
        } catch (error) {
          // A run that took over a lock it thought stale may have renamed its own assembly into place first.
          if (!existsSync(directory)) throw error;
        } finally {
          rmSync(partial, { recursive: true, force: true });
        }
      },
      600_000,
    );
    pruneUnused(key);
  }
  const now = new Date();
  utimesSync(directory, now, now);
  return readAssembly(directory);
};
