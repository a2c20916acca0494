import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BundledAssembly, synthWithBundling } from './synth';

/**
 * The one test of the synthesized bundles themselves (every other CDK test synthesizes without bundling): each
 * function's asset is an ES module bundle with its source map, and it imports nothing the Lambda runtime lacks —
 * Node's own modules and the AWS SDK v3 that the runtime ships, everything else bundled in.
 */

let assembly: BundledAssembly;

beforeAll(async () => {
  assembly = await synthWithBundling();
}, 600_000);

/**
 * Every module a bundle loads (static and dynamic imports, re-exports, `require` calls), as esbuild's parser reads
 * them: the bundle is parsed again with everything external, and the metafile lists what it imports.
 */
const specifiersOf = async (bundleFile: string): Promise<Set<string>> => {
  const { metafile } = await build({
    entryPoints: [bundleFile],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'node',
    external: ['*'],
    logLevel: 'silent',
  });
  return new Set(Object.values(metafile.inputs).flatMap((input) => input.imports.map((i) => i.path)));
};

const NODE = new Set(builtinModules);
const providedByLambda = (specifier: string) =>
  specifier.startsWith('node:') || NODE.has(specifier) || specifier.startsWith('@aws-sdk/');

describe('the bundled functions', () => {
  it('bundles every function of the stack', () => {
    expect(assembly.functions.length).toBeGreaterThanOrEqual(30);
  });

  it('gives each an ES module bundle with a source map and a handler export', () => {
    for (const fn of assembly.functions) {
      expect(existsSync(fn.bundleFile), fn.constructPath).toBe(true);
      expect(existsSync(`${fn.bundleFile}.map`), fn.constructPath).toBe(true);
      expect(readFileSync(fn.bundleFile, 'utf8'), fn.constructPath).toMatch(/export\s*\{[^}]*\bas handler\b[^}]*\}/);
    }
  });

  it('leaves out nothing but what the Lambda runtime provides: Node built-ins and the AWS SDK', async () => {
    const missing: string[] = [];
    for (const fn of assembly.functions) {
      for (const specifier of await specifiersOf(fn.bundleFile)) {
        if (!providedByLambda(specifier)) missing.push(`${fn.constructPath}: ${specifier}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('keeps the AWS SDK external, as the runtime provides it', async () => {
    const intake = assembly.functions.find((fn) => fn.constructPath.startsWith('Breachdesk/Intake/'));
    expect(intake).toBeDefined();
    expect(await specifiersOf(intake?.bundleFile ?? '')).toContain('@aws-sdk/client-dynamodb');
  });
});
