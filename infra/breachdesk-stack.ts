import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Api } from './constructs/api';
import { BreachdeskFunction } from './constructs/base-function';
import { Storage } from './constructs/storage';
import { Workflow } from './constructs/workflow';

/** The whole deployment: one stack, composed of one construct per concern. */
export class BreachdeskStack extends Stack {
  public readonly storage: Storage;
  public readonly workflow: Workflow;
  public readonly api: Api;

  public constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    this.storage = new Storage(this, 'Storage');
    const { table } = this.storage;
    this.workflow = new Workflow(this, 'Workflow');

    const authorizer = new BreachdeskFunction(this, 'Authorizer', { entry: 'functions/authorizer/handler.ts' });
    authorizer.bindTable({ table, access: 'read' });

    const intake = new BreachdeskFunction(this, 'Intake', { entry: 'functions/intake/handler.ts' });
    intake.bindTable({ table, access: 'readWrite' });
    intake.bindWorkflow(this.workflow);

    const listBreaches = new BreachdeskFunction(this, 'ListBreaches', { entry: 'functions/list-breaches/handler.ts' });
    listBreaches.bindTable({ table, access: 'read' });

    const getBreach = new BreachdeskFunction(this, 'GetBreach', { entry: 'functions/get-breach/handler.ts' });
    getBreach.bindTable({ table, access: 'read' });

    this.api = new Api(this, 'Api', { authorizer, intake, listBreaches, getBreach });
  }
}
