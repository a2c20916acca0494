/**
 * How every function is bundled, in esbuild's own terms: infra/constructs/base-function.ts hands these to
 * NodejsFunction, and the bundle benchmark (bench/bundle-size.ts) and the bundle tests build with the same, so what
 * is measured and checked is what is deployed. Plain data: importing it loads no CDK.
 */
export const BUNDLE_OPTIONS = {
  format: 'esm',
  target: 'node24',
  // Prefer the ES module build of each dependency so esbuild can tree-shake it.
  mainFields: ['module', 'main'],
  // CommonJS dependencies bundled into an ES module still call `require`; give them one.
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  minify: true,
} as const;

/**
 * The esbuild build options of a handler as NodejsFunction builds it for a Node.js 18+ runtime: the SDK v3 left
 * external, since the Lambda runtime ships it; `sdk: 'bundled'` bundles it in too (for comparing sizes).
 */
export const esbuildOptions = (sdk: 'external' | 'bundled' = 'external') => ({
  ...BUNDLE_OPTIONS,
  mainFields: [...BUNDLE_OPTIONS.mainFields],
  banner: { js: BUNDLE_OPTIONS.banner },
  bundle: true,
  platform: 'node' as const,
  ...(sdk === 'external' ? { external: ['@aws-sdk/*'] } : {}),
});
