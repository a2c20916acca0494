import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { esbuildOptions } from '../../../infra/bundle-options';

/**
 * A class is bundled whole, so each function that touches the subjects table must carry only the adapters of the
 * ports it uses (domain/subject-ports.ts): the upload no claims, the SES events no erasure, the fan-out no upload.
 * Each handler is bundled as CDK bundles it (minified ESM, the SDK external), and the subject adapters that put any
 * byte into the output are the ones it wires; subject-items.ts, the layout they share, may be in any of them.
 */
const ADAPTERS = ['notice-queue', 'subject-list', 'subject-eraser', 'delivery-events'] as const;
type Adapter = (typeof ADAPTERS)[number];

const EXPECTED: Record<string, readonly Adapter[]> = {
  'add-subjects': ['subject-list'],
  console: ['subject-list'],
  'subject-letters': ['subject-list'],
  'erase-subjects': ['subject-eraser'],
  'ses-events': ['delivery-events'],
  'send-subject-notices': ['notice-queue'],
  'resolve-unconfirmed': ['notice-queue'],
};

const root = new URL('../../../', import.meta.url).pathname;

const subjectAdaptersIn = async (fn: string): Promise<Adapter[]> => {
  const { metafile } = await build({
    ...esbuildOptions(),
    entryPoints: [`functions/${fn}/handler.ts`],
    absWorkingDir: root,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const [output] = Object.values(metafile.outputs);
  const carried = Object.entries(output?.inputs ?? {}).filter(([, input]) => input.bytesInOutput > 0);
  return ADAPTERS.filter((adapter) => carried.some(([path]) => path === `functions/adapters/${adapter}.ts`));
};

describe('the subjects table adapters in each function bundle', () => {
  it.each(Object.entries(EXPECTED))('%s carries only %j', async (fn, adapters) => {
    expect(await subjectAdaptersIn(fn)).toEqual(adapters);
  });
});
