import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
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

    this.api = new Api(this, 'Api', { authorizer, intake, listBreaches, getBreach, submitDecision });
  }
}
