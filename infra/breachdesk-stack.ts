import { Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { STYLESHEET_FILE } from '../functions/assets/stylesheet';
import { Api } from './constructs/api';
import { BreachdeskFunction } from './constructs/base-function';
import { LifecycleTasks, mailSettings } from './constructs/lifecycle-tasks';
import { Storage } from './constructs/storage';
import { Workflow } from './constructs/workflow';

/** The whole deployment: one stack, composed of one construct per concern. */
export class BreachdeskStack extends Stack {
  public readonly storage: Storage;
  public readonly workflow: Workflow;
  public readonly api: Api;
  public readonly lifecycleTasks: LifecycleTasks;

  public constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    this.storage = new Storage(this, 'Storage');
    const { table } = this.storage;
    this.lifecycleTasks = new LifecycleTasks(this, 'Lifecycle', {
      table,
      mail: mailSettings(this, () => this.api.publicBaseUrl),
    });
    this.workflow = new Workflow(this, 'Workflow', {
      definitionSubstitutions: this.lifecycleTasks.definitionSubstitutions,
    });
    this.lifecycleTasks.grantToWorkflow(this.workflow);

    const authorizer = new BreachdeskFunction(this, 'Authorizer', { entry: 'functions/authorizer/handler.ts' });
    authorizer.bindTable({ table, access: 'read' });

    const intake = new BreachdeskFunction(this, 'Intake', { entry: 'functions/intake/handler.ts' });
    intake.bindTable({ table, access: 'readWrite' });
    intake.bindWorkflow(this.workflow);

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
    const decisionPage = new BreachdeskFunction(this, 'DecisionPage', {
      entry: 'functions/decision-page/handler.ts',
      // A dynamic reference resolved at deploy time: the key is never written into the template or the assets.
      environment: { CSRF_KEY: csrfKey.secretValue.unsafeUnwrap() },
    });
    decisionPage.bindTable({ table, access: 'readWrite' });
    decisionPage.bindTaskResponse(this.workflow);

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

    this.api = new Api(this, 'Api', {
      authorizer,
      intake,
      listBreaches,
      getBreach,
      submitDecision,
      decisionPage,
      assets,
    });
  }
}
