import { describe, expect, it } from 'vitest';
import { assessBreach } from '../../../functions/domain/assessment';
import { REQUIRED_ELEMENTS, TEMPLATE_FIELDS } from '../../../functions/domain/notice-template-override';
import { loadNoticeTemplates, NOTICE_TEMPLATES } from '../../../functions/domain/notice-templates';
import { type OrganisationPolicy, organisationPolicySchema } from '../../../functions/domain/policy';
import { PRESETS } from '../../../functions/domain/presets';
import type { BreachReport } from '../../../functions/domain/report';
import euGdpr from '../../../functions/domain/rules/notice-templates/eu-gdpr.en.json' with { type: 'json' };
import unitedKingdom from '../../../functions/domain/rules/notice-templates/uk-gdpr.en-GB.json' with { type: 'json' };
import { type NoticeCase, renderSubjectNotice } from '../../../functions/domain/subject-notice';
import { aReport } from '../../support/event-fixtures';

/** The notice's words as data: one template per jurisdiction and language, which an organisation may reword. */

const noticeFor = (report: Partial<BreachReport>, policy: OrganisationPolicy = PRESETS.generic): NoticeCase => {
  const full = aReport({ cause: { category: 'misdirected-email' }, dataCategories: ['financial'], ...report });
  return {
    state: { breachId: 'BR-7K3M-9QXD-2F8A-1C4E', report: full, assessment: assessBreach(full, policy), decisions: {} },
    organisationName: 'Riverside Care',
    policy,
  };
};
const ada = { name: 'Ada Lovelace', email: 'ada@example.org' };

describe('the notice templates', () => {
  it('ship UK GDPR in en-GB, EU GDPR for Ireland in en-IE, Germany in German, and an EU fallback in English', () => {
    expect(NOTICE_TEMPLATES.map((t) => [t.jurisdiction, t.language, t.places])).toEqual([
      ['UK GDPR', 'en-GB', ['GB']],
      ['EU GDPR (Ireland)', 'en-IE', ['IE']],
      ['EU GDPR (Germany)', 'de', ['DE']],
      ['EU GDPR', 'en', []],
    ]);
  });

  it('each carry every element Art. 34(2) requires, in words, with a source and the date it was checked', () => {
    const required = Object.values(REQUIRED_ELEMENTS).flat();
    for (const template of NOTICE_TEMPLATES) {
      for (const field of [...TEMPLATE_FIELDS, ...required]) {
        expect(template.fields[field].trim().length, `${template.language} ${field}`).toBeGreaterThan(1);
      }
      expect(template.source.url).toMatch(/^https:\/\//);
      expect(template.checkedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('refuses a template file without a required element, or without its source, naming what is missing', () => {
    const { 'whatHappened.foundOut': _dropped, ...fields } = euGdpr.fields;
    const { source: _source, ...unsourced } = euGdpr;

    expect(() => loadNoticeTemplates({ broken: { ...euGdpr, fields } })).toThrow(
      'rules/notice-templates/broken.json: fields.whatHappened.foundOut:',
    );
    expect(() => loadNoticeTemplates({ unsourced })).toThrow('rules/notice-templates/unsourced.json: source:');
  });

  it('take the words of the file they are based on, changing only those they give, with their own source', () => {
    const [uk, eu] = loadNoticeTemplates({ 'uk-gdpr.en-GB': unitedKingdom, 'eu-gdpr.en': euGdpr });

    expect(uk?.fields).toEqual({ ...eu?.fields, law: 'the UK GDPR' });
    expect(uk?.causes).toEqual(eu?.causes);
    expect(uk?.advice).toEqual(eu?.advice);
    expect(uk?.source.url).toMatch(/^https:\/\/ico\.org\.uk\//);
    expect(eu?.source.url).toMatch(/^https:\/\/eur-lex\.europa\.eu\//);
    expect([uk?.language, uk?.places]).toEqual(['en-GB', ['GB']]);
  });

  it('refuses a based-on file without its own source, or based on a file that is missing or itself based on another', () => {
    const { source: _source, ...unsourced } = unitedKingdom;

    expect(() => loadNoticeTemplates({ unsourced, 'eu-gdpr.en': euGdpr })).toThrow(
      'rules/notice-templates/unsourced.json: source:',
    );
    expect(() => loadNoticeTemplates({ 'uk-gdpr.en-GB': unitedKingdom })).toThrow(
      'rules/notice-templates/uk-gdpr.en-GB.json: basedOn: "eu-gdpr.en" is not a template file written out in full',
    );
    expect(() =>
      loadNoticeTemplates({
        'eu-gdpr.en': euGdpr,
        'uk-gdpr.en-GB': unitedKingdom,
        chained: { ...unitedKingdom, basedOn: 'uk-gdpr.en-GB' },
      }),
    ).toThrow(
      'rules/notice-templates/chained.json: basedOn: "uk-gdpr.en-GB" is not a template file written out in full',
    );
  });
});

describe('the notice in the people’s language', () => {
  it('renders German for a case whose people all live in Germany, and the UK GDPR English otherwise', () => {
    const german = renderSubjectNotice(noticeFor({ peopleIn: [{ place: 'DE-BE', subjects: 40 }] }), ada);
    const mixed = renderSubjectNotice(
      noticeFor({
        peopleIn: [
          { place: 'GB', subjects: 30 },
          { place: 'DE-BE', subjects: 10 },
        ],
      }),
      ada,
    );

    expect(german.subject).toBe(
      'Wichtig: Eine Datenpanne bei Riverside Care kann Ihre personenbezogenen Daten betreffen',
    );
    expect(german.text).toContain('Guten Tag Ada Lovelace,');
    expect(german.text).toContain('Eine E-Mail wurde an die falsche Person geschickt');
    expect(german.text).toContain('Was das für Sie bedeuten kann');
    expect(german.text).toContain('Ihre Bank fragt Sie nie nach Ihrer vollständigen PIN');
    expect(german.text).toContain('Unser Aktenzeichen: BR-7K3M-9QXD-2F8A-1C4E');
    expect(german.text).toContain('nach Artikel 34 der Datenschutz-Grundverordnung (DSGVO)');
    expect(german.text).toMatch(
      /Wir haben am (Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag), \d+\. \S+ \d{4} davon erfahren/,
    );
    expect(german.text).not.toContain('What happened');

    expect(mixed.text).toContain('What happened');
    expect(mixed.text).toContain('Article 34 of the UK GDPR');
  });

  it('names the GDPR for an organisation established in Ireland', () => {
    const irish = { ...PRESETS.generic, jurisdiction: { establishments: ['IE'] } } as OrganisationPolicy;
    const { text } = renderSubjectNotice(noticeFor({}, irish), ada);

    expect(text).toContain('Article 34 of the GDPR');
    expect(text).not.toContain('UK GDPR');
  });
});

describe('an organisation’s own wording', () => {
  const policyWith = (noticeTemplates: unknown) =>
    organisationPolicySchema.safeParse({ ...PRESETS.generic, noticeTemplates });

  it('shows up in the notice: a reworded heading, a reworded piece of advice, one removed', () => {
    const parsed = policyWith([
      {
        language: 'en-GB',
        fields: {
          'whatHappened.heading': 'What went wrong',
          'advice.financial': 'Call your bank on the number on the back of your card.',
          'consequences.financial': null,
        },
      },
    ]);
    expect(parsed.success).toBe(true);
    const { text } = renderSubjectNotice(noticeFor({}, parsed.data as OrganisationPolicy), ada);

    expect(text).toContain('What went wrong');
    expect(text).not.toContain('What happened');
    expect(text).toContain('Call your bank on the number on the back of your card.');
    expect(text).not.toContain('Someone could try to use your financial details');
  });

  it('is refused when it removes a required element, with the element named', () => {
    const parsed = policyWith([
      { language: 'en-GB', fields: { 'whatHappened.foundOut': null, 'contact.heading': ' ' } },
    ]);

    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      [
        'noticeTemplates.0.fields.whatHappened.foundOut',
        "'whatHappened.foundOut' carries the nature of the breach (Art. 34(2)), which Art. 34(2) requires in every notice: reword it, do not remove it",
      ],
      [
        'noticeTemplates.0.fields.contact.heading',
        "'contact.heading' carries the contact point (Art. 33(3)(b)), which Art. 34(2) requires in every notice: reword it, do not remove it",
      ],
    ]);
  });

  it('is refused for a field the template does not have', () => {
    const parsed = policyWith([{ language: 'de', fields: { 'whatHapened.heading': 'Was geschah' } }]);

    expect(parsed.error?.issues[0]?.message).toBe("'whatHapened.heading' is not a field of the notice template");
  });
});
