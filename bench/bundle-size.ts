import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BuildOptions, build } from 'esbuild';
import { esbuildOptions } from '../infra/bundle-options';

const root = new URL('../', import.meta.url).pathname;
const functionsDir = join(root, 'functions');
/**
 * Bundles are written inside the project so that an external `@aws-sdk/*` import resolves from node_modules; one
 * folder per process, removed when it exits, so that two runs at once (or a worktree sharing node_modules) never
 * time each other's files.
 */
const BUNDLES = join(root, 'node_modules', '.cache', 'breachdesk-bench');
export const BUNDLE_DIR = join(BUNDLES, String(process.pid));
process.once('exit', () => rmSync(BUNDLE_DIR, { recursive: true, force: true }));

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** This process's folder, after removing those of runs that were killed before they could remove their own. */
const bundleDir = (): string => {
  if (existsSync(BUNDLES)) {
    for (const entry of readdirSync(BUNDLES)) {
      if (/^\d+$/.test(entry) && !alive(Number(entry))) rmSync(join(BUNDLES, entry), { recursive: true, force: true });
    }
  }
  mkdirSync(BUNDLE_DIR, { recursive: true });
  return BUNDLE_DIR;
};

/** The esbuild options infra/constructs/base-function.ts gives NodejsFunction, with a metafile to read. */
const cdkOptions = (sdk: 'external' | 'bundled'): BuildOptions => ({
  ...esbuildOptions(sdk),
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
  /** A document function: what renders its PDF, which its floor renders one line with (DOCUMENT_FUNCTIONS). */
  readonly printing?: 'pdf-lib' | '@pdf-lib/fontkit';
  /** The bare handler importing only those clients (and printing, if it prints) and the Powertools, SDK bundled in. */
  readonly floorWithSdkBytes: number;
  /** What the required Powertools add to the bare handler (SDK bundled in). */
  readonly observabilityBytes: number;
  /** Files written for the init-time benchmark (SDK external, as deployed); functions with the same floor share its file. */
  readonly deployedFile: string;
  readonly floorFile: string;
}

/**
 * What a bare handler does with each package it cannot do without: build each SDK client once at module level, as our
 * handlers do; render one line of a PDF where printing is the function's purpose (DOCUMENT_FUNCTIONS).
 */
interface BareUse {
  import: string;
  /** An expression evaluated at module load (a client, wrapped by the Tracer unless `client: false`). */
  init: string;
  client?: false;
  /** Statements the handler runs per call, after its observability. */
  body?: string;
}

const BARE_USES: Record<string, BareUse> = {
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
  /**
   * A document function's PDF in the standard fonts (the authority report): pdf-lib, its standard fonts' metrics and
   * pako are what any PDF costs, so the floor renders one line with them. A hand-written PDF writer to beat the ratio
   * would trade a maintained library for our own.
   */
  'pdf-lib': {
    import: "import { PDFDocument, StandardFonts } from 'pdf-lib';",
    init: 'PDFDocument',
    client: false,
    body: [
      'const doc = await PDFDocument.create();',
      "doc.addPage().drawText('Breach BR-0001', { font: await doc.embedFont(StandardFonts.Helvetica) });",
      'const pdf = await doc.save();',
    ].join(' '),
  },
  /**
   * A document function that prints people's names (letters, register, board report): the design embeds a subset of
   * DejaVu Sans through fontkit so that "Grażyna" prints as written (functions/documents/letter-font.ts), and fontkit
   * (~900 KiB minified, one pre-built file esbuild cannot shake) is most of such a bundle. The floor renders one line
   * with the same font, read beside the handler as the function reads it, so the ratio measures what our code adds
   * to printing rather than the price of printing a name at all.
   */
  '@pdf-lib/fontkit': {
    import: [
      "import { readFileSync } from 'node:fs';",
      "import { createRequire as requireFrom } from 'node:module';",
      "import fontkit from '@pdf-lib/fontkit';",
      "import { PDFDocument as FontDocument } from 'pdf-lib';",
    ].join(' '),
    init: 'fontkit',
    client: false,
    body: [
      'const fontDoc = await FontDocument.create();',
      'fontDoc.registerFontkit(fontkit);',
      "const ttf = readFileSync(requireFrom(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));",
      "fontDoc.addPage().drawText('Grażyna Łukasiewicz', { font: await fontDoc.embedFont(ttf, { subset: true }) });",
      'const letter = await fontDoc.save();',
    ].join(' '),
  },
};

/**
 * The functions whose purpose is a PDF, and the bare use that stands for it in their floor. Named here, not detected
 * from a bundle: a function that carries pdf-lib without printing being its purpose (the console, for a download)
 * keeps the whole cost in its ratio. bundleFunctions checks each named function really bundles its renderer.
 */
export const DOCUMENT_FUNCTIONS: Readonly<Record<string, 'pdf-lib' | '@pdf-lib/fontkit'>> = {
  'authority-report': 'pdf-lib',
  'board-report': '@pdf-lib/fontkit',
  register: '@pdf-lib/fontkit',
  'subject-letters': '@pdf-lib/fontkit',
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
  const init = (l: BareUse) => (observed && l.client !== false ? OBSERVED.wrap(l.init) : l.init);
  return [
    ...lines.map((l) => l.import),
    ...(observed ? [OBSERVED.import] : []),
    `const clients = [${lines.map(init).join(', ')}];`,
    `export const handler = async () => { ${observed ? OBSERVED.body : ''} ${lines.map((l) => l.body ?? '').join(' ')} return { statusCode: 200, body: String(clients.length) }; };`,
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

interface Floor {
  withSdkBytes: number;
  observabilityBytes: number;
  /** The bare handler as deployed (SDK external), for the init-time benchmark: one file per distinct floor. */
  file: string;
}

/** The floors already built in this process, by what they use: most functions share one of a handful. */
const floors = new Map<string, Promise<Floor>>();

const floorOf = (uses: readonly string[]): Promise<Floor> => {
  const key = uses.join(' ');
  const cached = floors.get(key);
  if (cached) return cached;
  const stdin = { contents: bareHandler(uses), resolveDir: root, loader: 'ts' as const, sourcefile: 'bare.ts' };
  const file = join(BUNDLE_DIR, `floor-${floors.size}.bare.mjs`);
  const floor = (async (): Promise<Floor> => {
    const withSdk = await build({ ...cdkOptions('bundled'), stdin, write: false });
    const unobserved = { ...stdin, contents: bareHandler(uses, false) };
    const unobservedWithSdk = await build({ ...cdkOptions('bundled'), stdin: unobserved, write: false });
    const deployed = await build({ ...cdkOptions('external'), stdin, write: false });
    writeFileSync(file, deployed.outputFiles[0]?.contents ?? '');
    return {
      withSdkBytes: bytesOf(withSdk),
      observabilityBytes: bytesOf(withSdk) - bytesOf(unobservedWithSdk),
      file,
    };
  })();
  floors.set(key, floor);
  return floor;
};

/**
 * Bundles every functions/<name>/handler.ts (or those named) the way the CDK base function does, and a bare handler
 * that builds only the SDK clients that function imports (and, for a document function, renders one line of its PDF).
 * The size ratio compares both with the SDK bundled in: as deployed, the SDK is external and the bare handler is a few
 * hundred bytes, so the ratio would measure nothing but our code against zero; bundled, it answers the question
 * asked — what do our code, middy and zod add to the SDK we cannot avoid.
 */
export async function bundleFunctions(names: readonly string[] = functionNames()): Promise<FunctionBundle[]> {
  bundleDir();
  const results: FunctionBundle[] = [];
  for (const name of names) {
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
    const printing = DOCUMENT_FUNCTIONS[name];
    if (printing && !Object.keys(deployed.metafile?.inputs ?? {}).some((i) => i.includes(`node_modules/${printing}/`)))
      throw new Error(`${name} is a document function rendering with ${printing}, but its bundle has none of it`);
    const floorUses = [...sdkPackages, ...(printing ? [printing] : [])];
    const withSdk = await build({ ...cdkOptions('bundled'), entryPoints: [entry], write: false });
    const floor = await floorOf(floorUses);

    const deployedFile = join(BUNDLE_DIR, `${name}.mjs`);
    writeFileSync(deployedFile, deployed.outputFiles[0]?.contents ?? '');
    results.push({
      name,
      deployedBytes: bytesOf(deployed),
      withSdkBytes: bytesOf(withSdk),
      sdkPackages,
      ...(printing ? { printing } : {}),
      floorWithSdkBytes: floor.withSdkBytes,
      observabilityBytes: floor.observabilityBytes,
      deployedFile,
      floorFile: floor.file,
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
