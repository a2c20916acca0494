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

  it('imports zod/mini as a namespace: its named export `z` is the whole library, which no bundler can shake', () => {
    const whole = runtimeFiles
      .filter((file) => /import\s*\{[^}]*\bz\b[^}]*\}\s*from\s*'zod\/mini'/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file));
    expect(whole).toEqual([]);
  });

  it('answers in English, field by field', () => {
    const result = breachReportSchema.safeParse({ description: '' });
    const description = result.error?.issues.find((issue) => issue.path.join('.') === 'description');
    expect(description?.message).toBe('description must not be empty');
  });

  it("says which field is missing, in our words, never the library's", () => {
    const result = breachReportSchema.safeParse({ description: 'A laptop was stolen.' });
    const messages = new Map(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message]));

    expect(messages.get('reporter')).toBe('reporter is required');
    expect(messages.get('awareAt')).toBe('awareAt is required');
    for (const message of messages.values()) {
      expect(message).not.toMatch(/Invalid input|expected .*, received|Too (small|big)|Invalid option/);
    }
  });

  it.each([
    [{ approximateSubjects: -1 }, 'approximateSubjects', 'approximateSubjects must be at least 0'],
    [{ approximateSubjects: 'many' }, 'approximateSubjects', 'approximateSubjects must be a number'],
    [{ awareAt: 'yesterday' }, 'awareAt', /^awareAt must be a date and time/],
    [{ recovery: 'maybe' }, 'recovery', /^recovery must be one of 'recovered', /],
    [{ occurred: { kind: 'sometime' } }, 'occurred.kind', /^occurred\.kind must be one of 'unknown', 'at', /],
    [{ breachTypes: [] }, 'breachTypes', 'at least one breach type is required'],
  ])('words %j as a person would read it', (input, path, expected) => {
    const result = breachReportSchema.safeParse(input);
    const message = result.error?.issues.find((issue) => issue.path.join('.') === path)?.message;
    expect(message).toMatch(expected);
  });
});
