import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';

/**
 * The rule packs every synth runs. A finding at error level stops the synth; each accepted finding is acknowledged
 * beside the construct it concerns, with its reason.
 */
export const applyCompliancePacks = (app: App): void => {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
};
