import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { VALIDATION_REPORT_FILE } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBreachdeskApp } from './synth';

interface ValidationReport {
  readonly pluginReports: { readonly pluginName: string; readonly violations?: readonly unknown[] }[];
}

let app: App;
let report: ValidationReport;

beforeAll(() => {
  ({ app } = buildBreachdeskApp({ compliancePacks: true, cloudFormationValidation: true }));
  // An error-level finding makes synth throw with the report in the message, which then fails this hook loudly.
  const assembly = app.synth();
  report = JSON.parse(readFileSync(join(assembly.directory, VALIDATION_REPORT_FILE), 'utf8')) as ValidationReport;
  // CDK's own CloudFormation validation runs in this synth (and only here): several seconds on a loaded machine.
}, 180_000);

describe('cdk-nag', () => {
  it('finds nothing unacknowledged when synth runs the AwsSolutions and Serverless packs and CloudFormation validation', () => {
    const findings = report.pluginReports.flatMap((r) =>
      (r.violations ?? []).map((v) => ({ plugin: r.pluginName, v })),
    );
    // CDK's built-in CloudFormation validation runs in the same synth: its findings would be listed here too.
    expect(findings).toEqual([]);
  });

  it.each([
    ['AwsSolutions', new AwsSolutionsChecks()],
    ['Serverless', new ServerlessChecks()],
  ])('reports no %s error or warning when the pack walks the construct tree', (_name, pack) => {
    const result = pack.validateScope(app);
    expect(result.violations).toEqual([]);
    expect(result.success).toBe(true);
  });

  it('still reports a finding nobody acknowledged, so a clean report means a clean stack', () => {
    const probe = new App();
    new lambda.Function(new Stack(probe, 'Probe'), 'Outdated', {
      runtime: lambda.Runtime.NODEJS_20_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {};'),
    });
    const ruleNames = new AwsSolutionsChecks().validateScope(probe).violations.map((v) => v.ruleName);
    expect(ruleNames).toContain('AwsSolutions-L1');
  });

  it('gives every acknowledgement a specific rule id and a written reason', () => {
    const acknowledgements = app.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .flatMap((m) => Object.entries(m.data as Record<string, string>));
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const [id, reason] of acknowledgements) {
      expect(id).toMatch(
        /^(Annotation::)?(AwsSolutions|Serverless|HIPAA\.Security|NIST\.800\.53\.R5)-[A-Za-z0-9]+(\[.+\])?$/,
      );
      expect(reason.length, id).toBeGreaterThan(60);
    }
  });
});
