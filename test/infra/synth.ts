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
 * and defaults in the tests are the deployed ones. Bundling runs esbuild locally, so call this once per test file.
 */
export const buildBreachdeskApp = ({ compliancePacks = false } = {}): { app: App; stack: BreachdeskStack } => {
  const { context } = JSON.parse(readFileSync(projectPath('cdk.json'), 'utf8')) as CdkJson;
  const app = new App({ context });
  const stack = new BreachdeskStack(app, 'Breachdesk');
  if (compliancePacks) applyCompliancePacks(app);
  return { app, stack };
};
