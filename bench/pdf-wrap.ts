import { performance } from 'node:perf_hooks';
import { PDFDocument, type PDFFont, StandardFonts } from 'pdf-lib';
import { authorityReportPdf } from '../functions/documents/authority-report-pdf';
import { wrapText } from '../functions/documents/pdf-text';
import { buildAuthorityReport } from '../functions/domain/authority-report';
import { PRESETS } from '../functions/domain/presets';
import { at, notifiedHistory, stateOf } from '../test/support/authority-histories';
import { median } from './stats';

/**
 * PDF line wrapping against text length (`npx tsx bench/pdf-wrap.ts`). Target: time in proportion to the length, up
 * to 100,000 characters, so that no text a report can hold brings a PDF function near its 10 s Lambda timeout.
 *
 * 1. wrapText alone on 1,000 / 10,000 / 100,000 characters of three shapes: one unbroken word (a description in a
 *    script the standard fonts print as '?', such as Chinese or Japanese), short words, and prose. Per-character cost
 *    should stay flat as the length grows tenfold.
 * 2. The whole authority report PDF with a 10,000-character unbroken description (the longest the schema allows):
 *    what took about two minutes before wrapping was linear.
 */

const WIDTH = 480;
const SIZE = 10;
/** Runs per figure; the fastest is kept: on a shared machine a slower run measures the neighbours, not the code. */
const RUNS = 9;
const LENGTHS = [1_000, 10_000, 100_000] as const;

const prose = (length: number): string => {
  const words = ['the', 'laptop', 'was', 'stolen', 'from', 'a', 'car', 'outside', 'school,', 'encrypted.'];
  let out = '';
  for (let i = 0; out.length < length; i += 1) out += `${words[i % words.length]} `;
  return out.slice(0, length);
};

const SHAPES: readonly (readonly [name: string, make: (length: number) => string])[] = [
  ['unbroken word', (length) => '?'.repeat(length)],
  ['short words', (length) => 'ab cd ef gh '.repeat(Math.ceil(length / 12)).slice(0, length)],
  ['prose', prose],
];

const time = (run: () => unknown): number => {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  return Math.min(...samples);
};

const wrapping = (font: PDFFont) => {
  console.log(`1. wrapText, width ${WIDTH} pt at ${SIZE} pt, fastest of ${RUNS} runs after a warm-up pass`);
  // A warm-up pass, so the first size measured does not carry the compiler's start (small inputs would look slow).
  for (const [, make] of SHAPES) for (const length of LENGTHS) wrapText(make(length), font, SIZE, WIDTH);
  const rows = SHAPES.flatMap(([shape, make]) =>
    LENGTHS.map((length) => {
      const text = make(length);
      const ms = time(() => wrapText(text, font, SIZE, WIDTH));
      return { shape, length, ms: ms.toFixed(2), 'µs per character': ((ms * 1000) / length).toFixed(3) };
    }),
  );
  console.table(rows);
  for (const [shape] of SHAPES) {
    const mine = rows.filter((row) => row.shape === shape);
    const first = Number(mine[0]?.['µs per character']);
    const last = Number(mine.at(-1)?.['µs per character']);
    console.log(
      `    ${shape}: per-character cost at 100,000 is ${(last / first).toFixed(2)}× that at 1,000 (1× = linear)`,
    );
  }
};

const authorityReport = async () => {
  const report = buildAuthorityReport({
    state: stateOf(notifiedHistory('generic', { description: '?'.repeat(10_000) }, {}, 30)),
    organisationName: 'Bench Care Ltd',
    policy: PRESETS.generic,
    phase: 'initial',
    now: new Date(at(31)),
  });
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const start = performance.now();
    await authorityReportPdf({ report, timeZone: 'Europe/London' });
    samples.push(performance.now() - start);
  }
  console.log(
    `2. Authority report PDF with a 10,000-character unbroken description: median ${median(samples).toFixed(0)} ms, ` +
      `slowest ${Math.max(...samples).toFixed(0)} ms of ${RUNS} (the function's timeout: 10,000 ms)`,
  );
};

const font = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
wrapping(font);
await authorityReport();
