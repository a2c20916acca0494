import type { Art34Ground, Conclusion } from '../domain/assessment';
import { deadlinesFor, formatInTimeZone } from '../domain/clocks';
import { DECISION_SCHEMAS, type DecisionData, type DecisionStep, type FieldProblem } from '../domain/decisions';
import { suggestedParties } from '../domain/other-parties';
import { type OrganisationPolicy, OTHER_PARTIES, type OtherParty } from '../domain/policy';
import type { RECOVERY } from '../domain/report';
import type { BreachState } from '../domain/state';
import {
  type FormErrors,
  type FieldDef as FormFieldDef,
  type PlacedField as FormPlacedField,
  type FormReading,
  formErrors as fieldErrorsOf,
  type Option,
  placeFields as placeFormFields,
  type ReadOptions,
  readForm,
  renderFields as renderFormFields,
  writeForm,
} from './forms';
import type { Html } from './html';
import { CONCLUSION_TEXT, PARTY_TEXT } from './labels';

/**
 * The form of each decision step, written against the step's zod schema in decisions.ts: one field definition per
 * property, named by its path in the decision (`signedOffBy.name`, `parties[0].told`). Definitions only: placing,
 * reading, writing, problems and markup are the one form engine's (forms.ts), which the report form uses too.
 */

/** What a form may depend on: the organisation's duties decide which questions are asked. */
export interface FormContext {
  policy: OrganisationPolicy;
  state: BreachState;
}

export type FieldDef = FormFieldDef<FormContext>;
export type PlacedField = FormPlacedField<FormContext>;
export type { FormErrors, FormReading, ReadOptions };

export interface DecisionForm {
  /** What the button says. */
  submit: string;
  fields: readonly FieldDef[];
}

// ---------------------------------------------------------------------------------------------------------------
// The forms
// ---------------------------------------------------------------------------------------------------------------

const has = (duty: OrganisationPolicy['duties'][number]) => (ctx: FormContext) => ctx.policy.duties.includes(duty);

const YES_NO: readonly Option[] = [
  { value: 'yes', text: 'Yes' },
  { value: 'no', text: 'No' },
];

const person = (optionalEmail = true): FieldDef[] => [
  {
    kind: 'text',
    key: 'name',
    label: 'Full name',
    max: 200,
    autocomplete: 'name',
    missing: 'Enter the full name',
  },
  {
    kind: 'text',
    key: 'role',
    label: 'Role',
    hint: 'For example, Data Protection Officer, Headteacher or Registered Manager',
    max: 200,
    autocomplete: 'organization-title',
    missing: 'Enter the role',
  },
  {
    kind: 'email',
    key: 'email',
    label: 'E-mail address',
    max: 254,
    autocomplete: 'email',
    optional: optionalEmail,
    invalid: 'Enter an e-mail address in the correct format, like name@example.org',
  },
];

const timeHint = (extra?: string) => (ctx: FormContext) =>
  `Use the 24-hour clock, in ${ctx.policy.timeZone} time. For example, 27 3 2025, 14 30.${extra ? ` ${extra}` : ''}`;

const ART34_OPTIONS: readonly Option[] = [
  {
    value: 'data-unintelligible',
    text: 'The data cannot be read by anyone not allowed to see it',
    hint: 'For example, it was strongly encrypted and the key is safe. Art. 34(3)(a).',
  },
  {
    value: 'subsequent-measures',
    text: 'Action taken since means the high risk is no longer likely',
    hint: 'For example, the data was recovered before anyone could misuse it. Art. 34(3)(b).',
  },
  {
    value: 'disproportionate-effort',
    text: 'Telling each person would take disproportionate effort',
    hint: 'A public communication (for example a notice on your website) must then tell them instead. Art. 34(3)(c).',
  },
] satisfies (Option & { value: Art34Ground })[];

const exemption = (key: string, label: string, hint: string, when?: FieldDef['when']): FieldDef => ({
  kind: 'group',
  key,
  label,
  hint,
  optional: true,
  ...(when ? { when } : {}),
  fields: [
    {
      kind: 'choice',
      type: 'string',
      key: 'ground',
      label: 'Which exemption applies?',
      options: ART34_OPTIONS,
      missing: 'Select the exemption that applies',
    },
    {
      kind: 'textarea',
      key: 'explanation',
      label: 'How it applies to this breach',
      max: 5000,
      rows: 3,
      missing: 'Explain how the exemption applies to this breach',
    },
  ],
});

const authorityDueAt = (ctx: FormContext): string | undefined =>
  deadlinesFor(ctx.state.awareAt, ctx.state.clocks ?? ctx.policy.clocks).find((d) => d.clockId === 'authority')?.dueAt;

const recommendationOf = (ctx: FormContext): Conclusion | undefined => ctx.state.assessment?.conclusion;

/** Exactly the parties GET /breaches/{id}/other-parties tracks: the policy's, and those the facts call for. */
const otherPartiesFor = (ctx: FormContext): OtherParty[] => [...suggestedParties(ctx.state, ctx.policy).keys()];

export const DECISION_FORMS: Record<DecisionStep, DecisionForm> = {
  contain: {
    submit: 'Record the containment',
    fields: [
      {
        kind: 'choice',
        type: 'boolean',
        key: 'contained',
        label: 'Is the breach contained?',
        hint: 'Contained means no more data can be lost or seen: for example, the e-mail was recalled and deleted, the account was locked, or the device was wiped.',
        options: [
          { value: 'yes', text: 'Yes, it is contained' },
          { value: 'no', text: 'No, not yet' },
        ],
        missing: 'Select yes if the breach is contained',
      },
      {
        kind: 'textarea',
        key: 'measures',
        label: 'What has been done to contain it',
        hint: 'For example: asked the person who received it to delete the e-mail and confirm this in writing; changed the shared password. If it is not contained yet, say what is being done and by whom.',
        max: 5000,
        missing: 'Describe what has been done to contain the breach',
      },
      {
        kind: 'datetime',
        key: 'containedAt',
        label: 'When was it contained?',
        hint: timeHint('Leave empty if it is not contained yet.'),
        optional: true,
      },
      {
        kind: 'choice',
        type: 'string',
        key: 'recovery',
        label: 'Was the data recovered?',
        optional: true,
        options: [
          { value: 'recovered', text: 'Yes, it was recovered' },
          { value: 'deleted-confirmed', text: 'The person who received it confirmed they deleted it' },
          { value: 'partly', text: 'Some of it was recovered' },
          { value: 'not-recovered', text: 'No, it was not recovered' },
          { value: 'unknown', text: 'Not known yet' },
        ] satisfies (Option & { value: (typeof RECOVERY)[number] })[],
      },
    ],
  },
  decide: {
    submit: 'Record the decision',
    fields: [
      {
        kind: 'choice',
        type: 'string',
        key: 'conclusion',
        label: 'What is your decision?',
        options: [
          {
            value: 'no-notification',
            text: CONCLUSION_TEXT['no-notification'],
            hint: 'The breach is unlikely to result in a risk to people’s rights and freedoms. It is recorded, but not reported.',
          },
          {
            value: 'authority-only',
            text: CONCLUSION_TEXT['authority-only'],
            hint: 'There is a risk to people, but not a high one. Report it to the authority (in the UK, the ICO) within 72 hours of becoming aware.',
          },
          {
            value: 'authority-and-subjects',
            text: CONCLUSION_TEXT['authority-and-subjects'],
            hint: 'The risk to people is high. Report it to the authority, and tell the people affected without undue delay so they can protect themselves.',
          },
        ] satisfies (Option & { value: Conclusion })[],
        missing: 'Select your decision',
      },
      {
        kind: 'textarea',
        key: 'rationale',
        label: 'Your reasons',
        hint: 'Explain why, in your own words. This is what the authority or an auditor will read if they ask why you decided this.',
        max: 10_000,
        rows: 6,
        missing: 'Give the reasons for your decision',
        invalid: 'Give the reasons in at least a sentence (20 characters or more)',
      },
      {
        kind: 'textarea',
        key: 'departureReason',
        label: 'Why your decision differs from the recommendation',
        optional: true,
        when: (ctx) => recommendationOf(ctx) !== undefined,
        hint: (ctx) => {
          const recommended = recommendationOf(ctx);
          return recommended
            ? `Needed only if you decide something other than the recommendation: “${CONCLUSION_TEXT[recommended]}”. Say what the recommendation did not take into account.`
            : undefined;
        },
        max: 5000,
        rows: 3,
      },
      {
        kind: 'choice',
        type: 'integer',
        key: 'severityLevel',
        label: 'Severity level',
        optional: true,
        inline: true,
        when: (ctx) => ctx.policy.severityScale === 'levels-0-4',
        hint: (ctx) =>
          ctx.state.assessment
            ? `The level worked out from the facts is ${ctx.state.assessment.severityLevel.label}. Choose a level only if you grade the breach differently.`
            : 'Choose a level only if you grade the breach differently from the one worked out from the facts.',
        options: [0, 1, 2, 3, 4].map((level) => ({ value: String(level), text: String(level) })),
      },
      {
        ...exemption(
          'subjectExemption',
          'Not telling the people affected despite a high risk',
          'Only if the risk to people is high but you rely on an exemption in Art. 34(3) not to tell them directly. Leave this empty otherwise.',
          (ctx) =>
            ctx.state.assessment?.risk.level === 'high-risk' ||
            ctx.state.assessment?.exemption?.applies === true ||
            ctx.policy.duties.includes('inform-subjects-always'),
        ),
      },
      {
        kind: 'textarea',
        key: 'evidence',
        label: 'Evidence that justifies not reporting',
        optional: true,
        when: has('document-decision-not-to-report'),
        hint: 'Needed if you decide no notification is required: your policy requires the evidence for that decision to be written down. For example, the person who received the data is a member of staff and confirmed in writing that they deleted it.',
        max: 10_000,
        rows: 4,
      },
      {
        kind: 'group',
        key: 'police',
        label: 'Reporting to the police',
        hint: 'Your policy asks whether the breach is a criminal act that should be reported to the police.',
        when: has('police-route'),
        fields: [
          {
            kind: 'choice',
            type: 'boolean',
            key: 'report',
            label: 'Should the police be told?',
            options: YES_NO,
            inline: true,
            missing: 'Select yes if the police should be told',
          },
          {
            kind: 'textarea',
            key: 'reason',
            label: 'Why',
            max: 2000,
            rows: 3,
            missing: 'Say why the police should or should not be told',
          },
        ],
      },
      {
        kind: 'group',
        key: 'signedOffBy',
        label: 'Sign-off by senior management',
        hint: 'Your policy requires the decision to be signed off by senior management. Enter the person who signed it off.',
        when: has('senior-management-sign-off'),
        fields: person(),
      },
    ],
  },
  'notify-authority': {
    submit: 'Record the report',
    fields: [
      {
        kind: 'choice',
        type: 'string',
        key: 'channel',
        label: 'How did you report the breach?',
        options: [
          { value: 'ico-online-form', text: 'With the online form on the authority’s website' },
          { value: 'phone', text: 'By telephone' },
          { value: 'email', text: 'By e-mail' },
          { value: 'dspt', text: 'Through the DSPT incident reporting tool' },
        ],
        missing: 'Select how you reported the breach',
      },
      {
        kind: 'choice',
        type: 'string',
        key: 'phase',
        label: 'Which report is this?',
        hint: 'If not everything is known yet, report what is known now and send the rest later (Art. 33(4)).',
        optional: true,
        options: [
          { value: 'initial', text: 'The first report' },
          { value: 'follow-up', text: 'A follow-up with more information' },
          { value: 'final', text: 'The final report' },
        ],
      },
      {
        kind: 'datetime',
        key: 'submittedAt',
        label: 'When was the report made?',
        hint: timeHint(),
        missing: 'Enter the date and time the report was made',
      },
      {
        kind: 'text',
        key: 'reference',
        label: 'The authority’s case reference',
        hint: 'If you were given one, for example by the online form or on the phone.',
        optional: true,
        max: 100,
        width: 'width-20',
      },
      {
        kind: 'textarea',
        key: 'delayReason',
        label: 'Reasons for the delay',
        optional: true,
        hint: (ctx) => {
          const due = authorityDueAt(ctx);
          const when = due ? ` after ${formatInTimeZone(due, ctx.policy.timeZone)}` : ' late';
          return `Needed if the report was made${when}: Art. 33(1) requires a report made more than 72 hours after becoming aware of the breach to give the reasons for the delay.`;
        },
        max: 5000,
        rows: 3,
      },
      {
        kind: 'datetime',
        key: 'dpoConsultedAt',
        label: 'When was the data protection officer consulted?',
        hint: timeHint('Your policy requires the DPO (or their deputy) to be consulted before any report to the ICO.'),
        when: has('dpo-consulted-before-authority'),
      },
      {
        kind: 'group',
        key: 'qualityCheckedBy',
        label: 'Quality check by the senior leadership team',
        hint: 'Your policy requires the report to be checked by the senior leadership team before it is sent.',
        when: has('slt-quality-check'),
        fields: person(),
      },
      {
        kind: 'group',
        key: 'dspt',
        label: 'DSPT incident report',
        hint: 'Your policy requires the incident to be reported through the DSPT, and an e-mail sent to the ICO to confirm it.',
        when: has('dspt-report'),
        fields: [
          {
            kind: 'text',
            key: 'reference',
            label: 'DSPT incident reference',
            max: 100,
            width: 'width-20',
            missing: 'Enter the DSPT incident reference',
          },
          {
            kind: 'datetime',
            key: 'icoConfirmationSentAt',
            label: 'When was the confirming e-mail sent to the ICO?',
            hint: timeHint(),
            missing: 'Enter when the confirming e-mail was sent to the ICO',
          },
        ],
      },
      {
        kind: 'group',
        key: 'acknowledgement',
        label: 'Confirmation of receipt from the authority',
        hint: (ctx) =>
          ctx.policy.duties.includes('authority-acknowledgement')
            ? 'Your policy asks for written confirmation of receipt from the authority, with its date and time.'
            : 'If the authority has confirmed it received the report.',
        optional: true,
        fields: [
          {
            kind: 'datetime',
            key: 'receivedAt',
            label: 'When was the confirmation received?',
            hint: timeHint(),
            missing: 'Enter when the confirmation was received',
          },
          {
            kind: 'text',
            key: 'reference',
            label: 'Reference on the confirmation',
            optional: true,
            max: 100,
            width: 'width-20',
          },
        ],
      },
    ],
  },
  'notify-subjects': {
    submit: 'Continue',
    fields: [
      {
        kind: 'choice',
        type: 'string',
        key: 'method',
        label: 'How will the people affected be told?',
        hint: 'E-mail is sent only after you have seen the notices and pressed “Send”: choosing it sends nothing yet.',
        options: [
          { value: 'email', text: 'By e-mail', hint: 'Letters are printed for anyone without an e-mail address.' },
          { value: 'letter', text: 'By letter' },
          { value: 'email-and-letter', text: 'By e-mail and by letter' },
          {
            value: 'other-means',
            text: 'They have already been told by other means',
            hint: 'For example by phone or in a meeting. This is recorded; nothing is sent.',
          },
          { value: 'phone', text: 'By telephone' },
          { value: 'in-person', text: 'In person' },
          {
            value: 'public-communication',
            text: 'By a public communication',
            hint: 'For example, a prominent notice on your website, when telling each person is not possible.',
          },
          { value: 'not-told', text: 'They were not told', hint: 'You must then name the exemption relied on, below.' },
        ],
        missing: 'Select how the people affected will be told',
      },
      {
        kind: 'datetime',
        key: 'notifiedAt',
        label: 'When were they told?',
        hint: timeHint('If it took more than one day, when the first of them were told.'),
        optional: true,
      },
      {
        kind: 'integer',
        key: 'count',
        label: 'How many people were told?',
        optional: true,
        min: 0,
        max: 1_000_000_000,
      },
      {
        kind: 'choice',
        type: 'boolean',
        key: 'throughRepresentatives',
        label: 'Were any of them told through a representative?',
        hint: 'For example, next of kin, someone with lasting power of attorney, or a care professional.',
        optional: true,
        inline: true,
        when: has('notify-through-representative'),
        options: YES_NO,
      },
      exemption(
        'exemption',
        'Exemption relied on',
        'Needed if they were not told, or not told one by one: the exemption in Art. 34(3) that applies.',
      ),
      {
        kind: 'textarea',
        key: 'note',
        label: 'Anything else to record',
        optional: true,
        max: 5000,
        rows: 3,
      },
    ],
  },
  'notify-controller': {
    submit: 'Record the notice to the controller',
    fields: [
      {
        kind: 'datetime',
        key: 'notifiedAt',
        label: 'When was the controller told?',
        hint: timeHint(),
        missing: 'Enter when the controller was told',
      },
      {
        kind: 'choice',
        type: 'string',
        key: 'channel',
        label: 'How were they told?',
        options: [
          { value: 'phone', text: 'By telephone' },
          { value: 'email', text: 'By e-mail' },
          { value: 'secure-transfer', text: 'By the secure transfer agreed with them' },
          { value: 'other', text: 'Another way' },
        ],
        missing: 'Select how the controller was told',
      },
      {
        kind: 'text',
        key: 'controllerContact',
        label: 'Who at the controller was told?',
        hint: 'Their name and role.',
        max: 200,
        missing: 'Enter who at the controller was told',
      },
      {
        kind: 'textarea',
        key: 'summary',
        label: 'What they were told',
        hint: 'A summary of the information you gave them, and anything agreed.',
        max: 5000,
        missing: 'Summarise what the controller was told',
      },
      {
        kind: 'choice',
        type: 'string',
        key: 'followUpRoute',
        label: 'How do the details follow?',
        hint: 'As agreed with the controller on the call. Only "By e-mail" lets Breachdesk e-mail them the notice.',
        options: [
          { value: 'email', text: 'By e-mail' },
          { value: 'secure-transfer', text: 'By the secure transfer agreed with them' },
          { value: 'portal', text: 'Through their portal' },
          { value: 'post', text: 'By post' },
          { value: 'other', text: 'Another way' },
        ],
        optional: true,
      },
    ],
  },
  'notify-other-parties': {
    submit: 'Record who was told',
    fields: [
      {
        kind: 'rows',
        key: 'parties',
        label: 'Other parties',
        hint: 'Your policy names these parties to consider. For each, say whether they were told.',
        fixed: { key: 'party', values: otherPartiesFor },
        rowLabel: (_index, party) => (party && party in PARTY_TEXT ? PARTY_TEXT[party as OtherParty] : 'Party'),
        maxItems: OTHER_PARTIES.length,
        fields: [
          {
            kind: 'choice',
            type: 'boolean',
            key: 'told',
            label: 'Were they told?',
            options: YES_NO,
            inline: true,
            missing: 'Select yes if they were told',
          },
          { kind: 'datetime', key: 'at', label: 'When?', hint: timeHint(), optional: true },
          { kind: 'text', key: 'reference', label: 'Their reference', optional: true, max: 200, width: 'width-20' },
          { kind: 'textarea', key: 'note', label: 'Note', optional: true, max: 2000, rows: 2 },
        ],
      },
    ],
  },
  evaluate: {
    submit: 'Record the evaluation',
    fields: [
      {
        kind: 'list',
        key: 'rootCauses',
        label: 'Root causes',
        hint: 'What allowed the breach to happen, one cause per box. Leave the boxes you do not need empty.',
        max: 2000,
        boxes: 3,
        maxItems: 20,
        missing: 'Enter at least one root cause',
      },
      {
        kind: 'textarea',
        key: 'lessons',
        label: 'Lessons learned',
        max: 10_000,
        rows: 5,
        missing: 'Enter the lessons learned',
      },
      {
        kind: 'textarea',
        key: 'trainingNeeds',
        label: 'Training needs',
        optional: true,
        max: 5000,
        rows: 3,
      },
      {
        kind: 'rows',
        key: 'recommendations',
        label: 'Recommended actions',
        hint: 'What should change, who will do it and by when. Leave the rows you do not need empty.',
        optional: true,
        rowLabel: (index) => `Action ${index + 1}`,
        rows: 3,
        maxItems: 50,
        fields: [
          { kind: 'textarea', key: 'action', label: 'Action', max: 2000, rows: 2, missing: 'Enter the action' },
          { kind: 'text', key: 'owner', label: 'Who will do it', max: 200, missing: 'Enter who will do it' },
          { kind: 'datetime', key: 'dueBy', label: 'Due by', hint: timeHint(), optional: true },
        ],
      },
    ],
  },
  close: {
    submit: 'Close the case',
    fields: [
      {
        kind: 'choice',
        type: 'boolean',
        key: 'recommendationsCompleted',
        label: 'Are all the recommended actions complete?',
        options: YES_NO,
        inline: true,
        missing: 'Select yes if all the recommended actions are complete',
      },
      {
        kind: 'choice',
        type: 'boolean',
        key: 'authorityActionsImplemented',
        label: 'Have the authority’s remedial actions been put in place?',
        hint: 'Your policy closes a case reported to the ICO only once the actions the ICO asked for are in place.',
        optional: true,
        inline: true,
        when: has('closure-after-authority-actions'),
        options: YES_NO,
      },
      {
        kind: 'textarea',
        key: 'authorityActionsRationale',
        label: 'If not, the reasons agreed for not putting them in place',
        optional: true,
        when: has('closure-after-authority-actions'),
        max: 5000,
        rows: 3,
      },
      {
        kind: 'datetime',
        key: 'finalReportToBoardAt',
        label: 'When was the final report made to the board?',
        hint: timeHint('Your policy requires a final report to the board with the recommendations and training needs.'),
        when: has('final-report-to-board'),
      },
      { kind: 'textarea', key: 'note', label: 'Anything else to record', optional: true, max: 5000, rows: 3 },
    ],
  },
  recover: {
    submit: 'Resume the procedure',
    fields: [
      {
        kind: 'textarea',
        key: 'note',
        label: 'What was checked or put right',
        hint: 'The procedure stopped because a step failed. Say what was checked or fixed; the procedure then carries on from that step.',
        max: 5000,
        missing: 'Say what was checked or put right',
      },
    ],
  },
};

/** The fields of a step's form as shown for this breach and these values. */
export const placeFields = (step: DecisionStep, ctx: FormContext, values: URLSearchParams): PlacedField[] =>
  placeFormFields(DECISION_FORMS[step].fields, ctx, values);

/** Turns the urlencoded body of a step's form into the decision object its schema expects. */
export const formToDecision = (step: DecisionStep, fields: URLSearchParams, options: ReadOptions): FormReading =>
  readForm(DECISION_FORMS[step].fields, fields, options);

/** The form values that show a decision: what a person would have typed to take it. */
export const decisionToForm = <S extends DecisionStep>(
  step: S,
  decision: DecisionData[S],
  options: ReadOptions,
): URLSearchParams => writeForm(DECISION_FORMS[step].fields, decision, options);

/**
 * What a fresh form holds: for the controller's notice, the controller the report names. No decision is preselected
 * (the system recommends, the person chooses), and nobody is asked who decides: it is whoever is signed in.
 */
export const defaultFormValues = (step: DecisionStep, ctx: FormContext): URLSearchParams => {
  const values = new URLSearchParams();
  const role = ctx.state.report.organisationRole;
  if (step === 'notify-controller' && role.role === 'processor') values.set('controllerContact', role.controller.name);
  return values;
};

/**
 * Puts each problem on its field. When the schema was satisfied, the problems are the policy's and keep its words,
 * which say what it requires; otherwise the fields' own words are shown.
 */
export const formErrors = (
  step: DecisionStep,
  placed: readonly PlacedField[],
  values: URLSearchParams,
  reading: FormReading,
  problems: readonly FieldProblem[],
): FormErrors =>
  fieldErrorsOf({
    placed,
    values,
    reading,
    problems,
    fromSchema: !schemaHolds(step, reading.body),
  });

/** Whether the schema holds for what the form sent. The form never sends who decides: that is the signed-in person. */
const schemaHolds = (step: DecisionStep, body: unknown): boolean => {
  const result = DECISION_SCHEMAS[step].safeParse(body);
  return result.success || result.error.issues.every((issue) => issue.path[0] === 'decidedBy');
};

export interface RenderFormOptions {
  step: DecisionStep;
  ctx: FormContext;
  placed: readonly PlacedField[];
  values: URLSearchParams;
  errors: FormErrors['byName'];
}

/** The step's fields, in order. The form element, its token and its button are the page's. */
export const renderFields = (o: RenderFormOptions): Html =>
  renderFormFields(o.placed, { ctx: o.ctx, values: o.values, errors: o.errors });
