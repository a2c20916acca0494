import { accessCodesSchema, accessCodesToChange } from '../domain/access-codes';
import { amendmentSchema } from '../domain/amend-facts';
import { investigatorSchema } from '../domain/assign-investigator';
import { exchangeSchema, outcomeSchema } from '../domain/authority-exchanges';
import { breachObligations, obligationCaseOf, primaryObligation } from '../domain/breach-obligations';
import { authorityNotified } from '../domain/closure';
import { partyDecisionSchema } from '../domain/decide-party';
import { DECISION_SCHEMAS } from '../domain/decisions';
import {
  AUTHORITY_OUTCOMES,
  type AuthorityOutcome,
  BREACH_RELATIONS,
  type BreachRelation,
  type EventData,
} from '../domain/events';
import { linkSchema } from '../domain/link-breaches';
import { NOT_A_BREACH_STEPS, notABreachSchema } from '../domain/not-a-breach';
import { suggestedParties } from '../domain/other-parties';
import type { OtherParty } from '../domain/policy';
import { type RECEIPT_SOURCES, receiptSchema } from '../domain/receipts';
import { obligationStageSentSchema } from '../domain/record-obligation-stage';
import { revisionReasonSchema } from '../domain/revise-decision';
import type { TrackedAction } from '../domain/state';
import { closeActionSchema } from '../domain/track-actions';
import { DECISION_FORMS, type FormContext } from './decision-forms';
import type { FieldDef as FormFieldDef, Option } from './forms';
import { PARTY_TEXT } from './labels';
import { REPORT_FIELDS, type ReportField } from './report-form-fields';

/**
 * The console's forms for what happens on an open case after its first decision, each written against the schema of
 * its use case (the same ones `POST /breaches/{id}/…` of the API takes): the authority's outcome with its required
 * actions, an action completed or accepted, another party told or not, an exchange with the authority, the outcome
 * "not a personal-data breach", the investigator, access codes changed, a receipt, a related breach. Definitions
 * only: the one form engine (forms.ts) places, reads and renders them; console/case-change-routes.ts records them.
 *
 * No form asks who is acting: the person is whoever is signed in, put into the schema's person field (`actor`).
 */

/** The changes the console offers, each at `/console/breaches/{id}/<change>[/<item>]`. */
export const CASE_CHANGES = [
  'amendments',
  'authority-outcome',
  'actions',
  'other-parties',
  'authority-exchanges',
  'not-a-breach',
  'revisions',
  'investigator',
  'access-codes',
  'receipts',
  'links',
  'obligation-stages',
] as const;
export type CaseChange = (typeof CASE_CHANGES)[number];

export const isCaseChange = (value: string | undefined): value is CaseChange =>
  CASE_CHANGES.some((change) => change === value);

/** What a form may depend on: the breach, the policy, and for an item's form (one action, one party) the item. */
export interface CaseChangeContext extends FormContext {
  action?: TrackedAction;
  party?: OtherParty;
  /** The fact amended: a top-level key of the report. */
  fact?: AmendableFact;
  /** The stage of another obligation recorded as sent. */
  stage?: OtherStage;
}

/** A stage of an obligation beyond the policy's own authority clock (another authority's report, a NIS2 warning). */
export interface OtherStage {
  key: string;
  label: string;
  /** Who it goes to: the authority's name, else the law. */
  to: string;
  dueAt: string;
}

/**
 * The stages of the breach's obligations other than the one the policy's authority clock stands for, in plan order:
 * the console addresses each by its position (its key holds a slash), as the case page lists them.
 */
export const otherStages = (ctx: Pick<CaseChangeContext, 'state' | 'policy'>): OtherStage[] => {
  const obligations = breachObligations(obligationCaseOf(ctx.state), ctx.policy);
  const primary = primaryObligation(obligations, ctx.policy)?.id;
  return obligations
    .filter((o) => o.id !== primary)
    .flatMap((o) =>
      o.stages.map((stage) => ({
        key: stage.key,
        label: stage.label,
        to: o.authority?.name ?? o.law,
        dueAt: stage.dueAt,
      })),
    );
};

type FieldDef = FormFieldDef<CaseChangeContext>;

/** Judges what the form reads once the signed-in person is put in: the schema of the use case. */
interface Schema {
  safeParse(input: unknown): { success: boolean };
}

export interface CaseChangeForm {
  /** The page's heading, and the link on the case page. */
  title: (ctx: CaseChangeContext) => string;
  submit: string;
  /** Where the schema wants the person who acts; absent when the use case takes them beside the body. */
  actor?: 'recordedBy' | 'closedBy' | 'decidedBy' | 'assignedBy' | 'linkedBy' | 'amendedBy';
  /** Whether the change is item by item (an action, a party, a fact): its id is the last part of the address. */
  item?: 'action' | 'party' | 'fact' | 'stage';
  schema: Schema;
  /** The questions; for an amendment, those of the one fact amended. */
  fields: readonly FieldDef[] | ((ctx: CaseChangeContext) => readonly FieldDef[]);
  /**
   * Whether the change can be made on this open case now: the case page links the form only then, and the form
   * refuses (409, nothing written) otherwise.
   */
  applies: (ctx: CaseChangeContext) => boolean;
}

const YES_NO: readonly Option[] = [
  { value: 'yes', text: 'Yes' },
  { value: 'no', text: 'No' },
];

const timeHint = (ctx: CaseChangeContext) =>
  `Use the 24-hour clock, in ${ctx.policy.timeZone} time. For example, 27 3 2025, 14 30.`;

export const AUTHORITY_OUTCOME_TEXT: Record<AuthorityOutcome, string> = {
  'no-further-action': 'No further action',
  'remedial-actions-required': 'Remedial actions required',
  reprimand: 'A reprimand',
  'enforcement-notice': 'An enforcement notice',
  penalty: 'A penalty',
  other: 'Another outcome',
};

export const RELATION_TEXT: Record<BreachRelation, string> = {
  'same-incident': 'The same incident',
  'found-to-be':
    'This breach was found to be the other one (for example, an availability breach found to be a confidentiality breach)',
  'follows-from': 'This breach follows from the other one',
  similar: 'A similar breach',
};

export const CHANNEL_TEXT: Record<EventData['authority-exchange']['channel'], string> = {
  letter: 'Letter',
  phone: 'Telephone call',
  portal: 'Portal message',
  email: 'E-mail',
  meeting: 'Meeting',
};

const RECEIPT_TEXT: Record<(typeof RECEIPT_SOURCES)[number], string> = {
  ico: 'The ICO (written confirmation of receipt)',
  dspt: 'The DSPT incident tool',
};

const optionsOf = <K extends string>(texts: Record<K, string>): Option[] =>
  (Object.entries(texts) as [K, string][]).map(([value, text]) => ({ value, text }));

const caseReference: FieldDef = {
  kind: 'text',
  key: 'caseReference',
  label: 'The authority’s case reference',
  hint: 'For example, IC-123456-A1B2',
  optional: true,
  max: 100,
  width: 'width-20',
};

const personFields = (who: string): FieldDef[] => [
  { kind: 'text', key: 'name', label: 'Full name', max: 200, autocomplete: 'off', missing: `Enter the ${who}’s name` },
  {
    kind: 'text',
    key: 'role',
    label: 'Role',
    hint: 'For example, Deputy Headteacher or Registered Manager',
    max: 200,
    missing: `Enter the ${who}’s role`,
  },
  {
    kind: 'email',
    key: 'email',
    label: 'E-mail address',
    optional: true,
    max: 254,
    autocomplete: 'off',
    invalid: 'Enter an e-mail address in the correct format, like name@example.org',
  },
];

/** The parties the procedure suggests for this breach (the same list the closure checks). */
export const partiesOf = (ctx: CaseChangeContext): OtherParty[] => [...suggestedParties(ctx.state, ctx.policy).keys()];

const isOpen = (ctx: CaseChangeContext) => ctx.state.status !== 'closed';

/** The questions of a form for this case (and item). */
export const caseChangeFields = (change: CaseChange, ctx: CaseChangeContext): readonly FieldDef[] => {
  const { fields } = CASE_CHANGE_FORMS[change];
  return typeof fields === 'function' ? fields(ctx) : fields;
};

/**
 * The facts a person may amend, each a top-level key of the report as the report form asks it: every one but the
 * organisation's role, which chose the case's route when it was reported (amend-facts.ts).
 */
export const AMENDABLE_FACTS = [...new Set(REPORT_FIELDS.map((field) => factOf(field.key)))].filter(
  (fact): fact is AmendableFact => fact !== 'organisationRole',
);
export type AmendableFact = string;

function factOf(key: string): string {
  return key.split('.')[0] ?? key;
}

/** The report form's question, asked as a change (`changes.<fact>`); the report form's questions take no context. */
const asChange = (field: ReportField): FieldDef => {
  const { hint, when, under, ...rest } = field;
  const common = {
    key: `changes.${field.key}`,
    ...(hint === undefined ? {} : { hint: typeof hint === 'function' ? hint(undefined) : hint }),
    ...(when ? { when: () => when(undefined) } : {}),
    ...(under ? { under: { key: `changes.${under.key}`, value: under.value } } : {}),
  };
  switch (rest.kind) {
    case 'group':
      return { ...rest, ...common, fields: rest.fields.map(asChange) };
    case 'rows':
      return { ...rest, ...common, fields: rest.fields.map(asChange), fixed: undefined };
    default:
      return { ...rest, ...common };
  }
};

/** The questions of one fact, by the report form's words. */
export const factFields = (fact: string): FieldDef[] =>
  REPORT_FIELDS.filter((field) => factOf(field.key) === fact).map(asChange);

/** What the fact is called: its first question, without the question mark. */
export const factLabel = (fact: string): string =>
  (REPORT_FIELDS.find((field) => factOf(field.key) === fact)?.label ?? fact).replace(/\?$/, '');

/** An amendment: the changed facts, why, and who (amend-facts.ts). */
const amendment: Schema = amendmentSchema;

/** A revision is a whole decide decision plus why it is revised (revise-decision.ts judges both). */
const revisionSchema: Schema = {
  safeParse: (input) => {
    const { reason, ...decision } =
      typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
    return {
      success:
        DECISION_SCHEMAS.decide.safeParse(decision).success && revisionReasonSchema.safeParse({ reason }).success,
    };
  },
};

export const CASE_CHANGE_FORMS: Record<CaseChange, CaseChangeForm> = {
  amendments: {
    title: (ctx) => (ctx.fact ? `Amend: ${factLabel(ctx.fact)}` : 'Amend the facts'),
    submit: 'Amend the fact',
    actor: 'amendedBy',
    item: 'fact',
    schema: amendment,
    applies: isOpen,
    fields: (ctx) => [
      ...(ctx.fact ? factFields(ctx.fact) : []),
      {
        kind: 'textarea',
        key: 'reason',
        label: 'Why does this fact change?',
        hint: 'The report as first received stays in the record. The risk is assessed again from the facts as they now stand.',
        max: 5000,
        rows: 3,
        missing: 'Enter why this fact changes',
      },
    ],
  },
  'authority-outcome': {
    title: () => 'Record the authority’s outcome',
    submit: 'Record the outcome',
    actor: 'recordedBy',
    schema: outcomeSchema,
    // The outcome answers the report: once the authority has been told, and again if it changes its view.
    applies: (ctx) => isOpen(ctx) && authorityNotified(ctx.state),
    fields: [
      {
        kind: 'choice',
        type: 'string',
        key: 'outcome',
        label: 'What did the authority decide?',
        options: AUTHORITY_OUTCOMES.map((value) => ({ value, text: AUTHORITY_OUTCOME_TEXT[value] })),
        missing: 'Select what the authority decided',
      },
      {
        kind: 'datetime',
        key: 'at',
        label: 'When did the authority tell you?',
        hint: timeHint,
        missing: 'Enter when the authority told you',
      },
      {
        kind: 'textarea',
        key: 'summary',
        label: 'What the authority said',
        max: 5000,
        rows: 4,
        missing: 'Enter what the authority said',
      },
      caseReference,
      {
        kind: 'rows',
        key: 'requiredActions',
        label: 'Actions the authority requires',
        hint: 'Each becomes a tracked action: its owner is reminded before and after the due date, and the case closes only once it is complete or its rationale accepted. Leave the rows you do not need empty.',
        optional: true,
        rowLabel: (index) => `Required action ${index + 1}`,
        rows: 2,
        maxItems: 50,
        fields: [
          {
            kind: 'textarea',
            key: 'title',
            label: 'What must be done',
            max: 2000,
            rows: 2,
            missing: 'Enter what must be done',
          },
          { kind: 'text', key: 'owner.name', label: 'Who will do it', max: 200, missing: 'Enter who will do it' },
          { kind: 'text', key: 'owner.role', label: 'Their role', optional: true, max: 200 },
          {
            kind: 'email',
            key: 'owner.email',
            label: 'Their e-mail address',
            hint: 'Breachdesk reminds them here before and after the due date.',
            optional: true,
            max: 254,
            autocomplete: 'off',
            invalid: 'Enter an e-mail address in the correct format, like name@example.org',
          },
          { kind: 'datetime', key: 'dueAt', label: 'Due by', hint: timeHint, missing: 'Enter when it is due' },
        ],
      },
    ],
  },
  actions: {
    title: (ctx) => `Close action ${ctx.action?.actionId ?? ''}`.trim(),
    submit: 'Record it',
    actor: 'closedBy',
    item: 'action',
    schema: closeActionSchema,
    applies: (ctx) => isOpen(ctx) && ctx.action?.status === 'open',
    fields: [
      {
        kind: 'choice',
        type: 'string',
        key: 'outcome',
        label: 'Where does the action stand?',
        options: [
          { value: 'complete', text: 'It is complete' },
          {
            value: 'accepted',
            text: 'It will not be done, for reasons accepted',
            hint: 'The reasons are agreed with the person your policy names.',
          },
        ],
        missing: 'Select whether the action is complete or will not be done',
      },
      {
        kind: 'textarea',
        key: 'note',
        label: 'What was done, or why it will not be',
        max: 5000,
        rows: 4,
        missing: 'Enter what was done, or why it will not be',
      },
    ],
  },
  'other-parties': {
    title: (ctx) => `Tell ${ctx.party ? PARTY_TEXT[ctx.party].replace(/^The /, 'the ') : 'another party'}?`,
    submit: 'Record the decision',
    actor: 'decidedBy',
    item: 'party',
    schema: partyDecisionSchema,
    // Parties are decided once the notification decision says what the breach is (a crime, a lost device).
    applies: (ctx) =>
      isOpen(ctx) && ctx.state.decisions.decide !== undefined && !!ctx.party && partiesOf(ctx).includes(ctx.party),
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
      {
        kind: 'datetime',
        key: 'at',
        label: 'When were they told?',
        hint: timeHint,
        under: { key: 'told', value: 'yes' },
      },
      {
        kind: 'text',
        key: 'reference',
        label: 'Their reference',
        optional: true,
        max: 200,
        width: 'width-20',
        under: { key: 'told', value: 'yes' },
      },
      {
        kind: 'textarea',
        key: 'note',
        label: 'How they were told, or why not',
        max: 2000,
        rows: 3,
        missing: 'Enter how they were told, or why not',
      },
    ],
  },
  'authority-exchanges': {
    title: () => 'Record an exchange with the authority',
    submit: 'Record the exchange',
    actor: 'recordedBy',
    schema: exchangeSchema,
    applies: isOpen,
    fields: [
      {
        kind: 'choice',
        type: 'string',
        key: 'direction',
        label: 'Who contacted whom?',
        options: [
          { value: 'in', text: 'The authority contacted us' },
          { value: 'out', text: 'We contacted the authority' },
        ],
        missing: 'Select who contacted whom',
      },
      {
        kind: 'choice',
        type: 'string',
        key: 'channel',
        label: 'How?',
        options: optionsOf(CHANNEL_TEXT),
        missing: 'Select how',
      },
      { kind: 'datetime', key: 'at', label: 'When?', hint: timeHint, missing: 'Enter when' },
      { kind: 'textarea', key: 'summary', label: 'What was said', max: 5000, rows: 4, missing: 'Enter what was said' },
      caseReference,
    ],
  },
  'not-a-breach': {
    title: () => 'Record that this is not a personal-data breach',
    submit: 'Close it as not a breach',
    actor: 'decidedBy',
    schema: notABreachSchema,
    // Before the notification decision only: afterwards the decision is revised instead (not-a-breach.ts).
    applies: (ctx) =>
      isOpen(ctx) &&
      ctx.state.decisions.decide === undefined &&
      NOT_A_BREACH_STEPS.some((step) => ctx.state.pendingSteps.includes(step)),
    fields: [
      {
        kind: 'textarea',
        key: 'reasons',
        label: 'Why is this not a personal-data breach?',
        hint: 'For example, the laptop was found to hold no personal data. The case closes with these reasons and stays in the register.',
        max: 10_000,
        rows: 5,
        missing: 'Enter why this is not a personal-data breach',
      },
    ],
  },
  revisions: {
    title: () => 'Revise the notification decision',
    submit: 'Record the revised decision',
    actor: 'decidedBy',
    schema: revisionSchema,
    applies: (ctx) => isOpen(ctx) && ctx.state.decisions.decide !== undefined,
    fields: [
      {
        kind: 'textarea',
        key: 'reason',
        label: 'Why is the decision revised?',
        hint: 'For example, the authority’s feedback, or facts found since. Confirming the same conclusion with reasons is a revision too.',
        max: 5000,
        rows: 4,
        missing: 'Enter why the decision is revised',
      },
      // The decide step's own questions; who decides, and senior management's sign-off, are the signed-in person.
      ...DECISION_FORMS.decide.fields.filter((field) => field.key !== 'decidedBy' && field.key !== 'signedOffBy'),
    ],
  },
  investigator: {
    title: () => 'Assign the investigator',
    submit: 'Assign the investigator',
    actor: 'assignedBy',
    schema: investigatorSchema,
    applies: isOpen,
    fields: [
      {
        kind: 'group',
        key: 'investigator',
        label: 'Who investigates the breach?',
        alwaysSent: true,
        fields: personFields('investigator'),
      },
      {
        kind: 'group',
        key: 'agreedWith',
        label: 'Who in management agreed it?',
        optional: true,
        fields: personFields('manager'),
      },
      { kind: 'textarea', key: 'note', label: 'Note', optional: true, max: 2000, rows: 3 },
    ],
  },
  'access-codes': {
    title: () => 'Record the access codes changed',
    submit: 'Record the change',
    actor: 'recordedBy',
    schema: accessCodesSchema,
    applies: (ctx) => isOpen(ctx) && accessCodesToChange(ctx.state, ctx.policy),
    fields: [
      { kind: 'datetime', key: 'changedAt', label: 'When were they changed?', hint: timeHint, missing: 'Enter when' },
      {
        kind: 'integer',
        key: 'properties',
        label: 'How many properties’ codes were changed?',
        min: 1,
        max: 1_000_000,
        missing: 'Enter how many properties’ codes were changed',
      },
      { kind: 'textarea', key: 'how', label: 'How were they changed?', max: 2000, rows: 3, missing: 'Enter how' },
    ],
  },
  receipts: {
    title: () => 'Record a receipt for a report',
    submit: 'Record the receipt',
    actor: 'recordedBy',
    schema: receiptSchema,
    applies: isOpen,
    fields: [
      {
        kind: 'choice',
        type: 'string',
        key: 'from',
        label: 'Who confirmed receipt?',
        options: optionsOf(RECEIPT_TEXT),
        missing: 'Select who confirmed receipt',
      },
      {
        kind: 'text',
        key: 'reference',
        label: 'Their reference',
        max: 100,
        width: 'width-20',
        missing: 'Enter the reference',
      },
      {
        kind: 'datetime',
        key: 'receivedAt',
        label: 'When was the report received?',
        hint: timeHint,
        missing: 'Enter when',
      },
    ],
  },
  links: {
    title: () => 'Link a related breach',
    submit: 'Link the breach',
    actor: 'linkedBy',
    schema: linkSchema,
    applies: isOpen,
    fields: [
      {
        kind: 'text',
        key: 'relatedBreachId',
        label: 'Reference of the related breach',
        hint: 'For example, BR-2025-0A1B2C3D',
        max: 100,
        width: 'width-20',
        missing: 'Enter the reference of the related breach',
      },
      {
        kind: 'choice',
        type: 'string',
        key: 'relation',
        label: 'How are they related?',
        options: BREACH_RELATIONS.map((value) => ({ value, text: RELATION_TEXT[value] })),
        missing: 'Select how they are related',
      },
      { kind: 'textarea', key: 'note', label: 'Note', max: 2000, rows: 3, missing: 'Enter a note' },
    ],
  },
  'obligation-stages': {
    title: (ctx) => (ctx.stage ? `Record as sent: ${ctx.stage.label} to ${ctx.stage.to}` : 'Record a stage as sent'),
    submit: 'Record it as sent',
    item: 'stage',
    schema: obligationStageSentSchema,
    applies: (ctx) => isOpen(ctx) && !!ctx.stage && ctx.state.obligationsSent?.[ctx.stage.key] === undefined,
    fields: [
      {
        kind: 'datetime',
        key: 'sentAt',
        label: 'When was it sent?',
        hint: timeHint,
        missing: 'Enter when it was sent',
      },
      { kind: 'text', key: 'reference', label: 'Their reference', optional: true, max: 100, width: 'width-20' },
      {
        kind: 'textarea',
        key: 'delayReason',
        label: 'If it went after its deadline, why',
        hint: 'A late notification gives the reasons for the delay (GDPR Art. 33(1)).',
        optional: true,
        max: 5000,
        rows: 3,
      },
    ],
  },
};
