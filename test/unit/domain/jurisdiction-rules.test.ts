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

  it('resolves a source named by key to the citation and link the file declares once', () => {
    const file = aFile();
    const act = { citation: 'Test Act s. 1-2', url: 'https://law.example/1-2' };
    const { rules, authorities } = loadRules({
      ok: {
        ...file,
        sources: { 'test-act': act },
        authorities: [{ ...file.authorities[0], source: 'test-act' }],
        rules: [{ ...file.rules[0], source: 'test-act' }],
      },
    });
    expect(authorities[0]?.source).toEqual(act);
    expect(rules[0]?.source).toEqual(act);
    expect(rules[0]?.checkedAt).toBe('2026-12-04');
  });

  it('refuses a source key the file does not declare, naming the file, the item and the key', () => {
    const file = aFile();
    const broken = {
      ...file,
      sources: { 'test-act': file.rules[0]?.source },
      rules: [{ ...file.rules[0], source: 'test-act' }],
      authorities: [{ ...file.authorities[0], source: 'test-akt' }],
    };
    expect(() => loadRules({ broken })).toThrow(
      "rules/broken.json: authorities.0.source: no source 'test-akt' in this file's sources",
    );
    expect(() => loadRules({ broken: { ...file, rules: [{ ...file.rules[0], source: 'anything' }] } })).toThrow(
      "rules/broken.json: rules.0.source: no source 'anything' in this file's sources",
    );
  });

  it('refuses a declared source that nothing cites, and a source that is neither a key nor a citation with a link', () => {
    const file = aFile();
    const unused = { ...file, sources: { 'test-act': file.rules[0]?.source } };
    expect(() => loadRules({ broken: unused })).toThrow("sources.test-act: source 'test-act' is cited by nothing here");
    const badUrl = { ...file, rules: [{ ...file.rules[0], source: { citation: 'Test Act', url: 'law.example' } }] };
    expect(() => loadRules({ broken: badUrl })).toThrow(/rules\.0\.source\.url: .*must be a URL/);
    const notASource = { ...file, rules: [{ ...file.rules[0], source: 33 }] };
    expect(() => loadRules({ broken: notASource })).toThrow(
      "rules.0.source: must be the key of one of the file's sources, or a citation and url",
    );
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

  it('gives the authorities that share a source the one the file declares', () => {
    const { authorities } = loadRules();
    const edpb = {
      citation: 'GDPR Art. 51; EDPB list of members',
      url: 'https://www.edpb.europa.eu/about-edpb/about-edpb/members_en',
    };
    expect(authorities.find((a) => a.id === 'cnil-fr')?.source).toEqual(edpb);
    expect(authorities.filter((a) => a.source.url === edpb.url).length).toBeGreaterThanOrEqual(29);
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
