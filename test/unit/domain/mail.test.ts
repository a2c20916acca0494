import { describe, expect, it } from 'vitest';
import { buildDeadlineAlertMail } from '../../../functions/domain/mail/deadline-alert';
import { buildDecisionRequestMail, type DecisionStep } from '../../../functions/domain/mail/decision-request';
import {
  escapeHtml,
  formatMailTime,
  MailContentError,
  type MailMessage,
  summarise,
} from '../../../functions/domain/mail/message';
import { buildNewBreachMail } from '../../../functions/domain/mail/new-breach';
import { recipientsFor } from '../../../functions/domain/mail/recipients';
import { buildStepFailedMail } from '../../../functions/domain/mail/step-failed';
import {
  DEFAULT_CLOCKS,
  type OrganisationPolicy,
  type OrganisationPolicyInput,
  organisationPolicySchema,
} from '../../../functions/domain/policy';
import type { BreachReport } from '../../../functions/domain/report';
import { aReport } from '../../support/event-fixtures';

const BREACH_ID = 'br-7f3a9c';
const BREACH_URL = 'https://breachdesk.example.org/breaches/br-7f3a9c';

const aPolicy = (overrides: Partial<OrganisationPolicyInput> = {}): OrganisationPolicy =>
  organisationPolicySchema.parse({
    preset: 'test',
    sector: 'school',
    role: 'controller',
    timeZone: 'Europe/Paris',
    dpo: { name: 'Dana Officer', email: 'dpo@school.example.org' },
    escalation: [
      {
        name: 'Chair of Governors',
        email: 'governors@school.example.org',
        group: 'governors',
        when: 'head-responsible',
      },
      { name: 'Head of SLT', email: 'slt@school.example.org', group: 'slt', when: 'always' },
      { name: 'Board Secretary', email: 'board@school.example.org', group: 'board', when: 'deadline-missed' },
      { name: 'Senior Manager', email: 'senior@school.example.org', group: 'senior-management', when: 'severity-high' },
    ],
    supervisoryAuthority: { name: "Information Commissioner's Office" },
    clocks: DEFAULT_CLOCKS.map((clock) => ({ ...clock, warnBeforeHours: [...clock.warnBeforeHours] })),
    severityScale: 'levels-0-4',
    duties: [],
    otherParties: [],
    ...overrides,
  });

/** Every fact here is distinctive, so that a leak into a subject line cannot pass unnoticed. */
const DATA_SUBJECT_FACTS = {
  reporterName: 'Zebedee Quartermaine',
  reporterEmail: 'zebedee.quartermaine@staff-mail.example',
  reporterPhone: '07700 900461',
  description: 'The medical notes of Xanthippe Ravensworth were left on the bus by Zebedee.',
  location: 'Honeysuckle Lane annexe',
};

const aDistinctiveReport = (overrides: Partial<BreachReport> = {}): BreachReport =>
  aReport({
    reporter: {
      anonymised: false,
      name: DATA_SUBJECT_FACTS.reporterName,
      email: DATA_SUBJECT_FACTS.reporterEmail,
      phone: DATA_SUBJECT_FACTS.reporterPhone,
      role: 'teacher',
    },
    description: DATA_SUBJECT_FACTS.description,
    location: DATA_SUBJECT_FACTS.location,
    awareAt: '2025-07-01T10:00:00Z',
    occurred: { kind: 'at', at: '2025-07-01T08:00:00Z' },
    cause: { category: 'lost-paper', detail: 'Left by Zebedee on the number 42 bus' },
    dataCategories: ['health'],
    ...overrides,
  });

const newBreach = (report = aDistinctiveReport(), policy = aPolicy()) =>
  buildNewBreachMail({
    breach: { breachId: BREACH_ID, report, reportedAt: '2025-07-01T11:00:00Z', channel: 'form' },
    policy,
    breachUrl: BREACH_URL,
  });

const decisionRequest = (step: DecisionStep, policy = aPolicy()): MailMessage => {
  const base = {
    breachId: BREACH_ID,
    policy,
    url: 'https://breachdesk.example.org/console/decisions/abc123secret',
    expiresAt: '2025-07-04T10:00:00Z',
    requestedAt: '2025-07-01T12:00:00Z',
    awareAt: '2025-07-01T10:00:00Z',
  };
  return step === 'decide'
    ? buildDecisionRequestMail({
        ...base,
        step,
        recommendation: {
          conclusion: 'authority-and-subjects',
          rationale: ['health data (Art. 9)', 'not encrypted', 'recipient unknown'],
          riskLevel: 'high-risk',
        },
      })
    : buildDecisionRequestMail({ ...base, step });
};

const authorityDeadline = {
  clockId: 'authority' as const,
  label: 'Notification to the supervisory authority',
  dueAt: '2025-07-04T10:00:00Z',
};

const warning = (policy = aPolicy()) =>
  buildDeadlineAlertMail({
    breachId: BREACH_ID,
    policy,
    mark: 'warning',
    deadline: authorityDeadline,
    now: '2025-07-04T04:00:00Z',
    breachUrl: BREACH_URL,
  });

const missed = (policy = aPolicy()) =>
  buildDeadlineAlertMail({
    breachId: BREACH_ID,
    policy,
    mark: 'missed',
    deadline: authorityDeadline,
    now: '2025-07-04T10:00:05Z',
    breachUrl: BREACH_URL,
  });

const stepFailed = (overrides: { step?: string; error?: string } = {}) =>
  buildStepFailedMail({
    breachId: BREACH_ID,
    policy: aPolicy(),
    step: overrides.step ?? 'NotifySubjects',
    error: overrides.error ?? 'States.Timeout',
    failedAt: '2025-07-02T09:15:00Z',
    executionArn: 'arn:aws:states:eu-west-2:123456789012:execution:breach-lifecycle:br-7f3a9c',
    awareAt: '2025-07-01T10:00:00Z',
    breachUrl: BREACH_URL,
  });

const everyMessage = (): [string, MailMessage][] => [
  ['new breach', newBreach()],
  ...(['contain', 'decide', 'notify-authority', 'notify-subjects', 'evaluate', 'close'] as const).map(
    (step): [string, MailMessage] => [`decision request (${step})`, decisionRequest(step)],
  ),
  ['deadline warning', warning()],
  ['deadline missed', missed()],
  ['step failed', stepFailed()],
];

describe('DPO mail subjects', () => {
  it.each(everyMessage())('%s: carries the breach reference and no fact about people', (_, message) => {
    // Assess
    expect(message.subject).toContain(BREACH_ID);
    expect(message.subject).not.toMatch(/[\r\n]/);
    const subject = message.subject.toLowerCase();
    for (const fact of [...Object.values(DATA_SUBJECT_FACTS), 'Zebedee', 'Xanthippe', 'Ravensworth', 'teacher']) {
      expect(subject).not.toContain(fact.toLowerCase());
    }
    expect(subject).not.toContain('@');
    expect(subject).not.toContain('health');
  });

  it('keeps CR and LF from a step name out of the subject', () => {
    // Act
    const message = stepFailed({ step: 'Assess\r\nBcc: attacker@example.com' });

    // Assess
    expect(message.subject).toBe(`Breach ${BREACH_ID}: workflow step failed – unknown step`);
    expect(message.text).not.toContain('attacker@example.com');
  });
});

describe('DPO mail bodies', () => {
  it.each(everyMessage())('%s: has a text part and a self-contained HTML part', (_, message) => {
    // Assess
    expect(message.text.length).toBeGreaterThan(100);
    expect(message.html.startsWith('<!DOCTYPE html><html lang="en">')).toBe(true);
    expect(message.html).toContain(`<title>`);
    for (const external of ['<img', '<link', '<script', '<style', 'src=', 'url(']) {
      expect(message.html).not.toContain(external);
    }
    expect(message.text).toContain('https://breachdesk.example.org/');
    expect(message.tags.breachId).toBe(BREACH_ID);
  });

  it('escapes markup from free-text fields in the HTML part', () => {
    // Prepare
    const report = aDistinctiveReport({
      reporter: { anonymised: false, name: '<b onmouseover="x()">Mallory</b>' },
      description: 'Exported <script>alert("x")</script> & <img src=x onerror=alert(1)> to a USB stick',
      cause: { category: 'other', detail: '"><iframe src="https://evil.example">' },
    });

    // Act
    const message = newBreach(report);

    // Assess
    expect(message.html).not.toContain('<script>');
    expect(message.html).not.toContain('<img');
    expect(message.html).not.toContain('<iframe');
    expect(message.html).not.toContain('<b onmouseover');
    expect(message.html).toContain('Exported &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img');
    expect(message.html).toContain('&lt;b onmouseover=&quot;x()&quot;&gt;Mallory&lt;/b&gt;');
    // Plain text needs no escaping: the DPO reads what the reporter wrote.
    expect(message.text).toContain('<script>alert("x")</script>');
  });

  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('refuses a link that is not http(s)', () => {
    // Act
    const build = () =>
      buildDeadlineAlertMail({
        breachId: BREACH_ID,
        policy: aPolicy(),
        mark: 'missed',
        deadline: authorityDeadline,
        now: '2025-07-04T11:00:00Z',
        breachUrl: 'javascript:alert(1)',
      });

    // Assess
    expect(build).toThrow(MailContentError);
  });
});

describe('times in mail', () => {
  it('shows a time in the organisation zone with its name, and in UTC', () => {
    expect(formatMailTime('2025-07-04T10:00:00Z', 'Europe/Paris')).toBe(
      'Friday 4 July 2025, 12:00 CEST (Europe/Paris); 10:00 UTC',
    );
  });

  it('repeats the date in UTC when it differs from the local date', () => {
    expect(formatMailTime('2025-03-04T23:30:00Z', 'Europe/Paris')).toBe(
      'Wednesday 5 March 2025, 00:30 CET (Europe/Paris); Tuesday 4 March 2025, 23:30 UTC',
    );
  });

  it('shortens long free text at a word boundary', () => {
    const summary = summarise('word '.repeat(300), 50);
    expect(summary.length).toBeLessThanOrEqual(51);
    expect(summary.endsWith('word…')).toBe(true);
  });
});

describe('new-breach mail', () => {
  it('says what happened, who reported it, when the organisation became aware and the three deadlines', () => {
    // Act
    const message = newBreach();

    // Assess
    expect(message.subject).toBe(`Breach ${BREACH_ID}: new personal data breach reported`);
    expect(message.tags).toEqual({ kind: 'new-breach', breachId: BREACH_ID });
    expect(message.text).toContain(DATA_SUBJECT_FACTS.description);
    expect(message.text).toContain('Tuesday 1 July 2025, 12:00 CEST (Europe/Paris); 10:00 UTC');
    expect(message.text).toContain(
      'Initial assessment of harm: Wednesday 2 July 2025, 12:00 CEST (Europe/Paris); 10:00 UTC',
    );
    expect(message.text).toContain(
      'Internal investigation report with severity: Thursday 3 July 2025, 12:00 CEST (Europe/Paris); 10:00 UTC',
    );
    expect(message.text).toContain(
      'Notification to the supervisory authority: Friday 4 July 2025, 12:00 CEST (Europe/Paris); 10:00 UTC',
    );
    expect(message.text).toContain('Data involved: health');
    expect(message.text).toContain(BREACH_URL);
    expect(message.html).toContain(`href="${BREACH_URL}"`);
  });

  it("gives a named reporter's contact details to the DPO", () => {
    // Act
    const message = newBreach();

    // Assess
    expect(message.text).toContain(`Reported by: ${DATA_SUBJECT_FACTS.reporterName} (teacher)`);
    expect(message.text).toContain(`Reporter e-mail: ${DATA_SUBJECT_FACTS.reporterEmail}`);
    expect(message.text).toContain(`Reporter phone: ${DATA_SUBJECT_FACTS.reporterPhone}`);
  });

  it('keeps an anonymised report anonymous', () => {
    // Act
    const message = newBreach(aDistinctiveReport({ reporter: { anonymised: true, role: 'support staff' } }));

    // Assess
    expect(message.text).toContain('Reported by: anonymised report (role: support staff)');
    expect(message.text).not.toContain('Reporter e-mail');
    expect(message.text).not.toContain(DATA_SUBJECT_FACTS.reporterEmail);
    expect(message.html).not.toContain(DATA_SUBJECT_FACTS.reporterEmail);
  });

  it('marks deadlines that had already passed when the breach was reported', () => {
    // Prepare: reported four days after awareness
    const report = aDistinctiveReport({ awareAt: '2025-06-27T10:00:00Z', occurred: { kind: 'unknown' } });

    // Act
    const message = newBreach(report);

    // Assess
    expect(message.text).toContain('Notification to the supervisory authority: Monday 30 June 2025, 12:00 CEST');
    expect(message.text).toMatch(/Monday 30 June 2025, 12:00 CEST \(Europe\/Paris\); 10:00 UTC \(already passed\)/);
  });
});

describe('decision-request mail', () => {
  it('carries the recommendation and its rationale when the step is the decision', () => {
    // Act
    const message = decisionRequest('decide');

    // Assess
    expect(message.subject).toBe(`Breach ${BREACH_ID}: action needed – notification decision`);
    expect(message.tags).toEqual({ kind: 'decision-request', breachId: BREACH_ID });
    expect(message.text).toContain('Recommendation: Notify the supervisory authority and the affected people');
    expect(message.text).toContain('Why: health data (Art. 9); not encrypted; recipient unknown');
    expect(message.text).toContain('Risk to people: A high risk to people');
  });

  it('says the link opens the sign-in, is single-use, and when it expires, in the organisation zone', () => {
    // Act
    const message = decisionRequest('contain');

    // Assess
    expect(message.text).toContain('https://breachdesk.example.org/console/decisions/abc123secret');
    expect(message.text).toContain('Sign in to record this step: it is recorded in your name');
    expect(message.text).toContain(
      'The link works once and expires on Friday 4 July 2025, 12:00 CEST (Europe/Paris); 10:00 UTC.',
    );
    expect(message.text).not.toContain('Recommendation');
    expect(message.html).toContain('href="https://breachdesk.example.org/console/decisions/abc123secret"');
  });

  it.each([
    ['contain', 'Record how the breach is contained'],
    ['notify-authority', 'Notify the supervisory authority'],
    ['notify-subjects', 'Tell the affected people'],
    ['evaluate', 'Evaluate the breach'],
    ['close', 'Close the breach'],
  ] as const)('asks for the %s step in plain words', (step, heading) => {
    expect(decisionRequest(step).text).toContain(heading);
  });
});

describe('deadline-alert mail', () => {
  it('warns how many hours are left before the mark, in the organisation zone', () => {
    // Act
    const message = warning();

    // Assess
    expect(message.tags).toEqual({ kind: 'deadline-warning', breachId: BREACH_ID });
    expect(message.subject).toBe(`Breach ${BREACH_ID}: 6 hours left – Notification to the supervisory authority`);
    expect(message.text).toContain(
      '6 hours left before Notification to the supervisory authority at Friday 4 July 2025, 12:00 CEST (Europe/Paris); 10:00 UTC.',
    );
  });

  it('counts from the moment it is sent, so a late warning tells the truth', () => {
    // Act
    const message = buildDeadlineAlertMail({
      breachId: BREACH_ID,
      policy: aPolicy(),
      mark: 'warning',
      deadline: authorityDeadline,
      now: '2025-07-04T09:20:00Z',
      breachUrl: BREACH_URL,
    });

    // Assess
    expect(message.text).toContain('Less than an hour left before Notification to the supervisory authority');
  });

  it('does not claim time is left when the warning is sent after its deadline', () => {
    // Act
    const message = buildDeadlineAlertMail({
      breachId: BREACH_ID,
      policy: aPolicy(),
      mark: 'warning',
      deadline: authorityDeadline,
      now: '2025-07-07T10:00:00Z',
      breachUrl: BREACH_URL,
    });

    // Assess
    expect(message.tags).toEqual({ kind: 'deadline-warning', breachId: BREACH_ID });
    expect(message.subject).toBe(`Breach ${BREACH_ID}: deadline passed – Notification to the supervisory authority`);
    expect(message.text).not.toMatch(/left before/i);
    expect(message.text).toContain('must give the reasons for the delay (Art. 33(1))');
  });

  it('says a missed authority mark is not met and that a late notification must give reasons (Art. 33(1))', () => {
    // Act
    const message = missed();

    // Assess
    expect(message.tags).toEqual({ kind: 'deadline-missed', breachId: BREACH_ID });
    expect(message.subject).toBe(`Breach ${BREACH_ID}: deadline missed – Notification to the supervisory authority`);
    expect(message.text).toContain(
      'Notification to the supervisory authority was due at Friday 4 July 2025, 12:00 CEST (Europe/Paris); 10:00 UTC and is not met.',
    );
    expect(message.text).toContain('must give the reasons for the delay (Art. 33(1))');
  });

  it('tells what to do for a missed internal report', () => {
    // Act
    const message = buildDeadlineAlertMail({
      breachId: BREACH_ID,
      policy: aPolicy(),
      mark: 'missed',
      deadline: { clockId: 'internal-report', label: 'Internal report', dueAt: '2025-07-03T10:00:00Z' },
      now: '2025-07-03T10:00:01Z',
      breachUrl: BREACH_URL,
    });

    // Assess
    expect(message.text).toContain('Complete the internal investigation report with its severity level now');
    expect(message.text).not.toContain('Art. 33(1)');
  });
});

describe('step-failed mail', () => {
  it('names the breach and the step and tells the DPO what to do', () => {
    // Act
    const message = stepFailed();

    // Assess
    expect(message.subject).toBe(`Breach ${BREACH_ID}: workflow step failed – NotifySubjects`);
    expect(message.tags).toEqual({ kind: 'step-failed', breachId: BREACH_ID });
    expect(message.text).toContain('Error: States.Timeout');
    expect(message.text).toContain('take it by hand');
    expect(message.text).toContain('Notification to the supervisory authority: Friday 4 July 2025');
  });

  it('shows an error name but never free text that came with the error', () => {
    // Act
    const message = stepFailed({ error: 'Could not send to zebedee.quartermaine@staff-mail.example' });

    // Assess
    expect(message.text).toContain('Error: not given');
    expect(message.text).not.toContain('zebedee');
  });
});

describe('recipientsFor', () => {
  const policy = aPolicy();

  it('addresses the DPO and copies the always-contacts on every kind', () => {
    expect(recipientsFor('new-breach', policy)).toEqual({
      to: ['dpo@school.example.org'],
      cc: ['slt@school.example.org'],
    });
  });

  it('copies the governors when the head is responsible', () => {
    expect(recipientsFor('decision-request', policy, { responsibleRole: 'head' }).cc).toEqual([
      'governors@school.example.org',
      'slt@school.example.org',
    ]);
    expect(recipientsFor('decision-request', policy, { responsibleRole: 'staff' }).cc).not.toContain(
      'governors@school.example.org',
    );
  });

  it('copies deadline-missed contacts on missed marks only', () => {
    expect(recipientsFor('deadline-missed', policy).cc).toContain('board@school.example.org');
    expect(recipientsFor('deadline-warning', policy).cc).not.toContain('board@school.example.org');
    expect(recipientsFor('step-failed', policy).cc).not.toContain('board@school.example.org');
  });

  it('copies severity-high contacts when the assessment says high risk', () => {
    expect(recipientsFor('new-breach', policy, { riskLevel: 'high-risk' }).cc).toContain('senior@school.example.org');
    expect(recipientsFor('new-breach', policy, { riskLevel: 'risk' }).cc).not.toContain('senior@school.example.org');
    expect(recipientsFor('new-breach', policy).cc).not.toContain('senior@school.example.org');
  });

  it('sends each address once, the DPO as addressee', () => {
    // Prepare
    const overlapping = aPolicy({
      escalation: [
        { name: 'DPO again', email: 'DPO@school.example.org', group: 'slt', when: 'always' },
        { name: 'A', email: 'slt@school.example.org', group: 'slt', when: 'always' },
        { name: 'B', email: 'slt@school.example.org', group: 'board', when: 'deadline-missed' },
      ],
    });

    // Assess
    expect(recipientsFor('deadline-missed', overlapping)).toEqual({
      to: ['dpo@school.example.org'],
      cc: ['slt@school.example.org'],
    });
  });

  it('puts the recipients on the built message, without cc when there is nobody to copy', () => {
    // Prepare
    const head = aDistinctiveReport({ responsibleRole: 'head' });

    // Act
    const withCc = newBreach(head);
    const alone = newBreach(aDistinctiveReport(), aPolicy({ escalation: [] }));

    // Assess
    expect(withCc.to).toEqual(['dpo@school.example.org']);
    expect(withCc.cc).toEqual(['governors@school.example.org', 'slt@school.example.org']);
    expect(alone.cc).toBeUndefined();
    expect(missed().cc).toContain('board@school.example.org');
  });
});
