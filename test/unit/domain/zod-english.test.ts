import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { breachReportSchema } from '../../../functions/domain/report';

/**
 * zod/mini loads no locale: a schema module that parses without functions/domain/zod-english.ts loaded first answers
 * "Invalid input" to every mistake, and callers lose their field-level messages. Every module that imports zod/mini
 * imports it for its side effect; and nothing imports classic zod, which would bring its 420 KiB back into bundles.
 */

const root = new URL('../../../', import.meta.url).pathname;
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
const runtimeFiles = ['functions', 'local', 'infra'].flatMap((dir) => sources(join(root, dir)));
/** Imports that run (type-only imports are erased): [, from, side effect]. */
const importsOf = (file: string) => [
  ...readFileSync(file, 'utf8').matchAll(/^import (?!type )[^;]*?from '([^']+)'|^import '([^']+)'/gms),
];

describe('zod in the runtime code', () => {
  it('loads the English messages wherever zod/mini is imported', () => {
    const users = runtimeFiles.filter((file) => importsOf(file).some((m) => m[1] === 'zod/mini'));
    expect(users.length).toBeGreaterThan(10);
    const withoutEnglish = users
      .filter((file) => !file.endsWith('zod-english.ts'))
      .filter((file) => !importsOf(file).some((m) => m[2]?.endsWith('zod-english')))
      .map((file) => relative(root, file));
    expect(withoutEnglish).toEqual([]);
  });

  it('never imports classic zod, whose API does not tree-shake', () => {
    const classic = runtimeFiles
      .filter((file) => importsOf(file).some((m) => m[1] === 'zod' || m[1] === 'zod/v4'))
      .map((file) => relative(root, file));
    expect(classic).toEqual([]);
  });

  it('answers in English, field by field', () => {
    const result = breachReportSchema.safeParse({ description: '' });
    const description = result.error?.issues.find((issue) => issue.path.join('.') === 'description');
    expect(description?.message).toBe('Too small: expected string to have >=1 characters');
  });
});
