import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { BreachdeskStack } from '../../infra/breachdesk-stack';
import { applyCompliancePacks } from '../../infra/compliance';
import { projectPath } from '../../infra/project-paths';

interface CdkJson {
  readonly context: Record<string, unknown>;
}

/**
 * The app as `cdk synth` builds it: the same stack under the same feature flags from cdk.json, so that policy shapes
 * and defaults in the tests are the deployed ones. Only a test of the code itself asks for `bundling` (esbuild runs for
 * every function, minutes on a busy machine): the others read the template, which bundling does not change.
 */
export const buildBreachdeskApp = ({
  compliancePacks = false,
  bundling = false,
} = {}): {
  app: App;
  stack: BreachdeskStack;
} => {
  const { context } = JSON.parse(readFileSync(projectPath('cdk.json'), 'utf8')) as CdkJson;
  const app = new App({
    context: {
      // cdk.json has no sender address (a deploy must name its own): the tests name theirs.
      'breachdesk:senderAddress': 'breachdesk@example.org',
      ...context,
      // The CLI's own switch (`--exclusively` sets it): no stack's assets are bundled.
      ...(bundling ? {} : { 'aws:cdk:bundling-stacks': [] }),
    },
  });
  const stack = new BreachdeskStack(app, 'Breachdesk');
  if (compliancePacks) applyCompliancePacks(app);
  return { app, stack };
};
