import type { Config, ConfigKey } from './config';

/**
 * The configuration keys each function reads (functions/config.ts): the `config` column of the function manifest
 * (functions/manifest.ts), kept apart so that a handler loads its own keys without the whole manifest. The manifest
 * has exactly these names (its table `satisfies` one entry per name here); the stack sets exactly these keys in a
 * function's template environment, and local mode hands its `wire` exactly the same.
 */

/** What a workflow task that mails the DPO reads: the table, the sender, and where the mails' links point. */
const MAILING_TASK = ['TABLE_NAME', 'SENDER_ADDRESS', 'SES_REGION', 'PUBLIC_BASE_URL'] as const;
/** What the notice fan-out (and a person's resend) reads. */
const NOTICE_SENDER = [
  'TABLE_NAME',
  'SUBJECTS_TABLE_NAME',
  'SENDER_ADDRESS',
  'SES_REGION',
  'SUBJECT_NOTICES_CONFIGURATION_SET',
] as const;

export const FUNCTION_CONFIG = {
  Prepare: MAILING_TASK,
  Assess: ['TABLE_NAME'],
  RequestDecision: MAILING_TASK,
  CheckMark: MAILING_TASK,
  RecordFailure: MAILING_TASK,
  CloseCase: ['TABLE_NAME'],
  NotifyController: MAILING_TASK,
  SendSubjectNotices: NOTICE_SENDER,
  RevisedPlan: ['TABLE_NAME'],
  RemindActions: MAILING_TASK,
  AwaitActions: ['TABLE_NAME'],
  AwaitClock: ['TABLE_NAME'],
  Authorizer: ['TABLE_NAME'],
  Intake: ['TABLE_NAME', 'STATE_MACHINE_ARN'],
  ListBreaches: ['TABLE_NAME'],
  GetBreach: ['TABLE_NAME'],
  SubmitDecision: ['TABLE_NAME'],
  DecisionLink: [],
  ReportForm: ['TABLE_NAME', 'STATE_MACHINE_ARN', 'CSRF_KEY_SECRET'],
  Console: [
    'TABLE_NAME',
    'SUBJECTS_TABLE_NAME',
    'PUBLIC_BASE_URL',
    'OIDC_ISSUER',
    'OIDC_CLIENT_ID',
    'ATTACHMENTS_BUCKET',
    'USER_POOL_ID',
    'SENDER_ADDRESS',
    'SES_REGION',
  ],
  Assets: [],
  OpenApi: [],
  Verification: ['TABLE_NAME', 'ATTACHMENTS_BUCKET'],
  Register: ['TABLE_NAME'],
  AuthorityReport: ['TABLE_NAME'],
  BoardReport: ['TABLE_NAME'],
  AuthorityFollowUp: ['TABLE_NAME'],
  CaseChanges: MAILING_TASK,
  Attachments: ['TABLE_NAME', 'ATTACHMENTS_BUCKET'],
  AuthorityAcknowledgement: ['TABLE_NAME'],
  OtherParties: ['TABLE_NAME'],
  AddSubjects: ['TABLE_NAME', 'SUBJECTS_TABLE_NAME'],
  EraseSubjects: ['TABLE_NAME', 'SUBJECTS_TABLE_NAME'],
  ResolveUnconfirmed: NOTICE_SENDER,
  PublicNotice: ['TABLE_NAME'],
  SubjectLetters: ['TABLE_NAME', 'SUBJECTS_TABLE_NAME'],
  ContinueWorkflow: ['TABLE_NAME', 'STATE_MACHINE_ARN'],
  Reconcile: ['TABLE_NAME', 'STATE_MACHINE_ARN', 'SENDER_ADDRESS', 'SES_REGION', 'PUBLIC_BASE_URL'],
  ExportTable: ['TABLE_NAME', 'TABLE_ARN', 'EXPORT_BUCKET', 'EXPORT_PREFIX', 'EXPORT_KEY_ARN'],
  WorkflowEnded: MAILING_TASK,
  SesEvents: ['SUBJECTS_TABLE_NAME'],
} as const satisfies Record<string, readonly ConfigKey[]>;

export type FunctionName = keyof typeof FUNCTION_CONFIG;

/** The configuration a function's `wire` receives: exactly the keys its entry declares. */
export type FunctionConfig<N extends FunctionName> = Config<(typeof FUNCTION_CONFIG)[N][number]>;
