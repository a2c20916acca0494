import * as z from 'zod/mini';
import { authorityReportQuerySchema } from '../authority-report/query';
import { boardReportQuerySchema } from '../board-report/query';
import { accessCodesSchema } from '../domain/access-codes';
import { amendmentSchema } from '../domain/amend-facts';
import { investigatorSchema } from '../domain/assign-investigator';
import { exchangeSchema, outcomeSchema } from '../domain/authority-exchanges';
import { partyDecisionSchema } from '../domain/decide-party';
import { DECISION_SCHEMAS, DECISION_STEPS, type DecisionStep } from '../domain/decisions';
import { subjectErasureSchema } from '../domain/erase-subjects';
import { linkSchema } from '../domain/link-breaches';
import { notABreachSchema } from '../domain/not-a-breach';
import { receiptSchema } from '../domain/receipts';
import { authorityAcknowledgementSchema } from '../domain/record-authority-acknowledgement';
import { authorityFollowUpSchema } from '../domain/record-authority-follow-up';
import { obligationStageSentSchema } from '../domain/record-obligation-stage';
import { breachReportSchema } from '../domain/report';
import { MAX_SUBJECTS_PER_JSON_REQUEST, subjectSchema } from '../domain/subjects';
import { closeActionSchema, newActionSchema } from '../domain/track-actions';
import { unconfirmedResolutionSchema } from '../domain/unconfirmed-resolution';
import { ATTACHMENT_OPERATIONS } from './attachment-operations';
import '../domain/zod-english';
import { listQuerySchema } from '../list-breaches/make-handler';
import { registerQuerySchema } from '../register/query';

/**
 * Every operation of the API, with the very zod schemas its handler validates with and an example of every request
 * body (one per decision step). The OpenAPI document (document.ts) is generated from this list; a test checks that it
 * names every route the gateway serves and that every example passes its schema.
 */

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface Example {
  readonly summary: string;
  readonly value: unknown;
}

export interface RequestBody {
  readonly mediaType: 'application/json' | 'application/x-www-form-urlencoded' | 'text/csv';
  /** What the handler validates the body with; absent for a form or a CSV file (described in words). */
  readonly schema?: z.ZodMiniType;
  /** Per example, when one operation takes several schemas (a decision's body depends on its step). */
  readonly schemaOf?: (exampleName: string) => z.ZodMiniType;
  readonly description?: string;
  readonly examples: Readonly<Record<string, Example>>;
}

export interface ApiOperation {
  readonly method: HttpMethod;
  /** As API Gateway names the resource: `/breaches/{id}`. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  /** An organisation API key (`Authorization: Bearer …`), or none: a link's secret or a form's token protects it. */
  readonly auth: 'api-key' | 'none';
  readonly query?: z.ZodMiniType;
  readonly body?: readonly RequestBody[];
  /** Status → what it means. */
  readonly responses: Readonly<Record<string, string>>;
  /** The success media types. @default ['application/json'] */
  readonly produces?: readonly string[];
}

const person = { name: 'Dana Protection', role: 'DPO' };
const ts = (iso: string) => iso;

/** One valid body per decision step (the schemas; a policy may ask for more, e.g. RCOT's sign-off). */
export const DECISION_EXAMPLES: Record<DecisionStep | 'decide-rcot', { step: DecisionStep; example: Example }> = {
  contain: {
    step: 'contain',
    example: {
      summary: 'Containment recorded',
      value: {
        decidedBy: person,
        contained: true,
        measures: 'Device wiped remotely; the teacher’s password reset.',
        containedAt: ts('2026-11-23T09:30:00Z'),
        recovery: 'not-recovered',
      },
    },
  },
  decide: {
    step: 'decide',
    example: {
      summary: 'Conclusion, departing from the recommendation',
      value: {
        decidedBy: person,
        conclusion: 'authority-only',
        rationale: 'Strong encryption, but the recovery key was on a note in the same bag.',
        departureReason: 'The assessment assumed the key was safe.',
      },
    },
  },
  'decide-rcot': {
    step: 'decide',
    example: {
      summary: 'Conclusion with senior-management sign-off (required by the RCOT policy)',
      value: {
        decidedBy: person,
        conclusion: 'authority-only',
        rationale: 'Strong encryption, but the recovery key was on a note in the same bag.',
        departureReason: 'The assessment assumed the key was safe.',
        signedOffBy: { name: 'Sam Director', role: 'Chief Executive' },
      },
    },
  },
  'notify-authority': {
    step: 'notify-authority',
    example: {
      summary: 'Initial report to the ICO',
      value: {
        decidedBy: person,
        channel: 'ico-online-form',
        phase: 'initial',
        submittedAt: ts('2026-11-24T10:00:00Z'),
        reference: 'ICO/00123456',
        dpoConsultedAt: ts('2026-11-24T09:00:00Z'),
      },
    },
  },
  'notify-subjects': {
    step: 'notify-subjects',
    example: {
      summary: 'People told by e-mail',
      value: { decidedBy: person, method: 'email', note: 'Parents told through the school’s mailing system.' },
    },
  },
  'notify-controller': {
    step: 'notify-controller',
    example: {
      summary: 'The controller told (the organisation is processor)',
      value: {
        decidedBy: person,
        notifiedAt: ts('2026-11-23T11:00:00Z'),
        channel: 'phone',
        controllerContact: 'Alex Controller, DPO of the client',
        summary: 'Told by phone, confirmed by secure transfer of the incident summary.',
      },
    },
  },
  'notify-other-parties': {
    step: 'notify-other-parties',
    example: {
      summary: 'Other parties considered',
      value: {
        decidedBy: person,
        parties: [
          { party: 'police', told: true, at: ts('2026-11-23T10:00:00Z'), reference: 'CR/12345/26' },
          { party: 'insurer', told: false, note: 'Below the policy excess.' },
        ],
      },
    },
  },
  evaluate: {
    step: 'evaluate',
    example: {
      summary: 'Root causes and lessons',
      value: {
        decidedBy: person,
        rootCauses: ['A laptop left in a car', 'The recovery key kept with the device'],
        lessons: 'Recovery keys are kept apart from devices; staff reminded not to leave devices in cars.',
        trainingNeeds: 'Device security refresher for teaching staff.',
        recommendations: [
          { action: 'Escrow recovery keys centrally', owner: 'IT manager', dueBy: ts('2027-01-31T00:00:00Z') },
        ],
      },
    },
  },
  close: {
    step: 'close',
    example: {
      summary: 'Case closed',
      value: {
        decidedBy: person,
        recommendationsCompleted: true,
        authorityActionsImplemented: true,
        finalReportToBoardAt: ts('2027-02-10T18:00:00Z'),
      },
    },
  },
  recover: {
    step: 'recover',
    example: {
      summary: 'A failed step resumed',
      value: { decidedBy: person, note: 'SES sending re-enabled; the mail can be sent again.' },
    },
  },
};

export const REPORT_EXAMPLE: Example = {
  summary: 'A stolen laptop (the README’s example)',
  value: {
    reporter: { anonymised: true, role: 'teacher' },
    organisationRole: { role: 'controller' },
    occurred: { kind: 'between', from: '2026-11-22T16:00:00Z', to: '2026-11-22T18:00:00Z' },
    awareAt: '2026-11-23T08:15:00Z',
    discovery: { channel: 'staff' },
    description: 'A teacher’s laptop was stolen from a car.',
    breachTypes: ['confidentiality', 'availability'],
    cause: { category: 'stolen-device' },
    dataCategories: ['basic-identifiers', 'education', 'childrens-records'],
    subjectCategories: ['pupils-or-students', 'children'],
    approximateSubjects: 30,
    approximateRecords: 30,
    protection: { kind: 'encrypted', strength: 'strong', keyCompromised: false },
    containment: { contained: true, how: 'Device wiped remotely; password reset' },
    recovery: 'not-recovered',
    recipient: 'unknown',
    malicious: 'yes',
    police: { informed: true, crimeReference: 'CR/12345/26' },
    thirdPartyData: { involved: false },
  },
};

const subjectsBatchSchema = z.strictObject({
  subjects: z.array(subjectSchema).check(z.minLength(1), z.maxLength(MAX_SUBJECTS_PER_JSON_REQUEST)),
});

const decisionSchemaOf = (name: string): z.ZodMiniType => {
  const entry = DECISION_EXAMPLES[name as keyof typeof DECISION_EXAMPLES];
  if (!entry) throw new Error(`no decision example ${name}`);
  return DECISION_SCHEMAS[entry.step];
};

const common = {
  '401':
    'No API key, or one that is unknown, revoked, or whose organisation was deleted (refused within the documented bound)',
  '403': 'The key does not open this route',
  '404': 'No such breach for this organisation',
};

/** A POST that changes a case: the organisation's key, one JSON body, the answers every case change gives. */
const caseChange = (p: {
  path: string;
  operationId: string;
  summary: string;
  schema: z.ZodMiniType;
  example: Example;
}): ApiOperation[] => [
  {
    method: 'POST',
    path: p.path,
    operationId: p.operationId,
    summary: p.summary,
    auth: 'api-key',
    body: [{ mediaType: 'application/json', schema: p.schema, examples: { example: p.example } }],
    responses: {
      '201': 'What was recorded',
      '400': 'Malformed JSON',
      '401': common['401'],
      '404': common['404'],
      '409': 'The case is closed, or not at a point that allows it',
      '422': 'Field errors: nothing was recorded',
    },
  },
];

export const API_OPERATIONS: readonly ApiOperation[] = [
  {
    method: 'POST',
    path: '/breaches',
    operationId: 'reportBreach',
    summary: 'Report a breach',
    description:
      'Idempotency-Key (8 to 200 characters) makes a retried POST land on the same breach; the same key with another body is a 422.',
    auth: 'api-key',
    body: [
      {
        mediaType: 'application/json',
        schema: breachReportSchema,
        examples: { 'stolen-laptop': REPORT_EXAMPLE },
      },
    ],
    responses: {
      '201': 'Reported; Location is the breach (with the stage, e.g. /v1/breaches/BR-…)',
      '200': 'A repeat of the same request',
      '202': 'Recorded; its workflow will be started (repeat with the same key, or the reconciler does)',
      '400': 'Field errors',
      '401': common['401'],
      '422': 'The Idempotency-Key was used with another body',
    },
  },
  {
    method: 'GET',
    path: '/breaches',
    operationId: 'listBreaches',
    summary: 'The organisation’s breaches, newest awareness first',
    auth: 'api-key',
    query: listQuerySchema,
    responses: { '200': 'A page of breaches and a cursor', '400': 'Bad query', '401': common['401'] },
  },
  {
    method: 'GET',
    path: '/breaches/{id}',
    operationId: 'getBreach',
    summary: 'One breach: state, deadlines and every event',
    auth: 'api-key',
    responses: { '200': 'The breach', '401': common['401'], '404': common['404'] },
  },
  {
    method: 'POST',
    path: '/breaches/{id}/decisions/{step}',
    operationId: 'submitDecision',
    summary: 'Record a step’s decision',
    description: `step is one of ${DECISION_STEPS.join(', ')}; the body is that step's (see the examples). A step the breach is not waiting for is a 409; a policy rule that fails (e.g. RCOT's signedOffBy) a 422.`,
    auth: 'api-key',
    body: [
      {
        mediaType: 'application/json',
        schemaOf: decisionSchemaOf,
        examples: Object.fromEntries(Object.entries(DECISION_EXAMPLES).map(([name, { example }]) => [name, example])),
      },
    ],
    responses: {
      '200': '{ breachId, step, recordedAt }',
      '401': common['401'],
      '404': 'Unknown step, or not this organisation’s breach',
      '409': 'The breach is not waiting for this step',
      '422': 'Field errors, or a rule of the policy fails',
    },
  },
  {
    method: 'GET',
    path: '/verification',
    operationId: 'verify',
    summary: 'Recompute every hash chain of the organisation’s breaches',
    auth: 'api-key',
    responses: { '200': 'What was checked and any problem', '401': common['401'] },
  },
  {
    method: 'GET',
    path: '/register',
    operationId: 'register',
    summary: 'The breach register',
    auth: 'api-key',
    query: registerQuerySchema,
    produces: ['application/json', 'text/csv', 'application/pdf'],
    responses: { '200': 'The register', '400': 'Bad query', '401': common['401'] },
  },
  {
    method: 'GET',
    path: '/breaches/{id}/authority-report',
    operationId: 'authorityReport',
    summary: 'The report to the supervisory authority, from the record',
    auth: 'api-key',
    query: authorityReportQuerySchema,
    produces: ['application/json', 'text/plain', 'application/pdf'],
    responses: { '200': 'The report', '400': 'Bad query', '401': common['401'], '404': common['404'] },
  },
  {
    method: 'GET',
    path: '/breaches/{id}/board-report',
    operationId: 'boardReport',
    summary: 'The final report to the board or senior leadership team, drawn up from the record',
    description:
      'Chronology, assessment, decisions with who took them and why, notifications, root causes, lessons, recommendations with their status and similar earlier incidents. A PDF (send `Accept: application/pdf`) unless `format=text` or `Accept: text/plain`.',
    auth: 'api-key',
    query: boardReportQuerySchema,
    produces: ['application/pdf', 'text/plain'],
    responses: { '200': 'The report', '400': 'Bad query', '401': common['401'], '404': common['404'] },
  },
  {
    method: 'GET',
    path: '/breaches/{id}/similar-incidents',
    operationId: 'similarIncidents',
    summary: 'Earlier breaches of the organisation with the same cause, data or team, and what each shares',
    auth: 'api-key',
    responses: { '200': 'The similar incidents, most alike first', '401': common['401'], '404': common['404'] },
  },
  {
    method: 'POST',
    path: '/breaches/{id}/authority-reports',
    operationId: 'authorityFollowUp',
    summary: 'Record a follow-up or final phase of the authority report',
    auth: 'api-key',
    body: [
      {
        mediaType: 'application/json',
        schema: authorityFollowUpSchema,
        examples: {
          'follow-up': {
            summary: 'What the follow-up added',
            value: {
              phase: 'follow-up',
              submittedAt: '2026-11-27T10:00:00Z',
              reference: 'ICO/00123456',
              added: 'Forensic report: the disk stayed encrypted; no access seen.',
              submittedBy: person,
            },
          },
        },
      },
    ],
    responses: {
      '200': 'Recorded',
      '400': 'Field errors',
      '401': common['401'],
      '404': common['404'],
      '409': 'No initial report yet',
    },
  },
  {
    method: 'POST',
    path: '/breaches/{id}/authority-acknowledgement',
    operationId: 'authorityAcknowledgement',
    summary: 'Record the authority’s written confirmation of receipt',
    auth: 'api-key',
    body: [
      {
        mediaType: 'application/json',
        schema: authorityAcknowledgementSchema,
        examples: {
          receipt: {
            summary: 'The ICO’s receipt',
            value: { receivedAt: '2026-11-24T10:05:00Z', reference: 'ICO/00123456', recordedBy: person },
          },
        },
      },
    ],
    responses: {
      '200': 'Recorded',
      '400': 'Field errors',
      '401': common['401'],
      '404': common['404'],
      '409': 'No initial report yet',
    },
  },
  {
    method: 'GET',
    path: '/breaches/{id}/other-parties',
    operationId: 'otherParties',
    summary: 'The parties the policy asks to consider, and whether each was told',
    auth: 'api-key',
    responses: { '200': 'The parties', '401': common['401'], '404': common['404'] },
  },
  {
    method: 'POST',
    path: '/breaches/{id}/subjects',
    operationId: 'addSubjects',
    summary: 'The people affected, as a JSON batch or a CSV file',
    auth: 'api-key',
    body: [
      {
        mediaType: 'application/json',
        schema: subjectsBatchSchema,
        examples: {
          batch: {
            summary: 'Two people, one through a representative',
            value: {
              subjects: [
                { name: 'Alex Example', email: 'alex@example.org' },
                {
                  name: 'Robin Example',
                  postalAddress: '1 Example Street, Exampletown, EX1 1EX',
                  representative: { name: 'Jo Example', email: 'jo@example.org', relationship: 'next-of-kin' },
                },
              ],
            },
          },
        },
      },
      {
        mediaType: 'text/csv',
        description:
          'Columns: name, email, postal_address, representative_name, representative_email, representative_relationship, representative_postal_address. Up to 5 MiB; bad rows come back by line number.',
        examples: {
          csv: { summary: 'A header and one person', value: 'name,email\nAlex Example,alex@example.org\n' },
        },
      },
    ],
    responses: {
      '200': 'Counts, and the rows refused with why',
      '400': 'Field errors',
      '401': common['401'],
      '404': common['404'],
      '409': 'The breach is closed, or how its people are told is already decided (a revision opens the list again)',
      '415': 'Neither JSON nor CSV',
    },
  },
  {
    method: 'GET',
    path: '/breaches/{id}/public-notice',
    operationId: 'publicNotice',
    summary: 'The public communication of Art. 34(3)(c)',
    auth: 'api-key',
    produces: ['application/json', 'text/plain'],
    responses: { '200': 'The notice', '401': common['401'], '404': common['404'] },
  },
  {
    method: 'GET',
    path: '/breaches/{id}/letters',
    operationId: 'subjectLetters',
    summary: 'The letters to the people affected, one merged PDF',
    auth: 'api-key',
    produces: ['application/pdf'],
    responses: {
      '200': 'The letters',
      '401': common['401'],
      '404': common['404'],
      '409': 'The decision was for another method',
    },
  },
  {
    method: 'POST',
    path: '/breaches/{id}/subjects/unconfirmed',
    operationId: 'resolveUnconfirmed',
    summary: 'Resolve notices a crashed run left unconfirmed',
    auth: 'api-key',
    body: [
      {
        mediaType: 'application/json',
        schema: unconfirmedResolutionSchema,
        examples: {
          resend: {
            summary: 'SES shows nothing: send them again',
            value: {
              resolution: 'resend',
              reason: 'SES shows no message for the run that failed at 10:42.',
              decidedBy: person,
            },
          },
        },
      },
    ],
    responses: {
      '200': 'How many, and the sending',
      '400': 'Field errors',
      '401': common['401'],
      '404': common['404'],
      '409': 'Nobody is unconfirmed, or the claims are too young',
    },
  },
  {
    method: 'POST',
    path: '/breaches/{id}/workflow/continue',
    operationId: 'continueWorkflow',
    summary: 'Continue an open breach whose workflow ended (redriven, or a new execution replaying to where it stood)',
    auth: 'api-key',
    // The breach in the path says it all: no body.
    body: [],
    responses: {
      '200': 'What was done: redriven, restarted, or already running',
      '401': common['401'],
      '404': common['404'],
      '409': 'The breach is closed, or has no workflow yet',
    },
  },
  ...caseChange({
    path: '/breaches/{id}/amendments',
    operationId: 'amendFacts',
    summary: 'Amend the facts (the report as first received stays in the log); the case is reassessed',
    schema: amendmentSchema,
    example: {
      summary: 'More people affected than first thought',
      value: {
        changes: { approximateSubjects: 42, approximateRecords: 42 },
        reason: 'The IT review found the spreadsheet held the whole class list.',
        amendedBy: person,
      },
    },
  }),
  ...caseChange({
    path: '/breaches/{id}/revisions',
    operationId: 'reviseDecision',
    summary: 'Revise the notification decision with a reason; the earlier decision stays in the record',
    schema: z.extend(DECISION_SCHEMAS.decide, {
      reason: z.string().check(z.trim(), z.minLength(20), z.maxLength(5000)),
    }),
    example: {
      summary: 'The ICO’s feedback changes the conclusion',
      value: {
        ...(DECISION_EXAMPLES.decide.example.value as Record<string, unknown>),
        reason: 'The ICO pointed out the data included health details, which raises the severity.',
      },
    },
  }),
  ...caseChange({
    path: '/breaches/{id}/actions',
    operationId: 'addAction',
    summary: 'Add a tracked action with an owner and a due date (owners are reminded before and after it)',
    schema: newActionSchema,
    example: {
      summary: 'A policy action',
      value: {
        source: 'policy',
        title: 'Re-train the office team on sending e-mail to groups',
        owner: { name: 'Office manager', email: 'office@school.example.org' },
        dueAt: ts('2026-12-18T17:00:00Z'),
        addedBy: person,
      },
    },
  }),
  ...caseChange({
    path: '/breaches/{id}/actions/{actionId}',
    operationId: 'closeAction',
    summary: 'Close a tracked action as complete, or accepted as not implemented, by the person the policy names',
    schema: closeActionSchema,
    example: {
      summary: 'Done',
      value: {
        outcome: 'complete',
        note: 'Training delivered on 10 December; attendance sheet kept.',
        closedBy: person,
      },
    },
  }),
  ...caseChange({
    path: '/breaches/{id}/authority-exchanges',
    operationId: 'recordAuthorityExchange',
    summary: 'Record an exchange with the supervisory authority (letter, call, portal message), in or out',
    schema: exchangeSchema,
    example: {
      summary: 'A call from the ICO',
      value: {
        direction: 'in',
        channel: 'phone',
        at: ts('2026-11-25T14:00:00Z'),
        summary: 'The case officer asked whether the recipient confirmed deletion.',
        caseReference: 'IC-555-1234',
        recordedBy: person,
      },
    },
  }),
  ...caseChange({
    path: '/breaches/{id}/authority-outcome',
    operationId: 'recordAuthorityOutcome',
    summary: 'Record the authority’s outcome and any actions it requires, each tracked to closure',
    schema: outcomeSchema,
    example: {
      summary: 'Remedial action required',
      value: {
        outcome: 'remedial-actions-required',
        at: ts('2026-12-01T10:00:00Z'),
        summary: 'The ICO asks for refresher training within a month.',
        caseReference: 'IC-555-1234',
        requiredActions: [
          {
            title: 'Refresher training for the SEN team',
            owner: { name: 'SEN lead', email: 'sen@school.example.org' },
            dueAt: ts('2027-01-01T17:00:00Z'),
          },
        ],
        recordedBy: person,
      },
    },
  }),
  ...caseChange({
    path: '/breaches/{id}/other-parties',
    operationId: 'decideOtherParty',
    summary: 'Decide whether to tell another party (told, when; or not, with the reason)',
    schema: partyDecisionSchema,
    example: {
      summary: 'Not needed',
      value: {
        party: 'insurer',
        told: false,
        note: 'No claim is expected; agreed with the bursar.',
        decidedBy: person,
      },
    },
  }),
  ...ATTACHMENT_OPERATIONS,
  ...caseChange({
    path: '/breaches/{id}/links',
    operationId: 'linkBreach',
    summary: 'Link a related breach of the same organisation',
    schema: linkSchema,
    example: {
      summary: 'Found to be a confidentiality breach',
      value: {
        relatedBreachId: 'BR-AAAA-0000-0000-0001',
        relation: 'found-to-be',
        note: 'The outage turned out to be a copy taken by an attacker.',
        linkedBy: person,
      },
    },
  }),
  ...caseChange({
    path: '/breaches/{id}/not-a-breach',
    operationId: 'findNotABreach',
    summary:
      'Close a (suspected) report as not a personal-data breach, with reasons, while it waits for containment or the notification decision (409 afterwards)',
    schema: notABreachSchema,
    example: {
      summary: 'No personal data on the device',
      value: {
        reasons: 'The lost USB stick was found to hold only the published term dates: no personal data was on it.',
        decidedBy: person,
      },
    },
  }),
  ...caseChange({
    path: '/breaches/{id}/investigator',
    operationId: 'assignInvestigator',
    summary: 'Assign the investigator who owns the case, agreed with management (Elite Care)',
    schema: investigatorSchema,
    example: {
      summary: 'Agreed with the home manager',
      value: {
        investigator: { name: 'Ira Vest', role: 'Deputy manager' },
        agreedWith: { name: 'Morgan Home', role: 'Home manager' },
        assignedBy: person,
      },
    },
  }),
  ...caseChange({
    path: '/breaches/{id}/access-codes',
    operationId: 'recordAccessCodesChanged',
    summary: 'Record that property access codes at risk were changed (social care): when, how many, how',
    schema: accessCodesSchema,
    example: {
      summary: 'Key safes re-coded',
      value: {
        changedAt: ts('2026-11-26T16:00:00Z'),
        properties: 12,
        how: 'The key-safe codes of the 12 homes were changed by the care coordinators on their visits.',
        recordedBy: person,
      },
    },
  }),
  ...caseChange({
    path: '/breaches/{id}/receipts',
    operationId: 'recordReceipt',
    summary:
      'Record a receipt for a report: the DSPT incident tool’s, or the ICO’s written confirmation (reference and time)',
    schema: receiptSchema,
    example: {
      summary: 'DSPT incident reference',
      value: {
        from: 'dspt',
        reference: 'DSPT-INC-20261125-0042',
        receivedAt: ts('2026-11-25T15:10:00Z'),
        recordedBy: person,
      },
    },
  }),
  {
    method: 'POST',
    path: '/breaches/{id}/obligation-stages',
    operationId: 'recordObligationStage',
    summary: 'Record that a stage of an obligation was sent (another authority’s report, a NIS2 early warning)',
    description:
      'The key names a stage of the breach’s plan of obligations (`GET /breaches/{id}`: `obligations`), as `<obligation>/<stage>`. Its clock stops alerting once recorded; the next stage runs from it.',
    auth: 'api-key',
    body: [
      {
        mediaType: 'application/json',
        schema: obligationStageSentSchema,
        examples: {
          irelandNotified: {
            summary: 'The report to the Irish DPC sent',
            value: {
              key: 'eu-gdpr-art-33@dpc-ie/notification',
              sentAt: '2026-11-24T10:00:00Z',
              reference: 'DPC-BN-1234/26',
            },
          },
        },
      },
    ],
    responses: {
      '201': 'What was recorded',
      '400': 'Field errors (a key that is not a stage of the plan names the stages it has): nothing was recorded',
      '401': common['401'],
      '404': common['404'],
      '409': 'The case is closed, or the stage is already recorded as sent at another time',
    },
  },
  {
    method: 'DELETE',
    path: '/breaches/{id}/subjects',
    operationId: 'eraseSubjects',
    summary: 'Erase the people’s contact details once the case is closed',
    auth: 'api-key',
    body: [
      {
        mediaType: 'application/json',
        schema: subjectErasureSchema,
        examples: {
          erase: {
            summary: 'Retention rule applied',
            value: {
              reason: 'Case closed; retention rule R-7: contact details kept no longer than the case.',
              decidedBy: person,
            },
          },
        },
      },
    ],
    responses: {
      '200': 'How many erased, how many remain',
      '400': 'Field errors',
      '401': common['401'],
      '404': common['404'],
      '409': 'The breach is still open',
    },
  },
  ...(['GET', 'POST'] as const).map(
    (method): ApiOperation => ({
      method,
      path: '/decisions/{secret}',
      operationId: method === 'GET' ? 'decisionLink' : 'decisionLinkPost',
      summary:
        method === 'GET'
          ? 'A decision link mailed before sign-in: forwarded to its console form, which signs the person in first'
          : 'A decision form left open from before sign-in: records nothing, forwarded to sign in',
      auth: 'none',
      // Whatever a form left open sends is not read.
      ...(method === 'POST' ? { body: [] } : {}),
      produces: ['text/html'],
      responses: { '303': 'To /console/decisions/{secret}' },
    }),
  ),
  ...(['/console', '/console/{proxy+}'] as const).flatMap((path): ApiOperation[] => [
    {
      method: 'GET' as const,
      path,
      operationId: path === '/console' ? 'consoleHome' : 'consolePage',
      summary:
        'The console (HTML): sign-in, the dashboard, a case, a step’s form, a mailed decision link, the register (with its CSV and PDF) and the trends',
      auth: 'none' as const,
      produces: ['text/html', 'text/csv', 'application/pdf'],
      responses: {
        '200': 'The page, or the register’s CSV or PDF',
        '400': 'Register filters that do not read: the page with its error summary',
        '302': 'To the identity provider (sign-in)',
        '303': 'To sign in first, or back after signing in',
        '403': 'Not for this role',
        '404': 'No such page or breach for this organisation',
      },
    },
    {
      method: 'POST' as const,
      path,
      operationId: path === '/console' ? 'consoleHomeSubmit' : 'consolePageSubmit',
      summary: 'Submit a console form (HTML): a step’s decision as the signed-in person, or sign-out',
      auth: 'none' as const,
      body: [
        {
          mediaType: 'application/x-www-form-urlencoded',
          description: 'The form’s fields and the session’s anti-forgery token (csrfToken).',
          examples: { contain: { summary: 'A containment', value: 'csrfToken=…&contained=yes&measures=…' } },
        },
      ],
      produces: ['text/html'],
      responses: {
        '303': 'Recorded: back to the case',
        '403': 'Bad anti-forgery token, or a step this person’s role may not take',
        '422': 'The form with its errors',
      },
    },
  ]),
  ...(
    [
      [
        'authority-report',
        'consoleAuthorityReport',
        'The report to the authority (PDF or text), as drafted now or as sent',
      ],
      ['letters', 'consoleLetters', 'The letters to post (PDF)'],
      ['public-notice', 'consolePublicNotice', 'The public notice (text)'],
      ['board-report', 'consoleBoardReport', 'The final report to the board (PDF or text)'],
    ] as const
  ).map(
    ([document, operationId, summary]): ApiOperation => ({
      method: 'GET',
      path: `/console/breaches/{id}/${document}`,
      operationId,
      summary: `${summary}, downloaded from the console by the signed-in person; the query is the API route’s`,
      auth: 'none',
      produces: ['application/pdf', 'text/plain', 'text/html'],
      responses: {
        '200': 'The document',
        '303': 'To sign in first, and back',
        '403': 'Not for this role (an HTML page)',
        '404': 'No such breach for this organisation (an HTML page)',
        '409': 'The record does not call for this document now (an HTML page saying why)',
      },
    }),
  ),
  {
    method: 'GET',
    path: '/console/register.pdf',
    operationId: 'consoleRegisterPdf',
    summary:
      'The breach register as a PDF, downloaded from the console’s register page by the signed-in person, with the page’s filters (from, to, status, risk, stage)',
    auth: 'none',
    produces: ['application/pdf', 'text/html'],
    responses: {
      '200': 'The register',
      '303': 'To sign in first, and back; or, when a filter does not read, back to the register page, which says why',
      '403': 'Not for this role (an HTML page)',
    },
  },
  {
    method: 'GET',
    path: '/report/{organisation}',
    operationId: 'reportForm',
    summary: 'The hosted report form (HTML)',
    auth: 'none',
    produces: ['text/html'],
    responses: { '200': 'The form', '404': 'Unknown organisation' },
  },
  {
    method: 'POST',
    path: '/report/{organisation}',
    operationId: 'reportFormSubmit',
    summary: 'Submit the hosted report form (HTML)',
    auth: 'none',
    body: [
      {
        mediaType: 'application/x-www-form-urlencoded',
        description: 'The form’s fields and its anti-forgery token; the same report schema as POST /breaches.',
        examples: { report: { summary: 'A report', value: 'csrf=…&awareAt=2026-11-23T08%3A15&description=…' } },
      },
    ],
    produces: ['text/html'],
    responses: { '200': 'The page after reporting, or the form with its errors', '403': 'Bad anti-forgery token' },
  },
  {
    method: 'GET',
    path: '/assets/{proxy+}',
    operationId: 'assets',
    summary: 'The pages’ stylesheet',
    auth: 'none',
    produces: ['text/css'],
    responses: { '200': 'The file', '304': 'Not modified', '404': 'No such file' },
  },
  {
    method: 'GET',
    path: '/openapi.json',
    operationId: 'openApi',
    summary: 'This document',
    auth: 'none',
    responses: { '200': 'OpenAPI 3.1' },
  },
];
