import { App } from 'aws-cdk-lib';
import { BreachdeskStack } from './breachdesk-stack';
import { applyCompliancePacks } from './compliance';

const app = new App();

const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;
new BreachdeskStack(app, 'Breachdesk', {
  description: 'Breachdesk: personal data breach procedure (GDPR Art. 33-34)',
  // Environment-agnostic unless the CLI knows the target, so that synth works offline without credentials.
  ...(account && region ? { env: { account, region } } : {}),
});

applyCompliancePacks(app);
app.synth();
