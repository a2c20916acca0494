import { describe, expect, it } from 'vitest';
import { authorityReportText } from '../../../functions/documents/authority-report-text';
import { buildAuthorityReport } from '../../../functions/domain/authority-report';
import { buildNewBreachMail } from '../../../functions/domain/mail/new-breach';
import { PRESETS } from '../../../functions/domain/presets';
import { CAUSES, DATA_CATEGORIES, DISCOVERY_CHANNELS, SUBJECT_CATEGORIES } from '../../../functions/domain/report';
import { validateCsvRow } from '../../../functions/domain/subject-csv-row';
import { noticeSections } from '../../../functions/domain/subject-notice';
import { VOCABULARY, type VocabularyKind, wordsFor } from '../../../functions/domain/vocabulary';
import { words } from '../../../functions/pages/labels';
import { COLUMN_GUIDE, rowProblems } from '../../../functions/pages/subjects-upload-page';
import { decisionEvent, PLAN_AUTHORITY, reportedEvents, stateOf } from '../../support/authority-histories';

const kinds = Object.keys(VOCABULARY) as VocabularyKind[];
const everyValue = kinds.flatMap((kind) => VOCABULARY[kind][0].map((value) => [kind, value] as const));
/** Codes a person must never read: every enum value written with a hyphen, the way the record holds it. */
const hyphenatedCodes = [...new Set(everyValue.map(([, value]) => value as string))].filter((v) => v.includes('-'));

const rawCodesIn = (text: string): string[] =>
  hyphenatedCodes.filter((code) => new RegExp(`(^|[^a-z-])${code}([^a-z-]|$)`).test(text));

describe('the vocabulary', () => {
  it.each(everyValue)('has words of its own for %s %s, not its code', (kind, value) => {
    const table = VOCABULARY[kind][1] as Record<string, string>;
    expect(Object.hasOwn(table, value)).toBe(true);
    const text = wordsFor(kind, value as never);
    expect(text.trim().length).toBeGreaterThan(0);
    expect(rawCodesIn(text)).toEqual([]);
  });

  it('gives each value of a list its own words, so two values never read the same', () => {
    for (const kind of kinds) {
      const [values, table] = VOCABULARY[kind];
      const texts = values.map((value) => (table as Record<string, string>)[value]);
      expect(new Set(texts).size, kind).toBe(values.length);
    }
  });

  it('turns any code a page holds as a plain string into the words of one of its lists', () => {
    for (const [, value] of everyValue) {
      const candidates = kinds.flatMap((kind) => {
        const table = VOCABULARY[kind][1] as Record<string, string>;
        return Object.hasOwn(table, value) ? [table[value]] : [];
      });
      expect(candidates).toContain(words(value));
    }
  });
});

/** A breach that holds every data category, every kind of person and the given cause: every code a text can show. */
const everything = (cause: (typeof CAUSES)[number], channel: (typeof DISCOVERY_CHANNELS)[number]) =>
  stateOf([
    ...reportedEvents('school', {
      dataCategories: [...DATA_CATEGORIES],
      subjectCategories: [...SUBJECT_CATEGORIES],
      cause: { category: cause },
      discovery: { channel },
      recovery: 'deleted-confirmed',
      responsibleRole: 'senior-manager',
    }),
    decisionEvent(
      'decide',
      20,
      { conclusion: 'authority-only', rationale: 'The recipient is a parent at the same school; risk remains.' },
      PLAN_AUTHORITY,
    ),
  ]);

describe('no code reaches a person raw', () => {
  it.each(CAUSES.map((cause, index) => [cause, DISCOVERY_CHANNELS[index % DISCOVERY_CHANNELS.length]] as const))(
    'in the authority report, the new-breach mail and the notice, for a breach caused by %s',
    (cause, channel) => {
      const state = everything(cause, channel ?? 'staff');
      const policy = PRESETS.school;
      const report = buildAuthorityReport({
        state,
        organisationName: 'St Clare’s',
        policy,
        phase: 'initial',
        now: new Date('2025-03-04T09:00:00Z'),
      });
      const mail = buildNewBreachMail({ breach: state, policy, breachUrl: 'https://example.org/b' });
      const notice = noticeSections({ state, organisationName: 'St Clare’s', policy });
      const noticeText = [
        notice.heading,
        ...notice.sections.flatMap((s) => [s.heading, ...s.paragraphs, ...(s.list ?? [])]),
      ].join('\n');

      expect(rawCodesIn(authorityReportText(report, policy.timeZone))).toEqual([]);
      expect(rawCodesIn(mail.text)).toEqual([]);
      expect(rawCodesIn(noticeText)).toEqual([]);
    },
  );

  it('in the upload guide and the problems of a CSV row the console lists', () => {
    const row = validateCsvRow({
      name: 'Ella Brown',
      representative_name: 'Sam Brown',
      representative_relationship: 'aunt',
    });
    const problems = row.ok ? [] : rowProblems([{ line: 2, errors: row.errors }], 1, '#file').map((p) => p.text);

    expect(problems).toHaveLength(1);
    expect(rawCodesIn(problems.join('\n'))).toEqual([]);
    expect(
      rawCodesIn(
        Object.values(COLUMN_GUIDE)
          .map((column) => column.what)
          .join('\n'),
      ),
    ).toEqual([]);
  });
});
