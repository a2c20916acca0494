import { describe, expect, it } from 'vitest';
import { barChart } from '../../../functions/pages/svg-chart';

describe('barChart', () => {
  it('draws one bar per value, scaled to the largest, named and described for a screen reader', () => {
    const svg = barChart({
      id: 'causes',
      title: 'Breaches by cause',
      bars: [
        { label: 'Phishing', value: 4 },
        { label: 'Lost device', value: 2 },
      ],
      format: (n) => `${n} breaches`,
      emptyText: 'No breaches',
    }).value;
    expect(svg).toContain('role="img" aria-labelledby="causes-title causes-desc"');
    expect(svg).toContain('<title id="causes-title">Breaches by cause</title>');
    expect(svg).toContain('<desc id="causes-desc">Phishing: 4 breaches; Lost device: 2 breaches</desc>');
    const widths = [...svg.matchAll(/<rect [^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths).toEqual([330, 165]);
    expect(svg).not.toMatch(/style=|<script/);
  });

  it('escapes labels and titles, so a cause or a text cannot become markup', () => {
    const svg = barChart({
      id: 'x',
      title: 'Mine & <yours>',
      bars: [{ label: '</text><script>alert(1)</script>', value: 1 }],
      emptyText: 'none',
    }).value;
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;/text&gt;&lt;script&gt;');
    expect(svg).toContain('Mine &amp; &lt;yours&gt;');
  });

  it('says so, in the picture and its description, when there is nothing to draw', () => {
    const svg = barChart({ id: 'e', title: 'Per month', bars: [], emptyText: 'No breaches in this period' }).value;
    expect(svg).not.toContain('<rect');
    expect(svg).toContain('<desc id="e-desc">No breaches in this period</desc>');
    expect(svg).toMatch(/<text [^>]*>No breaches in this period<\/text>/);
  });

  it('draws a zero as a figure, never as “nothing to draw”', () => {
    const svg = barChart({
      id: 'z',
      title: 'Median hours',
      bars: [{ label: 'To contain', value: 0 }],
      emptyText: 'none',
    }).value;
    expect(svg).toContain('<desc id="z-desc">To contain: 0</desc>');
    expect(svg).toMatch(/<rect [^>]*width="0"/);
  });
});
