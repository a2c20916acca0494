import type { Art34Ground, Assessment, Conclusion } from './assessment';
import type { AttachmentKind, AttachmentMediaType } from './attachments';
import type { AuthorityReport } from './authority-report';
import type { MarkId } from './clocks';
import type { DecisionData, DecisionStep, NotificationPlan } from './decisions';
import type { MailKind } from './mail/message';
import type { SubjectReach } from './notice-reach';
import type { Clock, OtherParty } from './policy';
import type { BreachReport } from './report';

/**
 * The breach's event log: the source of truth. Every fact and decision is an event appended with the next sequence
 * number; the current state (state.ts) is a fold of these events and can always be rebuilt from them.
 *
 * Events are never edited. A correction is a new event (`fact-amended`) that says what changed and why.
 */

/** Who caused an event. Reporters may be anonymous; a system actor names the component. */
export type Actor =
  | { kind: 'reporter'; name?: string; role?: string }
  /**
   * A system holding the organisation's API key. For a decision, `onBehalfOf` is the person the system says decided
   * (its `decidedBy`): an assertion, since nobody signed in. Decisions recorded before this field existed name that
   * person as a `person` actor without `userId`.
   */
  | { kind: 'api-client'; organisationId: string; onBehalfOf?: { name: string; role: string; email?: string } }
  /**
   * A person; `userId` when they were signed in to the console (the directory's id). Without it: a decision recorded
   * through a mailed link or the API before people signed in.
   */
  | { kind: 'person'; name: string; role: string; email?: string; userId?: string }
  | { kind: 'system'; component: string };

/** What each event type carries. The lifecycle, notification and audit issues add their types here. */
export interface EventData extends SubjectEventData {
  /** The report as first received. `requestHash` (SHA-256 of the canonical body) makes retried POSTs idempotent. */
  reported: {
    report: BreachReport;
    channel: 'api' | 'form';
    requestHash: string;
    /** The organisation's policy preset and clocks at the time of the report, so later policy edits don't rewrite history. */
    policyPreset: string;
    clocks?: Clock[];
    /** The organisation's policy version then (`npm run admin -- org show` lists each version, who set it and when). */
    policyVersion?: number;
  };
  /**
   * A correction or addition to the facts: the changed fields, their new values, and why. Who amended them is the
   * event's actor; the report as first received stays in the `reported` event.
   */
  'fact-amended': { changes: Partial<BreachReport>; reason: string };
  /** The workflow execution for this breach was started (or found already running). */
  'workflow-started': { executionArn: string };
  /**
   * The breach's workflow execution ended without closing the case (it failed, timed out, or was stopped from
   * outside): recorded so that no breach is left without a running procedure unnoticed, and the DPO is alerted.
   */
  'workflow-ended': { executionArn: string; status: 'FAILED' | 'TIMED_OUT' | 'ABORTED'; error?: string };
  /**
   * The ended execution was continued: redriven from where it failed (same execution), or replaced by a new
   * execution that replays the idempotent tasks to where the breach stood. Who asked: the API caller or the reconciler.
   */
  'workflow-continued': { executionArn: string; how: 'redrive' | 'new-execution'; endedExecutionArn: string };
  /** A step failed after its retries: recorded so that nothing is dropped silently, and the DPO is alerted. */
  'step-failed': { step: string; error: string; cause?: string };
  /**
   * The system's recommendation, computed from the facts: what a person then decides on. A reassessment (after an
   * amendment) names the event that prompted it and the conclusion it replaces; the first assessment names neither.
   */
  'assessment-computed': {
    assessment: Assessment;
    reassessment?: { afterSeq: number; previousConclusion: Conclusion };
  };
  /**
   * A reassessment reached another conclusion than the one decided: the decision is to be revised (or confirmed with
   * reasons) by a person. Open until a `decision-revised` event follows.
   */
  'revision-requested': { assessmentSeq: number; decidedConclusion: Conclusion; recommendedConclusion: Conclusion };
  /**
   * The notification decision revised after it was taken (RCOT 6.1.1: "these conclusions may be subject to change
   * based on feedback from the supervisory authority and further information"). The earlier decision stays in its own
   * `decision-taken` (or earlier `decision-revised`) event; this one says what replaced it and why.
   */
  'decision-revised': {
    step: 'decide';
    decision: DecisionData['decide'];
    reason: string;
    previousConclusion: Conclusion;
    plan: NotificationPlan;
    departsFromRecommendation: boolean;
  };
  /** A person was asked to take a step; the link's secret is never recorded, only when it expires. */
  'decision-requested': { step: DecisionStep; expiresAt: string };
  /** A person took a step: who, what and why. For `decide`, the notification plan that follows from it. */
  'decision-taken': {
    [S in DecisionStep]: {
      step: S;
      decision: DecisionData[S];
      /** `link`: through a mailed link without sign-in, as decisions were recorded before people signed in. */
      via: 'link' | 'api' | 'console';
      plan?: NotificationPlan;
      /** For `decide`: whether it departs from the recommendation (the reason is in the decision). */
      departsFromRecommendation?: boolean;
    };
  }[DecisionStep];
  /**
   * A mail left through SES. `purpose` names why (e.g. `decision-request:contain`, `authority:warning:6`) so a retried
   * task sees it was sent. Recipients are counted, not listed: the policy says who they were.
   */
  'mail-sent': { kind: MailKind; purpose: string; messageId: string; recipients: number };
  /** A warning before a mark, sent because its milestone was not met. */
  'deadline-warned': { clockId: MarkId; dueAt: string; hoursBefore: number };
  /** A mark passed with its milestone unmet. */
  'deadline-missed': { clockId: MarkId; dueAt: string };
  /**
   * A stage of an obligation other than the policy's own authority clock was sent (another authority's report, a
   * NIS2 early warning, a DORA notification): the key is `<obligation id>/<stage id>` (breach-obligations.ts).
   */
  'obligation-stage-sent': { key: string; sentAt: string; reference?: string; delayReason?: string };
  /**
   * The report is found not to be a personal-data breach (RCOT 3: reports include *suspected* incidents; Art. 33(5):
   * the record is kept all the same): who found it, why, and at which step the workflow was waiting. The Case branch
   * closes it from there: no authority report, no notices.
   */
  'not-a-breach-found': {
    reasons: string;
    decidedBy: { name: string; role: string; email?: string };
    atStep: 'contain' | 'decide';
  };
  /** The investigator who owns the case, and the management it was agreed with (Elite Care; assign-investigator.ts). */
  'investigator-assigned': {
    investigator: { name: string; role: string; email?: string };
    agreedWith?: { name: string; role: string; email?: string };
    note?: string;
  };
  /** Property access codes changed, not only announced (social care; access-codes.ts). */
  'access-codes-changed': {
    changedAt: string;
    properties: number;
    how: string;
    recordedBy: { name: string; role: string; email?: string };
  };
  /** A receipt for a report: the DSPT incident tool's, or the ICO's written confirmation (receipts.ts). */
  'receipt-recorded': {
    from: 'dspt' | 'ico';
    reference: string;
    receivedAt: string;
    recordedBy: { name: string; role: string; email?: string };
  };
  /** The case is closed: the closure decision held. */
  closed: Record<string, never>;
  /**
   * A further report to the supervisory authority after the initial one (Art. 33(4): information in phases). The
   * initial report is the notify-authority decision; each follow-up says what it added.
   */
  'authority-follow-up': {
    phase: 'follow-up' | 'final';
    submittedAt: string;
    reference?: string;
    added: string;
    submittedBy?: { name: string; role: string; email?: string };
  };
  /**
   * A report to the supervisory authority as it was sent, frozen when it was marked sent (authority-reports-sent.ts):
   * its content and the SHA-256 of its canonical JSON. `number` counts the reports (1 = the initial one), `sentSeq` is
   * the event that marked it sent.
   */
  'authority-report-sent': {
    number: number;
    phase: 'initial' | 'follow-up' | 'final';
    sentSeq: number;
    sha256: string;
    report: AuthorityReport;
  };
  /** The authority's written confirmation of receipt, with the date and time it gives (RCOT 6.1.2). */
  'authority-acknowledged': {
    receivedAt: string;
    reference?: string;
    recordedBy?: { name: string; role: string; email?: string };
  };
  /** The processor's notice to the controller left (Art. 33(2)); every communication with the controller logged. */
  'controller-notified': { channel: 'email'; at: string; messageId: string; recipients: number };
  /**
   * A tracked action: a recommendation of the evaluation, a remedial action the authority requires, or what a revised
   * decision now asks for. Its owner is reminded before and after its due date (remind-actions.ts).
   */
  'action-added': {
    actionId: string;
    source: ActionSource;
    title: string;
    owner: ActionOwner;
    dueAt: string;
  };
  /** An action completed, or not implemented with the rationale accepted by the person the policy names. */
  'action-closed': {
    actionId: string;
    outcome: 'complete' | 'accepted';
    note: string;
    closedBy: { name: string; role: string; email?: string };
  };
  /**
   * One exchange with the supervisory authority, in or out (a letter, a call, a portal message, an e-mail), with the
   * authority's case reference when it gives one. Every communication is kept, not only the reports.
   */
  'authority-exchange': {
    exchangeId: string;
    direction: 'in' | 'out';
    channel: 'letter' | 'phone' | 'portal' | 'email' | 'meeting';
    at: string;
    summary: string;
    caseReference?: string;
    recordedBy: { name: string; role: string; email?: string };
  };
  /** The authority's outcome for the case: what it decided, and whether remedial actions are required of us. */
  'authority-outcome': {
    outcome: AuthorityOutcome;
    at: string;
    summary: string;
    caseReference?: string;
    recordedBy: { name: string; role: string; email?: string };
  };
  /** A party the procedure suggests, decided after the notify step: told (when, reference) or not, with the reason. */
  'party-decided': {
    party: OtherParty;
    told: boolean;
    at?: string;
    reference?: string;
    note: string;
    decidedBy: { name: string; role: string; email?: string };
  };
  /**
   * A file about to be uploaded as evidence, as the caller describes it (its SHA-256 computed by the caller); the
   * presigned upload it was given expires at `uploadExpiresAt`. Not yet evidence: see `attachment-added`.
   */
  'attachment-declared': AttachmentFacts & { uploadExpiresAt: string };
  /**
   * A file now held as evidence: its SHA-256 as the server computed it from the stored bytes. The chain makes this
   * hash tamper-evident, so a file replaced in the bucket afterwards is found by verification (verify-attachments.ts).
   */
  'attachment-added': AttachmentFacts & { via: 'api' | 'console' };
  /** Another breach of the organisation that is related (e.g. an availability breach later found to be a confidentiality one). */
  'breach-linked': {
    relatedBreachId: string;
    relation: BreachRelation;
    note: string;
    linkedBy: { name: string; role: string; email?: string };
  };
}

/** What the log says about an attached file. The bytes are in the attachments bucket under attachments.ts's key. */
export interface AttachmentFacts {
  attachmentId: string;
  name: string;
  mediaType: AttachmentMediaType;
  size: number;
  /** SHA-256 (hex) of the file's bytes. */
  sha256: string;
  kind: AttachmentKind;
  description: string;
}

/** Where a tracked action comes from. */
export const ACTION_SOURCES = ['recommendation', 'authority', 'revision', 'policy'] as const;
export type ActionSource = (typeof ACTION_SOURCES)[number];

/** Who owns an action: reminders go to their address, which an authenticated person of the organisation gave. */
export interface ActionOwner {
  name: string;
  role?: string;
  email?: string;
}

export const AUTHORITY_OUTCOMES = [
  'no-further-action',
  'remedial-actions-required',
  'reprimand',
  'enforcement-notice',
  'penalty',
  'other',
] as const;
export type AuthorityOutcome = (typeof AUTHORITY_OUTCOMES)[number];

export const BREACH_RELATIONS = ['same-incident', 'found-to-be', 'follows-from', 'similar'] as const;
export type BreachRelation = (typeof BREACH_RELATIONS)[number];

/**
 * What the data-subject notices add (issue 5): counts only. The people themselves are personal data and live on their
 * own items in a table of their own (SUBJECT#<key>, adapters/table-layout.ts), never in the log or the breach table,
 * which are hash-chained, exported to auditors and kept for years.
 */
export interface SubjectEventData {
  /** An upload of the people affected: rows kept (`added` of them new to the list) and rows refused. */
  'subjects-added': {
    accepted: number;
    added: number;
    rejected: number;
    source: 'csv' | 'json';
    /** How the people it added can be reached, counted (notice-reach.ts); absent on uploads recorded before. */
    reach?: SubjectReach;
  };
  /** One run of the notice fan-out: what it sent, what SES refused, what waits, and claims a crash left unresolved. */
  'subject-notices-sent': { sent: number; failed: number; deferred: number; remaining: number; unconfirmed: number };
  /** Art. 34(3): nobody is written to; the ground relied on, and whether a public notice replaces the letters. */
  'subject-notices-exempted': { ground: Art34Ground; explanation: string; publicNotice: boolean };
  /** Every e-mail notice has been dealt with (sent, failed, or left unconfirmed by a crash for a person to check). */
  'subject-notices-completed': { sent: number; failed: number; unconfirmed: number };
  /**
   * A person resolved the notices a crash left unconfirmed: `sent` (SES shows they left) or `resend` (back in the
   * queue and sent again). How many, why and who decided: never who the people are.
   */
  'subject-notices-unconfirmed-resolved': {
    resolution: 'sent' | 'resend';
    resolved: number;
    reason: string;
    decidedBy: { name: string; role: string; email?: string };
  };
  /**
   * Data minimisation (Art. 5(1)(e)), once the breach is closed: one call of `DELETE /breaches/{id}/subjects` deleted
   * the contact details (names, addresses, representatives, delivery statuses) of `erased` people, `remaining` are
   * left for the next call. Why, and who decided: never who the people were.
   */
  'subjects-erased': {
    erased: number;
    remaining: number;
    reason: string;
    decidedBy: { name: string; role: string; email?: string };
  };
}

export type EventType = keyof EventData;

/** An event as the caller proposes it, before the store assigns its sequence and chain hash. */
export interface NewEvent<T extends EventType = EventType> {
  type: T;
  at: string;
  actor: Actor;
  data: EventData[T];
}

/** An event as stored: numbered, timestamped and chained to its predecessor. */
export type BreachEvent<T extends EventType = EventType> = NewEvent<T> & {
  breachId: string;
  organisationId: string;
  /** 1-based, gap-free. */
  seq: number;
  /** The previous event's `hash` (itself a SHA-256), or the SHA-256 (hex) of the breach id for seq 1: hash-chain.ts. */
  prevHash: string;
  /** SHA-256 (hex) over the canonical JSON of this event without `hash`. */
  hash: string;
};

export const isEvent = <T extends EventType>(event: BreachEvent, type: T): event is BreachEvent<T> =>
  event.type === type;
