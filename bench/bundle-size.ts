import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const functionsDir = new URL('../functions/', import.meta.url).pathname;

/** Bundles every functions/<name>/handler.ts the way the CDK base function does and reports the output size. */
export async function bundleSizes(): Promise<{ name: string; bytes: number }[]> {
  const names = readdirSync(functionsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(functionsDir, d.name, 'handler.ts')))
    .map((d) => d.name)
    .sort();
  const results = [];
  for (const name of names) {
    const out = await build({
      entryPoints: [join(functionsDir, name, 'handler.ts')],
      bundle: true,
      minify: true,
      platform: 'node',
      target: 'node24',
      format: 'esm',
      mainFields: ['module', 'main'],
      // As NodejsFunction does for Node.js 18+ runtimes: the SDK v3 ships with the Lambda runtime.
      external: ['@aws-sdk/*'],
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const bytes = out.outputFiles.reduce((n, f) => n + f.contents.byteLength, 0);
    results.push({ name, bytes });
  }
  return results;
}
