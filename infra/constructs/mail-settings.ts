import { Lazy, Stack } from 'aws-cdk-lib';
import * as ses from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import type { MailSettings } from './base-function';

/** The context key that names the From address; a deploy without it would mail nobody, so synth refuses. */
export const SENDER_ADDRESS_CONTEXT = 'breachdesk:senderAddress';

export class MissingSenderAddressError extends Error {
  constructor(readonly given: string | undefined) {
    super(
      `${given === undefined ? 'Missing' : 'Invalid'} CDK context value ${SENDER_ADDRESS_CONTEXT}` +
        `${given === undefined ? '' : ` (${JSON.stringify(given)} is not an e-mail address)`}: the address every ` +
        'Breachdesk mail is sent from, a verified SES identity. Give it on the command line, e.g. ' +
        `npx cdk deploy -c ${SENDER_ADDRESS_CONTEXT}=dpo-alerts@your-school.org.uk`,
    );
    this.name = 'MissingSenderAddressError';
  }
}

/**
 * The mail settings every mailing function shares, from CDK context:
 * - `breachdesk:senderAddress` (required, no default): the From address, e.g. dpo-alerts@school.example.org;
 * - `breachdesk:senderIdentity`: the verified SES identity that covers it (@default the address's domain);
 * - `breachdesk:sesRegion`: where that identity is verified (@default the stack's region);
 * - `breachdesk:publicBaseUrl`: the base of links in mails, e.g. a custom domain (@default the API's own URL).
 */
export function mailSettings(scope: Construct, apiBaseUrl: () => string): MailSettings {
  const stack = Stack.of(scope);
  const context = (key: string): string | undefined => {
    const value: unknown = scope.node.tryGetContext(`breachdesk:${key}`);
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const senderAddress = context('senderAddress');
  if (!senderAddress || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(senderAddress)) {
    throw new MissingSenderAddressError(senderAddress);
  }
  const identityName = context('senderIdentity') ?? senderAddress.split('@')[1] ?? senderAddress;
  const sesRegion = context('sesRegion') ?? stack.region;
  const identity = ses.EmailIdentity.fromEmailIdentityArn(
    scope,
    'SenderIdentity',
    stack.formatArn({ service: 'ses', region: sesRegion, resource: 'identity', resourceName: identityName }),
  );
  const configured = context('publicBaseUrl');
  return {
    identity,
    senderAddress,
    sesRegion,
    publicBaseUrl: configured?.replace(/\/+$/, '') ?? Lazy.string({ produce: apiBaseUrl }),
  };
}
