import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, ServerlessChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBreachdeskApp } from '../infra/synth';

/**
 * The four cdk-nag rule packs over the whole stack: AwsSolutions and Serverless (which every synth also runs, see
 * infra/compliance.ts), HIPAA Security and NIST 800-53 R5. Zero unacknowledged findings at error or warning level;
 * every acknowledgement names one rule and says why, beside the construct it concerns.
 */

let app: ReturnType<typeof buildBreachdeskApp>['app'];

beforeAll(() => {
  ({ app } = buildBreachdeskApp());
  app.synth();
});

const describeFindings = (violations: readonly { ruleName: string; violatingResources: readonly unknown[] }[]) =>
  violations.flatMap((v) =>
    v.violatingResources.map((r) => {
      const resource = r as { constructPath?: string; resourceLogicalId?: string };
      return `${v.ruleName} ${resource.constructPath ?? resource.resourceLogicalId ?? ''}`;
    }),
  );

describe('cdk-nag rule packs', () => {
  it.each([
    ['AwsSolutions', () => new AwsSolutionsChecks()],
    ['Serverless', () => new ServerlessChecks()],
    ['HIPAA Security', () => new HIPAASecurityChecks()],
    ['NIST 800-53 R5', () => new NIST80053R5Checks()],
  ])('finds nothing unacknowledged in the %s pack', (_name, pack) => {
    const result = pack().validateScope(app);
    expect(describeFindings(result.violations)).toEqual([]);
    expect(result.success).toBe(true);
  });

  it('gives every acknowledgement of the HIPAA and NIST packs a reason of its own', () => {
    const acknowledgements = app.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .flatMap((m) => Object.entries(m.data as Record<string, string>))
      .filter(([id]) => /^(Annotation::)?(HIPAA\.Security|NIST\.800\.53\.R5)-/.test(id));
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const [id, reason] of acknowledgements) expect(reason.length, id).toBeGreaterThan(60);
  });
});
