import { describe, expect, it } from 'vitest';
import type { ZodMiniType } from 'zod/mini';
import { CONCLUSIONS } from '../../../functions/domain/assessment';
import { DecisionInvalidError } from '../../../functions/domain/decision-errors';
import {
  DECISION_SCHEMAS,
  DECISION_STEPS,
  type DecisionData,
  type DecisionStep,
  validateDecision,
} from '../../../functions/domain/decisions';
import { decisionContextFor } from '../../../functions/domain/take-decision';
import { DECISION_FORMS, decisionToForm, type FieldDef, formToDecision } from '../../../functions/pages/decision-forms';
import { aDecisionView, mainOf, renderStepForm, VIEW_NOW } from '../../support/decision-views';
import { errorSummaryLinks, idsOf, inlineError, submittedFields } from '../../support/form-fields';

const PERSON = { name: 'Dana Officer', role: 'Data Protection Officer', email: 'dpo@example.org' };
const LONDON = { timeZone: 'Europe/London' };

/** One valid decision per step, using every field its form has; summer times, to cross the BST offset. */
const FULL: { [S in DecisionStep]: DecisionData[S] } = {
  contain: {
    decidedBy: PERSON,
    contained: true,
    measures: 'Recalled the e-mail.\nThe parent confirmed deletion by phone.',
    containedAt: '2025-07-01T13:30:00Z',
    recovery: 'deleted-confirmed',
  },
  decide: {
    decidedBy: PERSON,
    conclusion: 'authority-only',
    rationale: 'The parent is known to the school & deleted it; still, health data was involved.',
    departureReason: 'The recipient is trusted <but> not staff.',
    severityLevel: 3,
    signedOffBy: { name: 'Sam Head', role: 'Headteacher' },
    evidence: 'Written confirmation of deletion, 1 July.',
    police: { report: false, reason: 'An accident, not a crime.' },
    subjectExemption: { ground: 'subsequent-measures', explanation: 'The data was deleted within the hour.' },
  },
  'notify-authority': {
    decidedBy: PERSON,
    channel: 'ico-online-form',
    phase: 'follow-up',
    submittedAt: '2025-07-02T08:05:00Z',
    reference: 'IC-123456-A1B2',
    delayReason: 'Waiting for the processor’s report.',
    dpoConsultedAt: '2025-07-02T07:00:00Z',
    qualityCheckedBy: { name: 'Pat Deputy', role: 'Deputy Head', email: 'pat@example.org' },
    dspt: { reference: 'DSPT-42', icoConfirmationSentAt: '2025-07-02T09:00:00Z' },
    acknowledgement: { receivedAt: '2025-07-02T10:15:00Z', reference: 'ACK-9' },
  },
  'notify-subjects': {
    decidedBy: PERSON,
    method: 'public-communication',
    notifiedAt: '2025-07-03T12:00:00Z',
    count: 1234,
    throughRepresentatives: true,
    exemption: { ground: 'disproportionate-effort', explanation: 'No contact details are held.' },
    note: 'Notice on the website and in the newsletter.',
  },
  'notify-controller': {
    decidedBy: PERSON,
    notifiedAt: '2025-07-01T09:45:00Z',
    channel: 'secure-transfer',
    controllerContact: 'Chris Controller, DPO',
    summary: 'What happened, when, and the records involved.',
  },
  'notify-other-parties': {
    decidedBy: PERSON,
    parties: [
      { party: 'insurer', told: true, at: '2025-07-01T15:00:00Z', reference: 'CLM-7', note: 'By phone.' },
      { party: 'police', told: false },
    ],
  },
  evaluate: {
    decidedBy: PERSON,
    rootCauses: ['Autocomplete picked the wrong address.', 'No check before sending attachments.'],
    lessons: 'Check recipients before sending personal data.',
    trainingNeeds: 'E-mail hygiene for office staff.',
    recommendations: [
      { action: 'Turn off autocomplete for external addresses.', owner: 'IT', dueBy: '2025-08-01T16:00:00Z' },
      { action: 'Add a send delay.', owner: 'Office manager' },
    ],
  },
  close: {
    decidedBy: PERSON,
    recommendationsCompleted: true,
    authorityActionsImplemented: false,
    authorityActionsRationale: 'The ICO asked for nothing.',
    finalReportToBoardAt: '2025-09-10T18:00:00Z',
    note: 'Closed at the governors’ meeting.',
  },
  recover: { decidedBy: PERSON, note: 'The mail server was down; it is back.' },
};

/** Timestamps compared as instants: the form writes them with the zone's offset. */
const instants = (value: unknown): unknown => {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return Date.parse(value);
  if (Array.isArray(value)) return value.map(instants);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, instants(v)]));
  }
  return value;
};

/** A policy under which the parties of FULL are the ones the form asks about. */
const viewFor = (step: DecisionStep) =>
  aDecisionView(step, { preset: 'generic', overrides: { otherParties: ['insurer', 'police'] } });

describe('the decision forms', () => {
  it.each(DECISION_STEPS)('round-trips a full %s decision through the rendered page', (step) => {
    const view = viewFor(step);
    const values = decisionToForm(step, FULL[step], LONDON);
    const page = mainOf(renderStepForm(view, { values, reading: formToDecision(step, values, LONDON), problems: [] }));

    const reading = formToDecision(step, submittedFields(page), LONDON);

    expect(reading.problems).toEqual([]);
    // The form does not ask who decides: the console adds the signed-in person (take-decision.ts).
    expect(reading.body).not.toHaveProperty('decidedBy');
    const parsed = DECISION_SCHEMAS[step].parse({ ...reading.body, decidedBy: FULL[step].decidedBy });
    expect(instants(parsed)).toEqual(instants(DECISION_SCHEMAS[step].parse(FULL[step])));
  });

  it.each(DECISION_STEPS)('round-trips a minimal %s decision', (step) => {
    const shape: Record<string, ZodMiniType> = DECISION_SCHEMAS[step].shape;
    // Only what the schema requires: every optional field left out.
    const minimal = Object.fromEntries(
      Object.entries(FULL[step]).filter(([key]) => !shape[key]?.safeParse(undefined).success),
    ) as DecisionData[typeof step];
    const values = decisionToForm(step, minimal, LONDON);
    const reading = formToDecision(step, values, LONDON);
    expect(instants(DECISION_SCHEMAS[step].parse({ ...reading.body, decidedBy: minimal.decidedBy }))).toEqual(
      instants(DECISION_SCHEMAS[step].parse(minimal)),
    );
  });

  it('stores a typed time with the offset the organisation’s clocks showed', () => {
    const fields = new URLSearchParams({
      'containedAt.day': '1',
      'containedAt.month': '7',
      'containedAt.year': '2025',
      'containedAt.hour': '14',
      'containedAt.minute': '30',
    });
    expect(formToDecision('contain', fields, LONDON).body.containedAt).toBe('2025-07-01T14:30:00+01:00');
    fields.set('containedAt.month', '1');
    expect(formToDecision('contain', fields, LONDON).body.containedAt).toBe('2025-01-01T14:30:00+00:00');
  });

  it('turns yes and no into booleans, numbers into numbers, and drops empty answers', () => {
    const fields = new URLSearchParams({
      contained: 'no',
      measures: '  Locked the account.\r\nReset passwords.  ',
      'containedAt.day': '',
      recovery: '',
      'decidedBy.name': 'Dana',
      'decidedBy.role': 'DPO',
      'decidedBy.email': '',
      unexpected: 'ignored',
    });
    // A typed decider is not read either: who decides is whoever is signed in.
    expect(formToDecision('contain', fields, LONDON).body).toEqual({
      contained: false,
      measures: 'Locked the account.\nReset passwords.',
    });
    const subjects = formToDecision('notify-subjects', new URLSearchParams({ count: '1,234' }), LONDON);
    expect(subjects.body.count).toBe(1234);
  });

  it('asks no step for the person deciding', () => {
    expect(formToDecision('recover', new URLSearchParams(), LONDON).body).toEqual({});
    for (const step of DECISION_STEPS) {
      expect(DECISION_FORMS[step].fields.map((field) => field.key)).not.toContain('decidedBy');
    }
  });

  it('reports a date with parts missing or impossible, in words', () => {
    const fields = new URLSearchParams({ 'submittedAt.day': '31', 'submittedAt.month': '2' });
    expect(formToDecision('notify-authority', fields, LONDON).problems).toEqual([
      {
        path: 'submittedAt',
        message: 'When was the report made: the date and time must include a year, an hour and a minute',
        parts: ['year', 'hour', 'minute'],
      },
    ]);
    fields.set('submittedAt.year', '2025');
    fields.set('submittedAt.hour', '9');
    fields.set('submittedAt.minute', '0');
    expect(formToDecision('notify-authority', fields, LONDON).problems[0]?.message).toMatch(/must be a real date/);
  });

  it('drops empty root-cause boxes and maps a problem on a kept one back to its box', () => {
    const fields = new URLSearchParams({ 'rootCauses[0]': '', 'rootCauses[1]': 'x'.repeat(2001) });
    const reading = formToDecision('evaluate', fields, LONDON);
    expect(reading.body.rootCauses).toEqual(['x'.repeat(2001)]);
    expect(reading.formPath('rootCauses[0]')).toBe('rootCauses[1]');
  });

  it('offers only values the schema accepts, and every conclusion', () => {
    const setAt = (target: Record<string, unknown>, path: string[], value: unknown): void => {
      const [head = '', ...rest] = path;
      if (rest.length === 0) target[head] = value;
      else {
        if (target[head] === undefined) target[head] = /^\d+$/.test(rest[0] ?? '') ? [] : {};
        setAt(target[head] as Record<string, unknown>, rest, value);
      }
    };
    const choices = (fields: readonly FieldDef[], path: string[]): [string[], FieldDef][] =>
      fields.flatMap((field): [string[], FieldDef][] =>
        field.kind === 'group'
          ? choices(field.fields, [...path, field.key])
          : field.kind === 'rows'
            ? choices(field.fields, [...path, field.key, '0'])
            : field.kind === 'choice'
              ? [[[...path, field.key], field]]
              : [],
      );
    for (const step of DECISION_STEPS) {
      for (const [path, field] of choices(DECISION_FORMS[step].fields, [])) {
        if (field.kind !== 'choice') continue;
        for (const option of field.options) {
          const decision = structuredClone(FULL[step]) as Record<string, unknown>;
          const value =
            field.type === 'boolean'
              ? option.value === 'yes'
              : field.type === 'integer'
                ? Number(option.value)
                : option.value;
          setAt(decision, path, value);
          expect(DECISION_SCHEMAS[step].safeParse(decision).success, `${step} ${path.join('.')}=${option.value}`).toBe(
            true,
          );
        }
      }
    }
    const conclusion = DECISION_FORMS.decide.fields.find((field) => field.key === 'conclusion');
    expect(conclusion?.kind === 'choice' && conclusion.options.map((o) => o.value)).toEqual([...CONCLUSIONS]);
  });
});

const problemsOf = (validate: () => unknown): DecisionInvalidError['problems'] => {
  try {
    validate();
    return [];
  } catch (error) {
    if (!(error instanceof DecisionInvalidError)) throw error;
    return error.problems;
  }
};

/** Who the console records as deciding: the signed-in person, added to what the form sent (take-decision.ts). */
const SIGNED_IN = { name: 'Dana Protection', role: 'Data Protection Officer' };

describe('problems on the page', () => {
  const invalidPage = (
    step: DecisionStep,
    fields: URLSearchParams,
    preset: 'generic' | 'rcot' | 'school' = 'generic',
  ) => {
    const view = aDecisionView(step, { preset });
    const reading = formToDecision(step, fields, LONDON);
    const problems = problemsOf(() =>
      validateDecision(
        step,
        { ...reading.body, decidedBy: SIGNED_IN },
        decisionContextFor(view.state, view.policy, VIEW_NOW),
      ),
    );
    return renderStepForm(view, { values: fields, reading, problems });
  };

  it('links every error summary item to its field and keeps what was typed', () => {
    const fields = new URLSearchParams({ rationale: 'Too <b>short</b>' });
    const page = invalidPage('decide', fields);

    const links = errorSummaryLinks(page);
    expect(links).toEqual([
      { href: '#conclusion', text: 'Select your decision' },
      { href: '#rationale', text: 'Give the reasons in at least a sentence (20 characters or more)' },
    ]);
    const ids = idsOf(page);
    for (const link of links) expect(ids).toContain(link.href.slice(1));
    expect(inlineError(page, 'rationale')).toBe('Give the reasons in at least a sentence (20 characters or more)');
    expect(page).toContain('<title>Error: ');
    const kept = submittedFields(mainOf(page));
    expect(kept.get('rationale')).toBe('Too <b>short</b>');
    expect(page).not.toContain('<b>short</b>');
  });

  it('puts a policy’s requirement on the group it asks for, in the policy’s words', () => {
    const fields = new URLSearchParams({
      conclusion: 'authority-and-subjects',
      rationale: 'High risk: health data sent to the wrong person.',
    });
    const page = invalidPage('decide', fields, 'rcot');
    expect(errorSummaryLinks(page)).toContainEqual({
      href: '#signedOffBy-name',
      text: 'The policy requires sign-off by senior management',
    });
    expect(inlineError(page, 'signedOffBy')).toBe('The policy requires sign-off by senior management');
  });

  it('links a date problem to the first box that is wrong and keeps the parts typed', () => {
    const fields = new URLSearchParams({ channel: 'phone', 'submittedAt.day': '3', 'submittedAt.month': '3' });
    const page = invalidPage('notify-authority', fields);
    const link = errorSummaryLinks(page).find((l) => l.href === '#submittedAt-year');
    expect(link?.text).toMatch(/must include a year, an hour and a minute/);
    expect(submittedFields(mainOf(page)).get('submittedAt.month')).toBe('3');
  });

  it('names the party a missing answer belongs to', () => {
    const view = aDecisionView('notify-other-parties', { preset: 'generic', overrides: { otherParties: ['insurer'] } });
    const fields = new URLSearchParams({ 'parties[0].party': 'insurer' });
    const reading = formToDecision('notify-other-parties', fields, LONDON);
    const problems = problemsOf(() =>
      validateDecision(
        'notify-other-parties',
        { ...reading.body, decidedBy: SIGNED_IN },
        decisionContextFor(view.state, view.policy, VIEW_NOW),
      ),
    );
    const page = mainOf(renderStepForm(view, { values: fields, reading, problems }));
    expect(errorSummaryLinks(page)).toEqual([
      { href: '#parties-0-told', text: 'Select yes if they were told (Your insurer)' },
    ]);
  });

  it('lists a problem without a field of its own without a link', () => {
    const view = aDecisionView('close');
    const fields = new URLSearchParams({
      recommendationsCompleted: 'yes',
    });
    const reading = formToDecision('close', fields, LONDON);
    const page = mainOf(
      renderStepForm(view, {
        values: fields,
        reading,
        problems: [{ path: 'step', message: 'the case cannot close before it is evaluated' }],
      }),
    );
    expect(errorSummaryLinks(page)).toEqual([{ href: '', text: 'The case cannot close before it is evaluated' }]);
  });
});
