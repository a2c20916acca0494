import { type Html, html } from './html';

/**
 * A horizontal bar chart as inline SVG, drawn on the server: no script, no style attribute (the pages' CSP allows
 * neither; presentation attributes are not styles), readable at any width through its viewBox.
 *
 * Accessible as one image: `role="img"` named by its `<title>` and described by a `<desc>` that says every figure in
 * words, so a screen reader hears the data without reading shapes. Pages put a table of the same figures beside it,
 * the alternative WCAG 1.1.1 asks for when a chart carries data.
 */

export interface Bar {
  label: string;
  value: number;
}

export interface BarChartOptions {
  /** Unique on the page: the title's and the description's ids derive from it. */
  id: string;
  title: string;
  bars: readonly Bar[];
  /** How a value is said and written at its bar, e.g. `(n) => `${n} hours``. @default the number */
  format?: (value: number) => string;
  /** Said instead of the bars when there are none. A zero is a figure: it is drawn, as a bar of no length. */
  emptyText: string;
}

const WIDTH = 640;
const LABEL_WIDTH = 230;
const BAR_AREA = 330;
const ROW = 30;
const BAR = 20;
const PAD = 10;
const TEXT = '#0b0c0c';
// GOV.UK blue: 5.2:1 against white, so a bar is seen without relying on a lighter shade.
const FILL = '#1d70b8';

export const barChart = (o: BarChartOptions): Html => {
  const format = o.format ?? String;
  const titleId = `${o.id}-title`;
  const descId = `${o.id}-desc`;
  const empty = o.bars.length === 0;
  const height = empty ? 2 * PAD + ROW : 2 * PAD + ROW * o.bars.length;
  const max = Math.max(1, ...o.bars.map((bar) => bar.value));
  const description = empty ? o.emptyText : o.bars.map((bar) => `${bar.label}: ${format(bar.value)}`).join('; ');
  const rows = empty
    ? html`<text x="${WIDTH / 2}" y="${PAD + ROW / 2 + 5}" text-anchor="middle" fill="${TEXT}">${o.emptyText}</text>`
    : o.bars.map((bar, index) => {
        const y = PAD + index * ROW;
        const width = Math.round((bar.value / max) * BAR_AREA * 10) / 10;
        return html`<g><text x="${LABEL_WIDTH - 8}" y="${y + BAR / 2 + 5}" text-anchor="end" fill="${TEXT}">${bar.label}</text><rect x="${LABEL_WIDTH}" y="${y}" width="${width}" height="${BAR}" fill="${FILL}"></rect><text x="${LABEL_WIDTH + width + 6}" y="${y + BAR / 2 + 5}" fill="${TEXT}">${format(bar.value)}</text></g>`;
      });
  return html`<svg xmlns="http://www.w3.org/2000/svg" class="bd-chart" role="img" aria-labelledby="${titleId} ${descId}" viewBox="0 0 ${WIDTH} ${height}" width="100%" font-family="arial, sans-serif" font-size="15" focusable="false"><title id="${titleId}">${o.title}</title><desc id="${descId}">${description}</desc>${rows}</svg>`;
};
