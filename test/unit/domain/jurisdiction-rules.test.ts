import { describe, expect, it } from 'vitest';
import { loadRules, RULE_FILES, ruleFileSchema } from '../../../functions/domain/jurisdiction-rules';

const EEA = [
  'AT',
  'BE',
  'BG',
  'HR',
  'CY',
  'CZ',
  'DK',
  'EE',
  'FI',
  'FR',
  'DE',
  'GR',
  'HU',
  'IE',
  'IT',
  'LV',
  'LT',
  'LU',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SK',
  'SI',
  'ES',
  'SE',
  'IS',
  'LI',
  'NO',
];
const LAENDER = ['BW', 'BY', 'BE', 'BB', 'HB', 'HH', 'HE', 'MV', 'NI', 'NW', 'RP', 'SL', 'SN', 'ST', 'SH', 'TH'];

/** A minimal valid rule file, for the refusals below to break one field at a time. */
const aFile = () => ({
  law: 'Test law',
  authorities: [
    {
      id: 'test-authority',
      kind: 'data-protection',
      place: 'GB',
      name: 'Test authority',
      reportUrl: 'https://authority.example/report',
      languages: ['en'],
      source: { citation: 'Test Act s. 1', url: 'https://law.example/1' },
      checkedAt: '2026-12-04',
    },
  ],
  rules: [
    {
      id: 'test-rule',
      law: 'Test law',
      recipient: 'authority',
      appliesWhen: { establishedIn: ['GB'], threshold: 'risk' },
      authority: { by: 'fixed', id: 'test-authority' },
      stages: [
        {
          id: 'notification',
          label: 'Notification',
          contents: ['what happened'],
          due: { kind: 'after', from: 'awareness', hours: 72 },
          warnBeforeHours: [6],
        },
      ],
      source: { citation: 'Test Act s. 2', url: 'https://law.example/2' },
      checkedAt: '2026-12-04',
    },
  ],
});

describe('jurisdiction rules as data', () => {
  it('loads every shipped file through the schema', () => {
    for (const [name, file] of Object.entries(RULE_FILES)) {
      const result = ruleFileSchema.safeParse(file);
      expect(result.success, `${name}: ${JSON.stringify(result.error?.issues[0])}`).toBe(true);
    }
  });

  it('refuses a rule without its legal source', () => {
    const file = aFile();
    const { source: _source, ...rule } = file.rules[0]!;
    expect(() => loadRules({ broken: { ...file, rules: [rule] } })).toThrow(/rules\.0\.source/);
  });

  it('refuses a rule without the date it was checked, or with a date that is not one', () => {
    const file = aFile();
    const { checkedAt: _checked, ...rule } = file.rules[0]!;
    expect(() => loadRules({ broken: { ...file, rules: [rule] } })).toThrow(/rules\.0\.checkedAt/);
    expect(() => loadRules({ broken: { ...file, rules: [{ ...rule, checkedAt: 'last week' }] } })).toThrow(/checkedAt/);
  });

  it('refuses an authority without its source or checked date', () => {
    const file = aFile();
    const { source: _source, ...authority } = file.authorities[0]!;
    expect(() => loadRules({ broken: { ...file, authorities: [authority] } })).toThrow(/authorities\.0\.source/);
  });

  it('refuses a rule naming an authority the file does not hold', () => {
    const file = aFile();
    const rule = { ...file.rules[0]!, authority: { by: 'fixed', id: 'nobody' } };
    expect(() => loadRules({ broken: { ...file, rules: [rule] } })).toThrow(/no authority 'nobody'/);
  });

  it('accepts the minimal file, so the refusals above are about the field removed', () => {
    expect(loadRules({ ok: aFile() }).rules).toHaveLength(1);
  });

  it('gives every shipped rule a citation, a link and a checked date', () => {
    const { rules, authorities } = loadRules();
    for (const item of [...rules, ...authorities]) {
      expect(item.source.citation.length, item.id).toBeGreaterThan(5);
      expect(item.source.url).toMatch(/^https:\/\//);
      expect(item.checkedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('names a supervisory authority, with its form and language, for every EU/EEA state and every German Land', () => {
    const dpas = loadRules().authorities.filter((a) => a.kind === 'data-protection');
    for (const code of EEA.filter((c) => c !== 'DE')) {
      const authority = dpas.find((a) => a.place === code);
      expect(authority, code).toBeDefined();
      expect(authority?.languages.length).toBeGreaterThan(0);
    }
    for (const land of LAENDER)
      expect(
        dpas.find((a) => a.place === `DE-${land}`),
        land,
      ).toBeDefined();
    expect(dpas.find((a) => a.place === 'DE' && a.scope === 'federal')?.name).toContain('BfDI');
  });

  it('gives every stage of every rule a deadline the clocks can compute', () => {
    for (const rule of loadRules().rules) {
      for (const stage of rule.stages) {
        const due = stage.due;
        if (due.kind === 'after')
          expect((due.hours ?? 0) + (due.days ?? 0) + (due.months ?? 0), `${rule.id}/${stage.id}`).toBeGreaterThan(0);
        else expect(due.targetHours).toBeGreaterThan(0);
      }
    }
  });
});
