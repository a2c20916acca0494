import { describe, expect, it } from 'vitest';
import { publicNoticeText } from '../../../functions/documents/public-notice';
import { assessBreach } from '../../../functions/domain/assessment';
import { PRESETS } from '../../../functions/domain/presets';
import type { BreachReport } from '../../../functions/domain/report';
import { validateCsvRow } from '../../../functions/domain/subject-csv-row';
import {
  fillNotice,
  type NoticeCase,
  noticeTemplateParts,
  personalParts,
  renderSubjectNotice,
} from '../../../functions/domain/subject-notice';
import { deliveryOf, letterAddressOf, validateSubject } from '../../../functions/domain/subjects';
import { aReport } from '../../support/event-fixtures';

const noticeFor = (report: Partial<BreachReport>, preset: keyof typeof PRESETS = 'generic'): NoticeCase => {
  const full = aReport({ description: 'Jo Bloggs at 4 Elm Street received the list.', ...report });
  return {
    state: {
      breachId: 'BR-7K3M-9QXD-2F8A-1C4E',
      report: full,
      assessment: assessBreach(full, PRESETS[preset]),
      decisions: {},
    },
    organisationName: 'Riverside Care',
    policy: PRESETS[preset],
  };
};

const ada = { name: 'Ada Lovelace', email: 'ada@example.org' };

describe('the notice to a person affected', () => {
  it('says what happened, what it could mean, what was done, what to do and whom to contact, in plain words', () => {
    const { text, subject } = renderSubjectNotice(noticeFor({ cause: { category: 'misdirected-email' } }), ada);

    expect(subject).toBe('Important: a data breach at Riverside Care may affect your personal information');
    expect(text).toContain('Dear Ada Lovelace,');
    expect(text).toContain('an e-mail was sent to the wrong person');
    for (const heading of ['What happened', 'What this could mean for you', 'What we have done', 'What you can do']) {
      expect(text).toContain(heading);
    }
    expect(text).toContain('Who to contact');
    expect(text).toContain(PRESETS.generic.dpo.name);
    expect(text).toContain('Our reference: BR-7K3M-9QXD-2F8A-1C4E');
  });

  it("gives the DPO's postal address among the contacts when the policy has one, on one line", () => {
    const notice = noticeFor({});
    const withAddress = {
      ...notice,
      policy: { ...notice.policy, dpo: { ...notice.policy.dpo, postalAddress: '1 Quay Street\nWorcester WR1 2JN' } },
    };

    expect(renderSubjectNotice(withAddress, ada).text).toContain('Postal address: 1 Quay Street, Worcester WR1 2JN');
    expect(renderSubjectNotice(notice, ada).text).not.toContain('Postal address');
  });

  it("never carries the record's free text, which may name other people", () => {
    const { text, html } = renderSubjectNotice(noticeFor({}), ada);

    expect(text).not.toContain('Jo Bloggs');
    expect(html).not.toContain('Elm Street');
  });

  it.each([
    ['credentials', 'Change your password'],
    ['financial', 'Check your bank and card statements'],
    ['property-access-codes', 'The access code to your home is being changed'],
    ['identity-documents', 'credit record'],
    ['contact-details', 'We will never ask you for a password'],
    ['health', 'If you are worried or upset'],
  ] as const)('advises on %s data', (category, advice) => {
    const { text } = renderSubjectNotice(noticeFor({ dataCategories: [category] }), ada);

    expect(text).toContain(advice);
  });

  it('tells the social-care representative why they receive it, and that the access codes are being changed', () => {
    const notice = noticeFor({ dataCategories: ['property-access-codes'] }, 'social-care');
    const { text } = renderSubjectNotice(notice, {
      name: 'Bert Jones',
      representative: { name: 'Carol Jones', email: 'carol@example.org', relationship: 'next-of-kin' },
    });

    expect(text).toContain('Dear Carol Jones,');
    expect(text).toContain('You are receiving this because you support Bert Jones as their next of kin.');
    expect(text).toContain('We are changing the access codes that were at risk.');
  });

  it('renders the same mail from the SES template parts as in one go, with names escaped in the HTML', () => {
    const notice = noticeFor({ dataCategories: ['financial'] });
    const person = { name: 'Zoë <script>O’Brien</script>' };

    const filled = fillNotice(noticeTemplateParts(notice), personalParts(person, notice.organisationName));

    expect(filled).toEqual(renderSubjectNotice(notice, person));
    expect(filled.html).toContain('Zoë &lt;script&gt;O’Brien&lt;/script&gt;');
    expect(filled.html).not.toContain('<script>');
  });

  it('makes a public notice from the same sections for those it cannot reach one by one', () => {
    const text = publicNoticeText(noticeFor({ subjectCategories: ['customers'], dataCategories: ['financial'] }));

    expect(text).toContain('Riverside Care has had a personal data breach that may affect our customers.');
    expect(text).toContain('Check your bank and card statements');
    expect(text).not.toContain('Jo Bloggs');
  });
});

describe('a person on the list', () => {
  it('needs an e-mail address or a postal address', () => {
    expect(validateSubject({ name: 'Ada' })).toEqual({
      ok: false,
      errors: [{ field: 'email', message: 'an e-mail address or a postal address is required' }],
    });
    expect(validateSubject({ name: 'Ada', postalAddress: '1 High St, Leeds' }).ok).toBe(true);
  });

  it('names the CSV column of each problem, including a representative without a relationship or address', () => {
    const result = validateCsvRow({
      name: 'Bert',
      email: 'not-an-address',
      representative_name: 'Carol',
      representative_relationship: 'cousin',
    });

    expect(result.ok).toBe(false);
    const fields = result.ok ? [] : result.errors.map((e) => e.field);
    expect(fields).toEqual(['email', 'representative_relationship']);
    const unreachable = validateCsvRow({
      name: 'Bert',
      representative_name: 'Carol',
      representative_relationship: 'attorney',
    });
    expect(unreachable.ok ? [] : unreachable.errors.map((e) => e.field)).toEqual(['representative_email']);
  });

  it("accepts a representative reachable only at their own postal address, and takes it from the CSV's own column", () => {
    const row = validateCsvRow({
      name: 'Fenna Goh',
      representative_name: 'Gus Goh',
      representative_relationship: 'attorney',
      representative_postal_address: 'Goh & Partners, 12 High Street, Worcester WR1 2HH',
    });

    expect(row).toEqual({
      ok: true,
      subject: {
        name: 'Fenna Goh',
        representative: {
          name: 'Gus Goh',
          relationship: 'attorney',
          postalAddress: 'Goh & Partners, 12 High Street, Worcester WR1 2HH',
        },
      },
    });
    if (row.ok) {
      expect(letterAddressOf(row.subject)).toBe('Goh & Partners, 12 High Street, Worcester WR1 2HH');
      expect(deliveryOf(row.subject)).toEqual({ channel: 'letter' });
    }
    expect(
      validateSubject({
        name: 'Fenna Goh',
        representative: { name: 'Gus Goh', relationship: 'attorney', postalAddress: '12 High Street, Worcester' },
      }).ok,
    ).toBe(true);
  });

  it("writes to the representative at the person's address when the representative has none of their own", () => {
    const subject = {
      name: 'Dmitri Ebbesen',
      postalAddress: '31 Orchard Close, Stourport-on-Severn',
      representative: { name: 'Ellen Ebbesen', relationship: 'next-of-kin' as const },
    };
    expect(validateSubject(subject).ok).toBe(true);
    expect(letterAddressOf(subject)).toBe('31 Orchard Close, Stourport-on-Severn');
    expect(
      letterAddressOf({ ...subject, representative: { ...subject.representative, postalAddress: '2 Elm Row' } }),
    ).toBe('2 Elm Row');
  });

  it('names the relationships in words, never as codes, when a CSV row has one it does not know', () => {
    const result = validateCsvRow({
      name: 'Ella Brown',
      representative_name: 'Sam Brown',
      representative_email: 'sam@example.org',
      representative_relationship: 'aunt',
    });

    expect(result).toEqual({
      ok: false,
      errors: [
        {
          field: 'representative_relationship',
          message:
            'must be one of: parent, carer, guardian, next of kin, attorney (lasting power of attorney), care professional or representative',
        },
      ],
    });
    const message = result.ok ? '' : (result.errors[0]?.message ?? '');
    expect(message).not.toMatch(/next-of-kin|care-professional|\bother\b/);
  });

  it.each([
    ['Next of kin', 'next-of-kin'],
    ['next-of-kin', 'next-of-kin'],
    ['Care  Professional', 'care-professional'],
    ['Attorney (lasting power of attorney)', 'attorney'],
    ['representative', 'other'],
    ['Other', 'other'],
  ] as const)('reads the relationship %s, as the guide words it or as its code, as %s', (cell, relationship) => {
    const result = validateCsvRow({
      name: 'Ella Brown',
      representative_name: 'Sam Brown',
      representative_email: 'sam@example.org',
      representative_relationship: cell,
    });
    expect(result.ok ? result.subject.representative?.relationship : result.errors).toBe(relationship);
  });

  it('names the representative_postal_address column for a problem in it', () => {
    const result = validateCsvRow({
      name: 'Fenna Goh',
      representative_name: 'Gus Goh',
      representative_relationship: 'attorney',
      representative_postal_address: 'x'.repeat(1001),
    });
    expect(result.ok ? [] : result.errors.map((e) => e.field)).toContain('representative_postal_address');
  });
});
