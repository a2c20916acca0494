import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BuildOptions, build } from 'esbuild';

const root = new URL('../', import.meta.url).pathname;
const functionsDir = join(root, 'functions');
/** Bundles are written inside the project so that an external `@aws-sdk/*` import resolves from node_modules. */
export const BUNDLE_DIR = join(root, 'node_modules', '.cache', 'breachdesk-bench');

/** The esbuild options infra/constructs/base-function.ts gives NodejsFunction (ESM, node24, minified). */
const cdkOptions = (sdk: 'external' | 'bundled'): BuildOptions => ({
  bundle: true,
  minify: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  mainFields: ['module', 'main'],
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  // As NodejsFunction does for Node.js 18+ runtimes: the SDK v3 ships with the Lambda runtime.
  ...(sdk === 'external' ? { external: ['@aws-sdk/*'] } : {}),
  metafile: true,
  logLevel: 'silent',
});

export interface FunctionBundle {
  readonly name: string;
  /** As deployed: the SDK left to the Lambda runtime. */
  readonly deployedBytes: number;
  /** The same bundle with the SDK clients it imports bundled in. */
  readonly withSdkBytes: number;
  /** The AWS SDK packages the function imports (what its bare floor imports). */
  readonly sdkPackages: readonly string[];
  /** The bare handler importing only those clients and the required Powertools, SDK bundled in. */
  readonly floorWithSdkBytes: number;
  /** What the required Powertools add to the bare handler (SDK bundled in). */
  readonly observabilityBytes: number;
  /** Files written for the init-time benchmark (SDK external, as deployed). */
  readonly deployedFile: string;
  readonly floorFile: string;
}

/** What a bare handler does with each SDK package: build its client once at module level, as our handlers do. */
const BARE_USES: Record<string, { import: string; init: string; client?: false }> = {
  '@aws-sdk/client-dynamodb': {
    import: "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
    init: 'new DynamoDBClient({})',
  },
  '@aws-sdk/lib-dynamodb': {
    import:
      "import { DynamoDBClient as DdbForDoc } from '@aws-sdk/client-dynamodb'; import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
    init: 'DynamoDBDocumentClient.from(new DdbForDoc({}))',
  },
  '@aws-sdk/client-sesv2': {
    import: "import { SESv2Client } from '@aws-sdk/client-sesv2';",
    init: 'new SESv2Client({})',
  },
  '@aws-sdk/client-sfn': { import: "import { SFNClient } from '@aws-sdk/client-sfn';", init: 'new SFNClient({})' },
  '@aws-sdk/client-s3': { import: "import { S3Client } from '@aws-sdk/client-s3';", init: 'new S3Client({})' },
  '@aws-sdk/s3-request-presigner': {
    import: "import { getSignedUrl } from '@aws-sdk/s3-request-presigner';",
    init: 'getSignedUrl',
    client: false,
  },
  '@aws-sdk/client-cognito-identity-provider': {
    import: "import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';",
    init: 'new CognitoIdentityProviderClient({})',
  },
};

/**
 * The observability every function must carry (Powertools Logger, Metrics and Tracer on its SDK clients), done as
 * the Powertools documentation shows: part of the floor, since a function without it is not the one the design asks
 * for. Its cost (mostly the X-Ray SDK the Tracer brings) is printed apart as `observability`.
 */
const OBSERVED = {
  import: [
    "import { Logger } from '@aws-lambda-powertools/logger';",
    "import { Metrics } from '@aws-lambda-powertools/metrics';",
    "import { Tracer } from '@aws-lambda-powertools/tracer';",
    "const logger = new Logger({ serviceName: 'bare' });",
    "const metrics = new Metrics({ namespace: 'Bare', serviceName: 'bare' });",
    "const tracer = new Tracer({ serviceName: 'bare' });",
  ].join('\n'),
  wrap: (init: string) => `tracer.captureAWSv3Client(${init})`,
  body: 'logger.info("bare"); metrics.publishStoredMetrics();',
};

const bareHandler = (packages: readonly string[], observed = true): string => {
  const lines = packages.map((p) => {
    const use = BARE_USES[p];
    if (!use) throw new Error(`no bare use for ${p}: add it to BARE_USES`);
    return use;
  });
  const init = (l: { init: string; client?: false }) =>
    observed && l.client !== false ? OBSERVED.wrap(l.init) : l.init;
  return [
    ...lines.map((l) => l.import),
    ...(observed ? [OBSERVED.import] : []),
    `const clients = [${lines.map(init).join(', ')}];`,
    `export const handler = async () => { ${observed ? OBSERVED.body : ''} return { statusCode: 200, body: String(clients.length) }; };`,
  ].join('\n');
};

const sdkPackageOf = (path: string): string | undefined => /^(@aws-sdk\/[^/]+)/.exec(path)?.[1];

const bytesOf = (result: { outputFiles?: { contents: Uint8Array }[] }): number =>
  (result.outputFiles ?? []).reduce((n, f) => n + f.contents.byteLength, 0);

export const functionNames = (): string[] =>
  readdirSync(functionsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(functionsDir, d.name, 'handler.ts')))
    .map((d) => d.name)
    .sort();

/**
 * Bundles every functions/<name>/handler.ts the way the CDK base function does, and a bare handler that builds only
 * the SDK clients that function imports. The size ratio compares both with the SDK bundled in: as deployed, the SDK
 * is external and the bare handler is a few hundred bytes, so the ratio would measure nothing but our code against
 * zero; bundled, it answers the question asked — what do our code, middy and zod add to the SDK we cannot avoid.
 */
export async function bundleFunctions(): Promise<FunctionBundle[]> {
  mkdirSync(BUNDLE_DIR, { recursive: true });
  const results: FunctionBundle[] = [];
  for (const name of functionNames()) {
    const entry = join(functionsDir, name, 'handler.ts');
    const deployed = await build({ ...cdkOptions('external'), entryPoints: [entry], write: false });
    const sdkPackages = [
      ...new Set(
        Object.values(deployed.metafile?.outputs ?? {})
          .flatMap((o) => o.imports)
          .filter((i) => i.external)
          .map((i) => sdkPackageOf(i.path))
          .filter((p): p is string => p !== undefined),
      ),
    ].sort();
    const withSdk = await build({ ...cdkOptions('bundled'), entryPoints: [entry], write: false });
    const bare = bareHandler(sdkPackages);
    const stdin = { contents: bare, resolveDir: root, loader: 'ts' as const, sourcefile: `${name}-bare.ts` };
    const floorWithSdk = await build({ ...cdkOptions('bundled'), stdin, write: false });
    const unobserved = { ...stdin, contents: bareHandler(sdkPackages, false) };
    const unobservedWithSdk = await build({ ...cdkOptions('bundled'), stdin: unobserved, write: false });
    const floorDeployed = await build({ ...cdkOptions('external'), stdin, write: false });

    const deployedFile = join(BUNDLE_DIR, `${name}.mjs`);
    const floorFile = join(BUNDLE_DIR, `${name}.bare.mjs`);
    writeFileSync(deployedFile, deployed.outputFiles[0]?.contents ?? '');
    writeFileSync(floorFile, floorDeployed.outputFiles[0]?.contents ?? '');
    results.push({
      name,
      deployedBytes: bytesOf(deployed),
      withSdkBytes: bytesOf(withSdk),
      sdkPackages,
      floorWithSdkBytes: bytesOf(floorWithSdk),
      observabilityBytes: bytesOf(floorWithSdk) - bytesOf(unobservedWithSdk),
      deployedFile,
      floorFile,
    });
  }
  return results;
}

/** The heaviest inputs of one function's bundle (SDK external), for explaining a ratio. */
export async function heaviestInputs(name: string, top = 6): Promise<{ input: string; bytes: number }[]> {
  const result = await build({
    ...cdkOptions('external'),
    entryPoints: [join(functionsDir, name, 'handler.ts')],
    write: false,
  });
  const inputs = Object.values(result.metafile?.outputs ?? {}).flatMap((o) => Object.entries(o.inputs));
  const byPackage = new Map<string, number>();
  for (const [path, { bytesInOutput }] of inputs) {
    const key = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? 'our code';
    byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput);
  }
  return [...byPackage.entries()]
    .map(([input, bytes]) => ({ input, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, top);
}
