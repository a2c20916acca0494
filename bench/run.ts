import { bundleSizes } from './bundle-size';

// Benchmarks print figures; they never pass or fail a build (timing on shared machines is noisy).
const results = await bundleSizes();
console.log('\nFunction bundles (esbuild, minified ESM, node24, as CDK bundles them)');
console.table(results.map((r) => ({ function: r.name, bytes: r.bytes, KiB: (r.bytes / 1024).toFixed(1) })));
