import * as z from 'zod/mini';
import { ART34_GROUNDS, type Art34Ground, CONCLUSIONS, type Conclusion } from './assessment';
import { DecisionInvalidError } from './decision-errors';
import { fieldErrors } from './field-errors';
import { confirmedSendSchema } from './notice-reach';
import { noticeWordingSchema } from './notice-wording';
import { type OrganisationPolicy, OTHER_PARTIES } from './policy';
import { RECOVERY } from './report';
import './zod-english';

/**
 * The decisions people take during a breach, one per callback step of the state machine. The system recommends;
 * a named person decides; both are recorded. Each step's schema says what the decision must carry, and
 * `validateDecision` adds the rules that depend on the organisation's policy and on the breach so far (a decision
 * that departs from the recommendation must say why; a late authority notification must give reasons for the delay).
 */

export const DECISION_STEPS = [
  'contain',
  'decide',
  'notify-authority',
  'notify-subjects',
  'notify-controller',
  'notify-other-parties',
  'evaluate',
  'close',
  'recover',
] as const;
export type DecisionStep = (typeof DECISION_STEPS)[number];

/** What each step asks of the person, in the words the decision page and the mail use. */
export const STEP_TITLES: Record<DecisionStep, string> = {
  contain: 'Contain the breach',
  decide: 'Decide whether to notify',
  'notify-authority': 'Record the report to the supervisory authority',
  'notify-subjects': 'Tell the people affected',
  'notify-controller': 'Record the notice to the controller',
  'notify-other-parties': 'Record which other parties were told',
  evaluate: 'Evaluate: root causes and lessons',
  close: 'Close the case',
  recover: 'Resume after a failure',
};

/** RCOT 6.1.1, the areas whose representatives may take part in the risk assessment. */
export const ASSESSMENT_AREAS = [
  'senior-management',
  'business-area',
  'technology',
  'information-security',
  'legal',
  'data-protection-officer',
  'other',
] as const;

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const timestamp = z.iso.datetime({ offset: true });

export const personSchema = z.strictObject({
  name: text(200),
  role: text(200),
  email: z.optional(z.email().check(z.maxLength(254))),
});
export type Person = z.infer<typeof personSchema>;

const base = { decidedBy: personSchema };

export const containDecisionSchema = z.strictObject({
  ...base,
  contained: z.boolean(),
  measures: text(5000),
  containedAt: z.optional(timestamp),
  recovery: z.optional(z.enum(RECOVERY)),
});

export const decideDecisionSchema = z.strictObject({
  ...base,
  conclusion: z.enum(CONCLUSIONS),
  rationale: z
    .string()
    .check(z.trim(), z.minLength(20, 'give the reasons in at least a sentence'), z.maxLength(10_000)),
  /** Why the decision departs from the recommendation; required when it does. */
  departureReason: z.optional(text(5000)),
  /** The organisation's own severity level, when the person grades it differently from the computed one. */
  severityLevel: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(4))),
  /** Senior management sign-off (RCOT). */
  signedOffBy: z.optional(personSchema),
  /**
   * Who took part in the risk assessment (RCOT 6.1.1: "Parties involved in this risk assessment may include
   * representatives from the following areas"), each with the area they represented.
   */
  assessmentParticipants: z.optional(
    z
      .array(z.strictObject({ name: text(200), role: text(200), area: z.enum(ASSESSMENT_AREAS) }))
      .check(z.maxLength(30)),
  ),
  /** Evidence that justifies not reporting (Elite Care, school): required with that conclusion under those duties. */
  evidence: z.optional(text(10_000)),
  /** Report to the police because the data was compromised by a criminal act (Elite Care's police route). */
  police: z.optional(z.strictObject({ report: z.boolean(), reason: text(2000) })),
  /** An Art. 34(3) exemption relied on for not telling the people affected despite a high risk. */
  subjectExemption: z.optional(z.strictObject({ ground: z.enum(ART34_GROUNDS), explanation: text(5000) })),
  /**
   * Tell the people affected although the risk to them is not high: a choice of its own, which changes neither the
   * conclusion nor the risk (decided-risk.ts). Their notices then say the risk is not high.
   */
  informSubjectsVoluntarily: z.optional(z.boolean()),
});

export const notifyAuthorityDecisionSchema = z.strictObject({
  ...base,
  channel: z.enum(['ico-online-form', 'phone', 'email', 'dspt']),
  phase: z._default(z.enum(['initial', 'follow-up', 'final']), 'initial'),
  submittedAt: timestamp,
  reference: z.optional(text(100)),
  /** Art. 33(1): required when the report is made after the authority deadline. */
  delayReason: z.optional(text(5000)),
  /** School: the DPO (or deputy) consulted before any report to the ICO. */
  dpoConsultedAt: z.optional(timestamp),
  /** School: SLT quality-checked the report. */
  qualityCheckedBy: z.optional(personSchema),
  /** Social care: the DSPT incident reference, and when the confirming e-mail went to the ICO. */
  dspt: z.optional(z.strictObject({ reference: text(100), icoConfirmationSentAt: timestamp })),
  /** RCOT: written confirmation of receipt from the authority. */
  acknowledgement: z.optional(z.strictObject({ receivedAt: timestamp, reference: z.optional(text(100)) })),
});

/**
 * How the people affected are told. `email` and `email-and-letter` start the e-mail fan-out, and only with the count
 * the person confirmed (`confirmedSend`); `other-means` records that they were already told (by phone, in a meeting)
 * and sends nothing.
 */
export const NOTIFY_SUBJECTS_METHODS = [
  'email',
  'letter',
  'email-and-letter',
  'phone',
  'in-person',
  'public-communication',
  'other-means',
  'not-told',
] as const;
export type NotifySubjectsMethod = (typeof NOTIFY_SUBJECTS_METHODS)[number];
/** The methods whose decision starts the e-mail fan-out: only with `confirmedSend`. */
export const SENDING_METHODS: readonly NotifySubjectsMethod[] = ['email', 'email-and-letter'];

export const notifySubjectsDecisionSchema = z.strictObject({
  ...base,
  method: z.enum(NOTIFY_SUBJECTS_METHODS),
  notifiedAt: z.optional(timestamp),
  count: z.optional(z.number().check(z.int(), z.minimum(0))),
  /** Social care: vulnerable people told through a representative (next of kin, attorney, care professional). */
  throughRepresentatives: z.optional(z.boolean()),
  exemption: z.optional(z.strictObject({ ground: z.enum(ART34_GROUNDS), explanation: text(5000) })),
  note: z.optional(text(5000)),
  /**
   * What the person saw in the preview and pressed "send" for: the e-mails and letters (`{ emails, letters }`), or the
   * number of people on the list. Required for the methods that send (e-mail), and it must match the list as it is
   * when the decision is recorded (a stale count is refused with 409), so nothing leaves that nobody confirmed.
   */
  confirmedSend: z.optional(confirmedSendSchema),
  /** The notice as the person edited it in the preview, within what Art. 34(2) requires (notice-wording.ts). */
  wording: z.optional(noticeWordingSchema),
});

/** The routes a controller may agree for the details after the call. */
export const CONTROLLER_FOLLOW_UP_ROUTES = ['email', 'secure-transfer', 'portal', 'post', 'other'] as const;

export const notifyControllerDecisionSchema = z.strictObject({
  ...base,
  notifiedAt: timestamp,
  channel: z.enum(['phone', 'email', 'secure-transfer', 'other']),
  controllerContact: text(200),
  summary: text(5000),
  /**
   * How the details follow the call, as agreed with the controller (generic procedure: "via telephone initially,
   * then secure transfer of subsequent information can be agreed"). Only `email` lets Breachdesk e-mail the notice.
   */
  followUpRoute: z.optional(z.enum(CONTROLLER_FOLLOW_UP_ROUTES)),
});

export const notifyOtherPartiesDecisionSchema = z.strictObject({
  ...base,
  parties: z
    .array(
      z.strictObject({
        party: z.enum(OTHER_PARTIES),
        told: z.boolean(),
        at: z.optional(timestamp),
        reference: z.optional(text(200)),
        note: z.optional(text(2000)),
      }),
    )
    .check(z.maxLength(OTHER_PARTIES.length)),
});

export const evaluateDecisionSchema = z.strictObject({
  ...base,
  rootCauses: z.array(text(2000)).check(z.minLength(1), z.maxLength(20)),
  lessons: text(10_000),
  trainingNeeds: z.optional(text(5000)),
  recommendations: z
    .array(
      z.strictObject({
        action: text(2000),
        owner: text(200),
        /** Where the owner's reminders go (before and after `dueBy`). */
        ownerEmail: z.optional(z.email().check(z.maxLength(254))),
        dueBy: z.optional(timestamp),
      }),
    )
    .check(z.maxLength(50)),
});

export const closeDecisionSchema = z.strictObject({
  ...base,
  recommendationsCompleted: z.boolean(),
  /**
   * Kept for callers that send it; closure no longer rests on it: the authority's required actions are tracked one
   * by one (closure.ts).
   */
  authorityActionsImplemented: z.optional(z.boolean()),
  authorityActionsRationale: z.optional(text(5000)),
  finalReportToBoardAt: z.optional(timestamp),
  note: z.optional(text(5000)),
});

export const recoverDecisionSchema = z.strictObject({ ...base, note: text(5000) });

export const DECISION_SCHEMAS = {
  contain: containDecisionSchema,
  decide: decideDecisionSchema,
  'notify-authority': notifyAuthorityDecisionSchema,
  'notify-subjects': notifySubjectsDecisionSchema,
  'notify-controller': notifyControllerDecisionSchema,
  'notify-other-parties': notifyOtherPartiesDecisionSchema,
  evaluate: evaluateDecisionSchema,
  close: closeDecisionSchema,
  recover: recoverDecisionSchema,
} as const satisfies Record<DecisionStep, z.ZodMiniType>;

export type DecisionData = { [S in DecisionStep]: z.output<(typeof DECISION_SCHEMAS)[S]> };
export type Decision = { [S in DecisionStep]: { step: S; data: DecisionData[S] } }[DecisionStep];

/** What the Case branch does after the decision: each flag routes one Choice state of the ASL. */
export interface NotificationPlan {
  authority: boolean;
  subjects: boolean;
  controller: boolean;
  otherParties: boolean;
}

/** What a decision is checked against besides its own fields. */
export interface DecisionContext {
  policy: Pick<OrganisationPolicy, 'duties' | 'otherParties'>;
  role: 'controller' | 'processor';
  awareAt: string;
  /** When the authority clock runs out (Art. 33(1)). */
  authorityDueAt: string;
  recommendation?: Conclusion;
  /** The conclusion decided earlier, for the steps after `decide`. */
  conclusion?: Conclusion;
  /** Whether the authority was told (for closure). */
  authorityNotified: boolean;
  /**
   * Whether the authority's written confirmation of receipt is recorded (RCOT). Optional so that contexts built
   * before the duty was enforced still type-check; absent counts as not acknowledged.
   */
  authorityAcknowledged?: boolean;
  /** People on the list of those affected (uploaded, less any erased): what a "send" must confirm. */
  subjectsListed?: number;
  evaluated: boolean;
  /**
   * What still stands in the way of closing (closure.ts): a revision asked for, parties undecided, actions open, the
   * authority's outcome awaited. Absent in contexts built before these were tracked.
   */
  closureProblems?: FieldProblem[];
  now: Date;
}

export interface FieldProblem {
  path: string;
  message: string;
}

/**
 * Parses a decision for a step and applies the policy's rules. Throws DecisionInvalidError listing every problem.
 */
export function validateDecision(step: DecisionStep, input: unknown, context: DecisionContext): Decision {
  const parsed = DECISION_SCHEMAS[step].safeParse(input);
  if (!parsed.success) {
    throw new DecisionInvalidError(step, fieldErrors(parsed.error));
  }
  const decision = { step, data: parsed.data } as Decision;
  const problems = policyProblems(decision, context);
  if (problems.length > 0) throw new DecisionInvalidError(step, problems);
  return decision;
}

const has = (context: DecisionContext, duty: OrganisationPolicy['duties'][number]) =>
  context.policy.duties.includes(duty);

function policyProblems(decision: Decision, context: DecisionContext): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const notAfterNow = (path: string, at: string | undefined) => {
    if (at !== undefined && Date.parse(at) > context.now.getTime() + 5 * 60_000) {
      problems.push({ path, message: 'must not be in the future' });
    }
  };
  switch (decision.step) {
    case 'contain':
      notAfterNow('containedAt', decision.data.containedAt);
      break;
    case 'decide': {
      const d = decision.data;
      if (context.recommendation && d.conclusion !== context.recommendation && !d.departureReason) {
        problems.push({
          path: 'departureReason',
          message: `the recommendation was '${context.recommendation}': say why this decision departs from it`,
        });
      }
      if (has(context, 'senior-management-sign-off') && !d.signedOffBy) {
        problems.push({ path: 'signedOffBy', message: 'the policy requires sign-off by senior management' });
      }
      if (d.conclusion === 'no-notification' && has(context, 'document-decision-not-to-report') && !d.evidence) {
        problems.push({
          path: 'evidence',
          message: 'the policy requires the evidence that justifies not reporting to be documented',
        });
      }
      if (d.informSubjectsVoluntarily && d.conclusion === 'authority-and-subjects') {
        problems.push({
          path: 'informSubjectsVoluntarily',
          message: 'with a high risk the people affected must be told (Art. 34(1)): it is not voluntary',
        });
      }
      if (has(context, 'police-route') && !d.police) {
        problems.push({ path: 'police', message: 'the policy asks whether the police must be told (criminal act)' });
      }
      break;
    }
    case 'notify-authority': {
      const d = decision.data;
      notAfterNow('submittedAt', d.submittedAt);
      if (Date.parse(d.submittedAt) < Date.parse(context.awareAt)) {
        problems.push({ path: 'submittedAt', message: 'cannot be before the organisation became aware of the breach' });
      }
      if (Date.parse(d.submittedAt) > Date.parse(context.authorityDueAt) && !d.delayReason) {
        problems.push({
          path: 'delayReason',
          message: 'the report was made after the authority deadline: Art. 33(1) requires the reasons for the delay',
        });
      }
      if (has(context, 'dpo-consulted-before-authority')) {
        if (!d.dpoConsultedAt) {
          problems.push({ path: 'dpoConsultedAt', message: 'the policy requires the DPO to be consulted first' });
        } else if (Date.parse(d.dpoConsultedAt) > Date.parse(d.submittedAt)) {
          problems.push({ path: 'dpoConsultedAt', message: 'the DPO must be consulted before the report is made' });
        }
      }
      if (has(context, 'slt-quality-check') && !d.qualityCheckedBy) {
        problems.push({ path: 'qualityCheckedBy', message: 'the policy requires the SLT to quality-check the report' });
      }
      if (has(context, 'dspt-report') && !d.dspt) {
        problems.push({
          path: 'dspt',
          message: 'the policy requires a DSPT incident report and an e-mail confirming it to the ICO',
        });
      }
      if (d.acknowledgement && Date.parse(d.acknowledgement.receivedAt) < Date.parse(d.submittedAt)) {
        problems.push({ path: 'acknowledgement.receivedAt', message: 'cannot be before the report was submitted' });
      }
      break;
    }
    case 'notify-subjects': {
      const d = decision.data;
      notAfterNow('notifiedAt', d.notifiedAt);
      if (d.method === 'not-told' && !d.exemption) {
        problems.push({ path: 'exemption', message: 'name the Art. 34(3) exemption relied on for not telling them' });
      }
      if (SENDING_METHODS.includes(d.method) && !d.exemption) {
        const listed = context.subjectsListed ?? 0;
        if (listed === 0) {
          problems.push({
            path: 'method',
            message:
              'nobody is on the list of people affected yet: add them before sending (“Add the people affected” on the case page, or POST /breaches/{id}/subjects)',
          });
        } else if (d.confirmedSend === undefined) {
          // A count that no longer matches the list is a conflict, not a field error (take-decision.ts: 409).
          problems.push({
            path: 'confirmedSend',
            message: `preview the notices and confirm sending them: ${listed} ${listed === 1 ? 'person is' : 'people are'} on the list`,
          });
        }
      }
      if (d.exemption?.ground === 'disproportionate-effort' && d.method !== 'public-communication') {
        problems.push({
          path: 'method',
          message: 'Art. 34(3)(c): where telling each person is disproportionate, a public communication is required',
        });
      }
      break;
    }
    case 'notify-controller': {
      const d = decision.data;
      notAfterNow('notifiedAt', d.notifiedAt);
      // Generic procedure, "Where we are the Data Processor": "this will be done via telephone initially, then secure
      // transfer of subsequent information can be agreed. Communication to the Data Controller will be logged."
      if (has(context, 'notify-controller')) {
        if (d.channel !== 'phone') {
          problems.push({
            path: 'channel',
            message:
              'the policy says the controller is telephoned first: record the call, then agree how the details follow',
          });
        }
        if (!d.followUpRoute) {
          problems.push({
            path: 'followUpRoute',
            message: 'say how the details follow the call, as agreed with the controller',
          });
        }
      }
      break;
    }
    case 'evaluate':
      break;
    case 'close': {
      const d = decision.data;
      if (!context.evaluated) problems.push({ path: 'step', message: 'the case cannot close before it is evaluated' });
      if (!d.recommendationsCompleted) {
        problems.push({
          path: 'recommendationsCompleted',
          message: 'close only when every recommended action is complete',
        });
      }
      // The school's "closure after the ICO's remedial actions" is checked action by action (closure.ts), never by
      // the close decision's own yes/no.
      problems.push(...(context.closureProblems ?? []));
      if (has(context, 'authority-acknowledgement') && context.authorityNotified && !context.authorityAcknowledged) {
        problems.push({
          path: 'step',
          message:
            'the authority was notified: the policy requires its written confirmation of receipt (date and time) to be recorded before closing (POST /breaches/{id}/authority-acknowledgement)',
        });
      }
      if (has(context, 'final-report-to-board') && !d.finalReportToBoardAt) {
        problems.push({ path: 'finalReportToBoardAt', message: 'the policy requires a final report to the board' });
      }
      break;
    }
    case 'recover':
      break;
  }
  return problems;
}

/**
 * Which notification steps follow a decision. As processor the duty is to tell the controller, who decides about the
 * authority and the subjects; as controller the conclusion decides, and a policy may tell subjects in all cases.
 */
export function planFor(
  decision: DecisionData['decide'],
  context: Pick<DecisionContext, 'policy' | 'role'>,
): NotificationPlan {
  if (context.role === 'processor') {
    return {
      authority: false,
      subjects: false,
      controller: true,
      otherParties: context.policy.otherParties.length > 0,
    };
  }
  const authority = decision.conclusion !== 'no-notification';
  const subjects =
    decision.conclusion === 'authority-and-subjects' ||
    decision.informSubjectsVoluntarily === true ||
    (context.policy.duties.includes('inform-subjects-always') && decision.subjectExemption === undefined);
  const otherParties = context.policy.otherParties.length > 0 || decision.police?.report === true;
  return { authority, subjects, controller: false, otherParties };
}

export type { Art34Ground };
