import { Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { STYLESHEET_FILE } from '../functions/assets/stylesheet';
import { Api } from './constructs/api';
import { AuditExports } from './constructs/audit-exports';
import { BreachdeskFunction } from './constructs/base-function';
import { LifecycleTasks, mailSettings } from './constructs/lifecycle-tasks';
import { Reconciler } from './constructs/reconciler';
import { SignIn } from './constructs/sign-in';
import { Storage } from './constructs/storage';
import { SubjectNotices } from './constructs/subject-notices';
import { Workflow } from './constructs/workflow';

/** The whole deployment: one stack, composed of one construct per concern. */
export class BreachdeskStack extends Stack {
  public readonly storage: Storage;
  public readonly workflow: Workflow;
  public readonly api: Api;
  public readonly lifecycleTasks: LifecycleTasks;
  public readonly auditExports: AuditExports;
  public readonly subjectNotices: SubjectNotices;
  public readonly signIn: SignIn;

  public constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    this.storage = new Storage(this, 'Storage');
    const { table } = this.storage;
    const mail = mailSettings(this, () => this.api.publicBaseUrl);
    this.lifecycleTasks = new LifecycleTasks(this, 'Lifecycle', { table, mail });
    // The people affected (issue 5): their list, the notice fan-out task and SES's delivery events. The lead wires
    // `this.subjectNotices.definitionSubstitutions` and `grantToWorkflow` in with the ASL's SendSubjectNotices loop.
    this.subjectNotices = new SubjectNotices(this, 'SubjectNotices', {
      table,
      subjectsTable: this.storage.subjectsTable,
      mail,
    });
    this.workflow = new Workflow(this, 'Workflow', {
      definitionSubstitutions: {
        ...this.lifecycleTasks.definitionSubstitutions,
        ...this.subjectNotices.definitionSubstitutions,
      },
    });
    this.lifecycleTasks.grantToWorkflow(this.workflow);
    this.subjectNotices.grantToWorkflow(this.workflow);

    const authorizer = new BreachdeskFunction(this, 'Authorizer', { entry: 'functions/authorizer/handler.ts' });
    authorizer.bindTable({ table, access: 'read' });

    const intake = new BreachdeskFunction(this, 'Intake', { entry: 'functions/intake/handler.ts' });
    intake.bindTable({ table, access: 'readWrite' });
    intake.bindWorkflow(this.workflow);
    // Starts any open breach whose execution intake could not start (StartExecution failed after the report was stored).
    new Reconciler(this, 'Reconciler', {
      table,
      workflow: this.workflow,
      apiBaseUrl: () => this.api.publicBaseUrl,
    });

    const listBreaches = new BreachdeskFunction(this, 'ListBreaches', { entry: 'functions/list-breaches/handler.ts' });
    listBreaches.bindTable({ table, access: 'read' });

    const getBreach = new BreachdeskFunction(this, 'GetBreach', { entry: 'functions/get-breach/handler.ts' });
    getBreach.bindTable({ table, access: 'read' });

    const submitDecision = new BreachdeskFunction(this, 'SubmitDecision', {
      entry: 'functions/submit-decision/handler.ts',
    });
    submitDecision.bindTable({ table, access: 'readWrite' });
    submitDecision.bindTaskResponse(this.workflow);

    // The decision pages: the link's secret is the credential, so they sit outside the API-key authorizer.
    const csrfKey = new secretsmanager.Secret(this, 'CsrfKey', {
      description: "Breachdesk: key of the decision pages' anti-forgery tokens",
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    Validations.of(csrfKey).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The key only signs anti-forgery tokens of decision forms (HMAC of the link hash); rotating it would only ' +
        'void forms open at that moment, and a redeploy with a new secret value does it when needed.',
    });
    for (const pack of ['HIPAA.Security', 'NIST.800.53.R5']) {
      Validations.of(csrfKey).acknowledge({
        id: `${pack}-SecretsManagerRotationEnabled`,
        reason:
          'The key only signs anti-forgery tokens of forms (HMAC of the link hash); rotating it would only void forms ' +
          'open at that moment, and a redeploy with a new secret value does it when needed.',
      });
      Validations.of(csrfKey).acknowledge({
        id: `${pack}-SecretsManagerUsingKMSKey`,
        reason:
          'The secret is a random signing key, no personal data; the AWS-managed Secrets Manager key encrypts it, and ' +
          'a customer-managed key would add a monthly key cost for nothing an auditor needs to control.',
      });
    }
    const decisionPage = new BreachdeskFunction(this, 'DecisionPage', {
      entry: 'functions/decision-page/handler.ts',
      // A dynamic reference resolved at deploy time: the key is never written into the template or the assets.
      environment: { CSRF_KEY: csrfKey.secretValue.unsafeUnwrap() },
    });
    decisionPage.bindTable({ table, access: 'readWrite' });
    decisionPage.bindTaskResponse(this.workflow);

    // The hosted report form: reachable by staff without an API key, like a reporting address. It records the
    // report with the same use case as POST /breaches and starts the workflow.
    const reportForm = new BreachdeskFunction(this, 'ReportForm', {
      entry: 'functions/report-form/handler.ts',
      environment: { CSRF_KEY: csrfKey.secretValue.unsafeUnwrap() },
    });
    reportForm.bindTable({ table, access: 'readWrite' });
    reportForm.bindWorkflow(this.workflow);

    const assets = new BreachdeskFunction(this, 'Assets', {
      entry: 'functions/assets/handler.ts',
      bundling: {
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          // The stylesheet is read beside the handler at init (functions/assets/stylesheet.ts).
          afterBundling: (inputDir: string, outputDir: string) => [
            `cp "${inputDir}/node_modules/govuk-frontend/dist/govuk/${STYLESHEET_FILE}" "${outputDir}/${STYLESHEET_FILE}"`,
          ],
        },
      },
    });

    // Auditors (issue 6): tamper evidence and the breach register. Both only read the table.
    const verification = new BreachdeskFunction(this, 'Verification', { entry: 'functions/verification/handler.ts' });
    verification.bindTable({ table, access: 'read' });
    const register = new BreachdeskFunction(this, 'Register', { entry: 'functions/register/handler.ts' });
    register.bindTable({ table, access: 'read' });

    // The notify steps (issue 5): the report to the authority and its phases and receipt, and the other parties.
    const authorityReport = new BreachdeskFunction(this, 'AuthorityReport', {
      entry: 'functions/authority-report/handler.ts',
    });
    authorityReport.bindTable({ table, access: 'read' });
    const authorityFollowUp = new BreachdeskFunction(this, 'AuthorityFollowUp', {
      entry: 'functions/authority-follow-up/handler.ts',
    });
    authorityFollowUp.bindTable({ table, access: 'readWrite' });
    const authorityAcknowledgement = new BreachdeskFunction(this, 'AuthorityAcknowledgement', {
      entry: 'functions/authority-acknowledgement/handler.ts',
    });
    authorityAcknowledgement.bindTable({ table, access: 'readWrite' });
    const otherParties = new BreachdeskFunction(this, 'OtherParties', { entry: 'functions/other-parties/handler.ts' });
    otherParties.bindTable({ table, access: 'read' });

    // People sign in to the console with Cognito's managed login (OIDC, code + PKCE); systems keep their API keys.
    this.signIn = new SignIn(this, 'SignIn', { publicBaseUrl: mail.publicBaseUrl });
    const consoleFunction = new BreachdeskFunction(this, 'Console', {
      entry: 'functions/console/handler.ts',
      environment: {
        OIDC_ISSUER: this.signIn.issuer,
        OIDC_CLIENT_ID: this.signIn.client.userPoolClientId,
        PUBLIC_BASE_URL: mail.publicBaseUrl,
      },
    });
    consoleFunction.bindTable({ table, access: 'readWrite' });
    consoleFunction.bindTaskResponse(this.workflow);

    this.api = new Api(this, 'Api', {
      console: consoleFunction,
      authorizer,
      intake,
      listBreaches,
      getBreach,
      submitDecision,
      decisionPage,
      reportForm,
      assets,
      verification,
      register,
      authorityReport,
      authorityFollowUp,
      authorityAcknowledgement,
      otherParties,
      subjects: {
        add: this.subjectNotices.addSubjects,
        publicNotice: this.subjectNotices.publicNotice,
        letters: this.subjectNotices.subjectLetters,
        resolveUnconfirmed: this.subjectNotices.resolveUnconfirmed,
        erase: this.subjectNotices.eraseSubjects,
      },
    });

    // --- Audit exports (issue 6): the table exported on a schedule to a locked bucket, queried with Athena. ---
    // The breach table only: the subjects table (contact details of the people affected) is never exported.
    this.auditExports = new AuditExports(this, 'AuditExports', { table });
  }
}
