import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';

/**
 * Who is making an administrative change on AWS: the ARN STS gives for the caller's credentials (a user, or an
 * assumed role with its session name, e.g. an SSO user's), recorded with every change.
 */
export async function callerArn(client: STSClient): Promise<string> {
  const { Arn } = await client.send(new GetCallerIdentityCommand({}));
  if (!Arn) throw new Error('STS GetCallerIdentity returned no ARN');
  return Arn;
}
