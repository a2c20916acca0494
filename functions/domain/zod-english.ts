import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/**
 * zod's English messages ("Too small: expected string to have >=1 characters"), which callers read in every
 * problem+json field error. Classic `zod` loads them on import; `zod/mini` loads no locale and would answer
 * "Invalid input" to everything. The setting is global, so it must run before anything parses: every module that
 * imports 'zod/mini' imports this one for its side effect (`import './zod-english'`).
 *
 * A side-effect import rather than a module re-exporting a configured `z`: esbuild tree-shakes `import * as z from
 * 'zod/mini'` down to the functions a file uses (about 18 KiB for a small schema), but a namespace re-exported from
 * here is kept whole (about 420 KiB, as much as classic zod), which is what the move to zod/mini is to avoid.
 */
config(en());
