import type { Art34Ground, Conclusion } from '../domain/assessment';
import { deadlinesFor, formatInTimeZone } from '../domain/clocks';
import { DECISION_SCHEMAS, type DecisionData, type DecisionStep, type FieldProblem } from '../domain/decisions';
import { suggestedParties } from '../domain/other-parties';
import { type OrganisationPolicy, OTHER_PARTIES, type OtherParty } from '../domain/policy';
import type { RECOVERY } from '../domain/report';
import type { BreachState } from '../domain/state';
import {
  type ChoiceItem,
  DATE_TIME_PARTS,
  type DateTimePart,
  dateTimeInput,
  type ErrorSummaryItem,
  fieldId,
  fieldset,
  hiddenInput,
  radios,
  textarea,
  textInput,
} from './components';
import { type Html, html } from './html';
import { CONCLUSION_TEXT, PARTY_TEXT, sentenceCase } from './labels';
import { isoFromWallTime, isRealWallTime, type WallTime, wallTimeOf } from './zoned-time';

/**
 * The form of each decision step, written against the step's zod schema in decisions.ts: one field definition per
 * property, named by its path in the decision (`decidedBy.name`, `parties[0].told`), so a problem the schema or the
 * policy reports at a path lands on the field of that name.
 *
 * The urlencoded POST body is turned into the object the schema expects by `formToDecision`: empty answers are left
 * out (the schema decides whether they were needed), yes/no radios become booleans, numbered fields become arrays,
 * date-and-time boxes become ISO 8601 in the organisation's time zone. It judges nothing the schema judges; it only
 * reports what cannot be turned into a value at all (a date with no month), in words a person can act on.
 */

/** What a form may depend on: the organisation's duties decide which questions are asked. */
export interface FormContext {
  policy: OrganisationPolicy;
  state: BreachState;
}

type Text<T = string | undefined> = T | ((ctx: FormContext) => T);

interface Option {
  value: string;
  text: string;
  hint?: string;
}

interface BaseField {
  /** The property of the decision object. */
  key: string;
  label: string;
  hint?: Text;
  /** Marks the label "(optional)". Whether a value is required is the schema's and the policy's business. */
  optional?: boolean;
  /** Asked only when this holds (a duty of the policy), or when the form already holds an answer to it. */
  when?: (ctx: FormContext) => boolean;
  /** The message when the field was left empty and needed, in the Design System's style ("Enter…", "Select…"). */
  missing?: string;
  /** The message when the schema refuses what was entered; otherwise the schema's own. */
  invalid?: string;
}

export type FieldDef =
  | (BaseField & {
      kind: 'text' | 'email' | 'textarea';
      max: number;
      width?: string;
      autocomplete?: string;
      rows?: number;
    })
  | (BaseField & { kind: 'integer'; min: number; max: number })
  | (BaseField & {
      kind: 'choice';
      type: 'string' | 'boolean' | 'integer';
      options: readonly Option[];
      inline?: boolean;
    })
  | (BaseField & { kind: 'datetime' })
  /** An object. Left empty, it is left out, unless `alwaysSent` (then each missing member is named). */
  | (BaseField & { kind: 'group'; fields: readonly FieldDef[]; alwaysSent?: boolean })
  /** An array of strings, one box each; empty boxes are dropped. */
  | (BaseField & { kind: 'list'; max: number; boxes: number; maxItems: number })
  /**
   * An array of objects, one fieldset each. With `fixed`, one row per value (each party the policy names), every row
   * answered; without, `rows` spare rows of which the empty ones are dropped.
   */
  | (BaseField & {
      kind: 'rows';
      fields: readonly FieldDef[];
      rowLabel: (index: number, fixedValue: string | undefined) => string;
      fixed?: { key: string; values: (ctx: FormContext) => readonly string[] };
      rows?: number;
      maxItems: number;
    });

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

const decidedBy: FieldDef = {
  kind: 'group',
  key: 'decidedBy',
  label: 'Who is taking this decision',
  hint: 'The decision is recorded with this name and role. Change them if someone other than the person this link was sent to is deciding.',
  alwaysSent: true,
  fields: person(),
};

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
      decidedBy,
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
      decidedBy,
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
      decidedBy,
    ],
  },
  'notify-subjects': {
    submit: 'Record how people were told',
    fields: [
      {
        kind: 'choice',
        type: 'string',
        key: 'method',
        label: 'How were the people affected told?',
        options: [
          { value: 'email', text: 'By e-mail' },
          { value: 'letter', text: 'By letter' },
          { value: 'email-and-letter', text: 'By e-mail and by letter' },
          { value: 'phone', text: 'By telephone' },
          { value: 'in-person', text: 'In person' },
          {
            value: 'public-communication',
            text: 'By a public communication',
            hint: 'For example, a prominent notice on your website, when telling each person is not possible.',
          },
          { value: 'not-told', text: 'They were not told', hint: 'You must then name the exemption relied on, below.' },
        ],
        missing: 'Select how the people affected were told',
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
      decidedBy,
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
      decidedBy,
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
      decidedBy,
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
      decidedBy,
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
      decidedBy,
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
      decidedBy,
    ],
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Placing the fields: which are shown, under which names and ids
// ---------------------------------------------------------------------------------------------------------------

/** A field as it appears on the page: its full form name, the id of its first input, and what it contains. */
export interface PlacedField {
  def: FieldDef;
  name: string;
  /** Where an error summary link lands: the first input of the field. */
  anchor: string;
  children: PlacedField[];
  /** For a row of `rows` with `fixed`: the fixed value; for a row: its legend. */
  fixedValue?: string;
  rowLabel?: string;
}

const textOf = <T>(text: Text<T>, ctx: FormContext): T =>
  typeof text === 'function' ? (text as (ctx: FormContext) => T)(ctx) : text;

const joinName = (prefix: string, key: string) => (prefix ? `${prefix}.${key}` : key);

/** Indices of the numbered entries `<name>[i]…` present in the values, in order. */
const presentIndices = (values: URLSearchParams, name: string): number[] => {
  const pattern = new RegExp(`^${name.replace(/[.[\]]/g, '\\$&')}\\[(\\d+)\\]`);
  const indices = new Set<number>();
  for (const key of values.keys()) {
    const match = pattern.exec(key);
    if (match?.[1] !== undefined && Number(match[1]) < 1000) indices.add(Number(match[1]));
  }
  return [...indices].sort((a, b) => a - b);
};

/** Whether any input under this name holds a non-blank value. */
const hasValue = (values: URLSearchParams, name: string): boolean => {
  for (const [key, value] of values) {
    if ((key === name || key.startsWith(`${name}.`) || key.startsWith(`${name}[`)) && value.trim() !== '') return true;
  }
  return false;
};

const place = (def: FieldDef, prefix: string, ctx: FormContext, values: URLSearchParams): PlacedField[] => {
  const name = joinName(prefix, def.key);
  if (def.when && !def.when(ctx) && !hasValue(values, name)) return [];
  const id = fieldId(name);
  switch (def.kind) {
    case 'datetime':
      return [{ def, name, anchor: `${id}-day`, children: [] }];
    case 'group': {
      const children = def.fields.flatMap((field) => place(field, name, ctx, values));
      return [{ def, name, anchor: children[0]?.anchor ?? id, children }];
    }
    case 'list': {
      const present = presentIndices(values, name);
      // One spare box beyond the last one sent, so a form that comes back with problems can take one more.
      const count = Math.min(def.maxItems, Math.max(def.boxes, (present.at(-1) ?? -1) + 2));
      const children = Array.from({ length: count }, (_, i): PlacedField => {
        const itemName = `${name}[${i}]`;
        return { def, name: itemName, anchor: fieldId(itemName), children: [] };
      });
      return [{ def, name, anchor: children[0]?.anchor ?? id, children }];
    }
    case 'rows': {
      const present = presentIndices(values, name);
      let fixedValues: (string | undefined)[];
      if (def.fixed) {
        const fixedKey = def.fixed.key;
        const submitted = present.map((i) => values.get(`${name}[${i}].${fixedKey}`) ?? '');
        const missing = def.fixed.values(ctx).filter((value) => !submitted.includes(value));
        fixedValues = [...submitted, ...missing].slice(0, def.maxItems);
      } else {
        const count = Math.min(def.maxItems, Math.max(def.rows ?? 1, (present.at(-1) ?? -1) + 2));
        fixedValues = Array.from({ length: count }, () => undefined);
      }
      const children = fixedValues.map((fixedValue, i): PlacedField => {
        const rowName = `${name}[${i}]`;
        const fields = def.fields.flatMap((field) => place(field, rowName, ctx, values));
        return {
          def,
          name: rowName,
          anchor: fields[0]?.anchor ?? fieldId(rowName),
          children: fields,
          ...(fixedValue === undefined ? {} : { fixedValue }),
          rowLabel: def.rowLabel(i, fixedValue),
        };
      });
      return [{ def, name, anchor: children[0]?.anchor ?? id, children }];
    }
    default:
      return [{ def, name, anchor: id, children: [] }];
  }
};

/** The fields of a step's form as shown for this breach and these values. */
export const placeFields = (step: DecisionStep, ctx: FormContext, values: URLSearchParams): PlacedField[] =>
  DECISION_FORMS[step].fields.flatMap((def) => place(def, '', ctx, values));

// ---------------------------------------------------------------------------------------------------------------
// Reading a submitted form
// ---------------------------------------------------------------------------------------------------------------

export interface FormReading {
  /** The decision as the schema expects it, for `validateDecision` / `takeDecision`. */
  body: Record<string, unknown>;
  /** What could not be read at all, at decision paths, in words for the person. */
  problems: FieldProblem[];
  /** A decision path's form name: `recommendations[0].owner` may be the second row on the page. */
  formPath: (decisionPath: string) => string;
}

export interface ReadOptions {
  /** The organisation's zone, in which dates and times are typed. */
  timeZone: string;
}

const PART_WORDS: Record<DateTimePart, string> = {
  day: 'a day',
  month: 'a month',
  year: 'a year',
  hour: 'an hour',
  minute: 'a minute',
};

const listWords = (values: readonly string[]): string =>
  values.length <= 1 ? (values[0] ?? '') : `${values.slice(0, -1).join(', ')} and ${values.at(-1)}`;

interface Reader {
  fields: URLSearchParams;
  timeZone: string;
  problems: FieldProblem[];
  renames: [decisionPrefix: string, formPrefix: string][];
}

const trimmed = (reader: Reader, name: string): string => (reader.fields.get(name) ?? '').trim();

const readDateTime = (reader: Reader, def: FieldDef, name: string, path: string): string | undefined => {
  const raw = Object.fromEntries(DATE_TIME_PARTS.map((part) => [part, trimmed(reader, `${name}.${part}`)])) as Record<
    DateTimePart,
    string
  >;
  const missing = DATE_TIME_PARTS.filter((part) => raw[part] === '');
  if (missing.length === DATE_TIME_PARTS.length) return undefined;
  if (missing.length > 0) {
    reader.problems.push({
      path,
      message: `${def.label.replace(/\?$/, '')}: the date and time must include ${listWords(missing.map((p) => PART_WORDS[p]))}`,
    });
    return undefined;
  }
  const wall = Object.fromEntries(
    DATE_TIME_PARTS.map((part) => [part, /^\d{1,4}$/.test(raw[part]) ? Number(raw[part]) : Number.NaN]),
  ) as unknown as WallTime;
  if (!isRealWallTime(wall)) {
    reader.problems.push({
      path,
      message: `${def.label.replace(/\?$/, '')}: enter a real date, with a 4-digit year, and a time on the 24-hour clock`,
    });
    return undefined;
  }
  return isoFromWallTime(wall, reader.timeZone);
};

const readScalar = (reader: Reader, def: FieldDef, name: string, path: string): unknown => {
  switch (def.kind) {
    case 'text':
    case 'email':
      return trimmed(reader, name) || undefined;
    case 'textarea': {
      // Browsers send line breaks as CRLF; stored text uses LF, as the API's JSON would.
      const value = trimmed(reader, name).replace(/\r\n?/g, '\n');
      return value || undefined;
    }
    case 'integer': {
      const value = trimmed(reader, name).replace(/,/g, '');
      if (value === '') return undefined;
      if (!/^-?\d{1,12}$/.test(value)) {
        reader.problems.push({ path, message: `${def.label.replace(/\?$/, '')}: enter a whole number, like 25` });
        return undefined;
      }
      return Number(value);
    }
    case 'choice': {
      const value = trimmed(reader, name);
      if (value === '') return undefined;
      // A value no option offers is passed on as it is: the schema names it, and nothing is guessed.
      if (def.type === 'boolean') return value === 'yes' ? true : value === 'no' ? false : value;
      if (def.type === 'integer') return /^\d+$/.test(value) ? Number(value) : value;
      return value;
    }
    case 'datetime':
      return readDateTime(reader, def, name, path);
    default:
      return undefined;
  }
};

const isEmptyObject = (value: Record<string, unknown>) => Object.keys(value).length === 0;

const readFields = (
  reader: Reader,
  defs: readonly FieldDef[],
  formPrefix: string,
  pathPrefix: string,
): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const def of defs) {
    const name = joinName(formPrefix, def.key);
    const path = joinName(pathPrefix, def.key);
    let value: unknown;
    switch (def.kind) {
      case 'group': {
        const group = readFields(reader, def.fields, name, path);
        // A group left empty is not there, and the schema or the policy says whether it was needed.
        value = !def.alwaysSent && isEmptyObject(group) ? undefined : group;
        break;
      }
      case 'list': {
        const items: string[] = [];
        for (const i of presentIndices(reader.fields, name)) {
          const item = trimmed(reader, `${name}[${i}]`).replace(/\r\n?/g, '\n');
          if (item === '') continue;
          if (items.length !== i) reader.renames.push([`${path}[${items.length}]`, `${name}[${i}]`]);
          items.push(item);
        }
        value = items;
        break;
      }
      case 'rows': {
        const rows: Record<string, unknown>[] = [];
        for (const i of presentIndices(reader.fields, name)) {
          const rowName = `${name}[${i}]`;
          const rowPath = `${path}[${rows.length}]`;
          const fixed = def.fixed ? trimmed(reader, `${rowName}.${def.fixed.key}`) : undefined;
          const before = reader.problems.length;
          const row = readFields(reader, def.fields, rowName, rowPath);
          // A spare row left empty is dropped; a row for a fixed party always counts, so an unanswered one is named.
          if (!def.fixed && isEmptyObject(row) && reader.problems.length === before) continue;
          if (rowPath !== rowName) reader.renames.push([rowPath, rowName]);
          rows.push(def.fixed && fixed ? { [def.fixed.key]: fixed, ...row } : row);
        }
        // Always an array, possibly empty: every array of the schemas is required, if only as [].
        value = rows;
        break;
      }
      default:
        value = readScalar(reader, def, name, path);
    }
    if (value !== undefined) out[def.key] = value;
  }
  return out;
};

/**
 * Turns the urlencoded body of a step's form into the decision object its schema expects. Fields the form does not
 * define are ignored, as the form never sends them; the CSRF token is the handler's business.
 */
export const formToDecision = (step: DecisionStep, fields: URLSearchParams, options: ReadOptions): FormReading => {
  const reader: Reader = { fields, timeZone: options.timeZone, problems: [], renames: [] };
  const body = readFields(reader, DECISION_FORMS[step].fields, '', '');
  const renames = [...reader.renames].sort((a, b) => b[0].length - a[0].length);
  const formPath = (decisionPath: string): string => {
    for (const [from, to] of renames) {
      if (decisionPath === from || decisionPath.startsWith(`${from}.`) || decisionPath.startsWith(`${from}[`)) {
        return to + decisionPath.slice(from.length);
      }
    }
    return decisionPath;
  };
  return { body, problems: reader.problems, formPath };
};

// ---------------------------------------------------------------------------------------------------------------
// Values for the form: from a decision, and the defaults of a fresh page
// ---------------------------------------------------------------------------------------------------------------

const writeFields = (
  out: URLSearchParams,
  defs: readonly FieldDef[],
  data: Record<string, unknown>,
  prefix: string,
  timeZone: string,
): void => {
  for (const def of defs) {
    const value = data[def.key];
    if (value === undefined || value === null) continue;
    const name = joinName(prefix, def.key);
    switch (def.kind) {
      case 'group':
        writeFields(out, def.fields, value as Record<string, unknown>, name, timeZone);
        break;
      case 'list':
        (value as unknown[]).forEach((item, i) => {
          out.set(`${name}[${i}]`, String(item));
        });
        break;
      case 'rows':
        (value as Record<string, unknown>[]).forEach((row, i) => {
          const rowName = `${name}[${i}]`;
          if (def.fixed) out.set(`${rowName}.${def.fixed.key}`, String(row[def.fixed.key] ?? ''));
          writeFields(out, def.fields, row, rowName, timeZone);
        });
        break;
      case 'datetime': {
        const wall = wallTimeOf(String(value), timeZone);
        for (const part of DATE_TIME_PARTS) out.set(`${name}.${part}`, String(wall[part]));
        break;
      }
      case 'choice':
        out.set(name, typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value));
        break;
      default:
        out.set(name, String(value));
    }
  }
};

/** The form values that show a decision: what a person would have typed to take it. */
export const decisionToForm = <S extends DecisionStep>(
  step: S,
  decision: DecisionData[S],
  options: ReadOptions,
): URLSearchParams => {
  const out = new URLSearchParams();
  writeFields(out, DECISION_FORMS[step].fields, decision as Record<string, unknown>, '', options.timeZone);
  return out;
};

/**
 * What a fresh page holds: the person the link was sent to (the DPO) as the one deciding, and for the controller's
 * notice the controller the report names. No decision is preselected: the system recommends, the person chooses.
 */
export const defaultFormValues = (step: DecisionStep, ctx: FormContext): URLSearchParams => {
  const values = new URLSearchParams();
  const { dpo } = ctx.policy;
  values.set('decidedBy.name', dpo.name);
  values.set('decidedBy.role', dpo.role ?? 'Data Protection Officer');
  values.set('decidedBy.email', dpo.email);
  const role = ctx.state.report.organisationRole;
  if (step === 'notify-controller' && role.role === 'processor') values.set('controllerContact', role.controller.name);
  return values;
};

// ---------------------------------------------------------------------------------------------------------------
// Problems on the page
// ---------------------------------------------------------------------------------------------------------------

export interface FormErrors {
  /** By placed field name (a field, a group, a list or a row). */
  byName: Map<string, string>;
  /** In the order of the fields on the page. */
  summary: ErrorSummaryItem[];
}

const flatten = (fields: readonly PlacedField[]): PlacedField[] =>
  fields.flatMap((field) => [field, ...flatten(field.children)]);

/** The placed field a form path belongs to: itself, else its nearest placed ancestor. */
const locate = (all: readonly PlacedField[], formPath: string): PlacedField | undefined => {
  for (let path = formPath; path !== ''; ) {
    const found = all.find((field) => field.name === path);
    if (found) return found;
    const parent = path.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
    if (parent === path) break;
    path = parent;
  }
  return undefined;
};

const labelOf = (field: PlacedField): string => field.def.label.replace(/\?$/, '');

const maxLengthOf = (field: PlacedField): number | undefined => {
  const { def } = field;
  if (def.kind === 'text' || def.kind === 'email' || def.kind === 'textarea') return def.max;
  // A list's boxes are placed with the list's definition.
  if (def.kind === 'list' && field.name !== def.key && field.name.endsWith(']')) return def.max;
  return undefined;
};

interface Located {
  field: PlacedField;
  /** The row the field is in, for "Select yes if they were told (Your insurer)". */
  row: PlacedField | undefined;
}

const messageFor = (
  { field, row }: Located,
  problem: FieldProblem,
  values: URLSearchParams,
  fromSchema: boolean,
): string => {
  const suffix = row?.rowLabel && row !== field ? ` (${row.rowLabel})` : '';
  if (!fromSchema) return sentenceCase(problem.message) + suffix;
  if (!hasValue(values, field.name)) {
    const label = labelOf(field);
    return (field.def.missing ?? `Enter ${label.charAt(0).toLowerCase()}${label.slice(1)}`) + suffix;
  }
  const max = maxLengthOf(field);
  if (max !== undefined && (values.get(field.name) ?? '').trim().length > max) {
    return `${labelOf(field)} must be ${max} characters or fewer${suffix}`;
  }
  return (field.def.invalid ?? sentenceCase(problem.message)) + suffix;
};

/**
 * Puts each problem on its field: the message shown beside it and the error summary's link to it. A problem the
 * schema found on an empty field gets the field's "Enter…" message; a problem of the policy (the schema was
 * satisfied) keeps the policy's own words, which say what it requires; what the form could not read keeps the
 * reader's words. A problem with no field of its own (the case cannot close yet) is listed without a link.
 */
export const formErrors = (
  step: DecisionStep,
  placed: readonly PlacedField[],
  values: URLSearchParams,
  reading: FormReading,
  problems: readonly FieldProblem[],
): FormErrors => {
  const all = flatten(placed);
  const rows = all.filter((field) => field.rowLabel !== undefined);
  const rowOf = (name: string) => rows.find((row) => name === row.name || name.startsWith(`${row.name}.`));
  const fromSchema = !DECISION_SCHEMAS[step].safeParse(reading.body).success;
  const readPaths = new Set(reading.problems.map((p) => p.path));
  const byName = new Map<string, string>();
  const located: { order: number; item: ErrorSummaryItem }[] = [];
  const unlocated: ErrorSummaryItem[] = [];
  const every = [
    ...reading.problems.map((problem) => ({ problem, read: true })),
    ...problems.filter((p) => !readPaths.has(p.path)).map((problem) => ({ problem, read: false })),
  ];
  for (const { problem, read } of every) {
    const field = locate(all, reading.formPath(problem.path));
    if (!field) {
      unlocated.push({ text: sentenceCase(problem.message) });
      continue;
    }
    // One message per field, the first found: a reading problem comes before what the schema says of the gap.
    if (byName.has(field.name)) continue;
    const message = messageFor({ field, row: rowOf(field.name) }, problem, values, fromSchema && !read);
    byName.set(field.name, message);
    located.push({ order: all.indexOf(field), item: { text: message, href: `#${field.anchor}` } });
  }
  return { byName, summary: [...unlocated, ...located.sort((a, b) => a.order - b.order).map((l) => l.item)] };
};

// ---------------------------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------------------------

const labelText = (def: FieldDef): string => `${def.label}${def.optional ? ' (optional)' : ''}`;

const dateParts = (values: URLSearchParams, name: string): Partial<Record<DateTimePart, string>> =>
  Object.fromEntries(DATE_TIME_PARTS.map((part) => [part, values.get(`${name}.${part}`) ?? '']));

const choiceItems = (options: readonly Option[]): ChoiceItem[] =>
  options.map((option) => ({ value: option.value, text: option.text, ...(option.hint ? { hint: option.hint } : {}) }));

const renderField = (
  field: PlacedField,
  ctx: FormContext,
  values: URLSearchParams,
  errors: Map<string, string>,
  nested: boolean,
): Html => {
  const { def, name } = field;
  const id = fieldId(name);
  const error = errors.get(name);
  const hint = def.hint === undefined ? undefined : textOf(def.hint, ctx);
  const legendSize = nested ? 's' : 'm';
  const labelClass = nested ? undefined : 'govuk-label--m';
  switch (def.kind) {
    case 'text':
    case 'email':
      return textInput({
        id,
        name,
        label: labelText(def),
        hint,
        error,
        value: values.get(name) ?? '',
        type: def.kind,
        ...(labelClass ? { labelClass } : {}),
        ...(def.width ? { width: def.width } : {}),
        ...(def.autocomplete ? { autocomplete: def.autocomplete } : {}),
        ...(def.kind === 'email' ? { spellcheck: false } : {}),
      });
    case 'textarea':
      return textarea({
        id,
        name,
        label: labelText(def),
        hint,
        error,
        value: values.get(name) ?? '',
        rows: def.rows ?? 5,
        ...(labelClass ? { labelClass } : {}),
      });
    case 'integer':
      return textInput({
        id,
        name,
        label: labelText(def),
        hint,
        error,
        value: values.get(name) ?? '',
        width: 'width-10',
        inputmode: 'numeric',
        spellcheck: false,
        ...(labelClass ? { labelClass } : {}),
      });
    case 'choice':
      return radios({
        id,
        name,
        legend: labelText(def),
        legendSize,
        hint,
        error,
        items: choiceItems(def.options),
        value: values.get(name) ?? undefined,
        ...(def.inline ? { inline: true } : {}),
      });
    case 'datetime': {
      const parts = dateParts(values, name);
      // With some boxes filled, only the empty ones are marked; with none (or all) filled, the whole field is.
      const empty = DATE_TIME_PARTS.filter((part) => (parts[part] ?? '').trim() === '');
      return dateTimeInput({
        id,
        name,
        legend: labelText(def),
        legendSize,
        hint,
        error,
        values: parts,
        ...(empty.length < DATE_TIME_PARTS.length ? { errorParts: empty } : {}),
      });
    }
    case 'group':
      return fieldset({
        id,
        legend: labelText(def),
        legendSize,
        hint,
        error,
        content: field.children.map((child) => renderField(child, ctx, values, errors, true)),
      });
    case 'list':
      return fieldset({
        id,
        legend: labelText(def),
        legendSize,
        hint,
        error,
        content: field.children.map((child, i) =>
          textarea({
            id: fieldId(child.name),
            name: child.name,
            label: `${def.label.replace(/s$/, '')} ${i + 1}`,
            error: errors.get(child.name),
            value: values.get(child.name) ?? '',
            rows: 2,
          }),
        ),
      });
    case 'rows':
      return fieldset({
        id,
        legend: labelText(def),
        legendSize,
        hint,
        error,
        content: field.children.map(
          (row) =>
            html`<div class="govuk-!-margin-bottom-6">${fieldset({
              id: fieldId(row.name),
              legend: row.rowLabel ?? '',
              legendSize: 's',
              error: errors.get(row.name),
              content: [
                def.fixed && row.fixedValue !== undefined
                  ? hiddenInput(`${row.name}.${def.fixed.key}`, row.fixedValue)
                  : undefined,
                row.children.map((child) => renderField(child, ctx, values, errors, true)),
              ],
            })}</div>`,
        ),
      });
  }
};

export interface RenderFormOptions {
  step: DecisionStep;
  ctx: FormContext;
  placed: readonly PlacedField[];
  values: URLSearchParams;
  errors: Map<string, string>;
}

/** The step's fields, in order. The form element, its token and its button are the page's. */
export const renderFields = (o: RenderFormOptions): Html =>
  html`${o.placed.map((field) => renderField(field, o.ctx, o.values, o.errors, false))}`;
