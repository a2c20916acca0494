import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/** The package's `breachdesk-admin` command runs the CLI as `npm run admin` does. */

const run = promisify(execFile);
const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  bin: Record<string, string>;
};

describe('the breachdesk-admin bin', () => {
  it('prints the usage', async () => {
    const bin = new URL(`../../${packageJson.bin['breachdesk-admin']}`, import.meta.url);

    const { stdout } = await run(process.execPath, [bin.pathname, '--help']);

    expect(stdout).toContain('Usage: npm run admin -- <command> [options]');
  });

  it('exits 2 and says why when local mode is not running', async () => {
    const bin = new URL(`../../${packageJson.bin['breachdesk-admin']}`, import.meta.url);

    const failure = await run(process.execPath, [
      bin.pathname,
      'org',
      'list',
      '--local-info',
      '/nonexistent/local.json',
    ]).catch((error: { code: number; stderr: string }) => error);

    expect(failure).toMatchObject({ code: 2, stderr: expect.stringContaining('local mode is not running') });
  });
});
