import { type CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';

/**
 * What the administration tools (`npm run admin`, `npm run smoke`) need to know about a deployed stack, read from its
 * CloudFormation outputs. The stack declares exactly these outputs (infra/breachdesk-stack.ts); one list, both sides.
 */

export const STACK_OUTPUTS = {
  apiUrl: 'ApiUrl',
  tableName: 'BreachTableName',
  subjectsTableName: 'SubjectsTableName',
  stateMachineArn: 'StateMachineArn',
  userPoolId: 'UserPoolId',
} as const;

export type StackOutputs = { readonly [K in keyof typeof STACK_OUTPUTS]: string };

export class StackNotFoundError extends Error {
  override readonly name = 'StackNotFoundError';
  constructor(
    readonly stackName: string,
    readonly region: string | undefined,
  ) {
    super(`no stack '${stackName}'${region ? ` in ${region}` : ''} (check --stack, --region and --profile)`);
  }
}

export class MissingStackOutputError extends Error {
  override readonly name = 'MissingStackOutputError';
  constructor(
    readonly stackName: string,
    readonly outputs: readonly string[],
  ) {
    super(`stack '${stackName}' has no output ${outputs.join(', ')}: deploy this version of Breachdesk first`);
  }
}

/** DescribeStacks on one stack; its outputs by key. */
export async function readStackOutputs(client: CloudFormationClient, stackName: string): Promise<StackOutputs> {
  let outputs: Record<string, string>;
  try {
    const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    const stack = Stacks?.[0];
    if (!stack) throw new StackNotFoundError(stackName, await client.config.region());
    outputs = Object.fromEntries(
      (stack.Outputs ?? []).flatMap((output) =>
        output.OutputKey && output.OutputValue ? [[output.OutputKey, output.OutputValue]] : [],
      ),
    );
  } catch (error) {
    // CloudFormation answers an unknown stack with a ValidationError "Stack with id X does not exist".
    if (error instanceof Error && error.name === 'ValidationError' && /does not exist/.test(error.message)) {
      throw new StackNotFoundError(stackName, await client.config.region());
    }
    throw error;
  }
  const missing = Object.values(STACK_OUTPUTS).filter((key) => outputs[key] === undefined);
  if (missing.length > 0) throw new MissingStackOutputError(stackName, missing);
  return Object.fromEntries(
    Object.entries(STACK_OUTPUTS).map(([name, key]) => [name, outputs[key] as string]),
  ) as unknown as StackOutputs;
}
