import { randomUUID } from 'node:crypto';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';

/**
 * A Lambda function as local mode runs it: the handler called in-process with the event the state machine built.
 * It resolves with the function's result or rejects with the error the function threw.
 */
export type LocalFunction = (event: unknown) => Promise<unknown>;

/** Local functions by placeholder name: `Prepare` fills `${PrepareFunctionArn}`. */
export type LocalFunctions = Readonly<Record<string, LocalFunction>>;

export const LOCAL_REGION = 'eu-west-2';
export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_FUNCTION_PREFIX = 'breachdesk-local-';

/** The ARN local mode puts where CDK would put the deployed function's ARN. */
export const localFunctionArn = (name: string): string =>
  `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${LOCAL_FUNCTION_PREFIX}${name}`;

export class InvalidFunctionArnError extends Error {
  override readonly name = 'InvalidFunctionArnError';
  constructor(readonly value: string) {
    super(`Not a Lambda function name or ARN: ${JSON.stringify(value)}`);
  }
}

export class UnresolvedPlaceholderError extends Error {
  override readonly name = 'UnresolvedPlaceholderError';
  constructor(readonly placeholders: readonly string[]) {
    super(`The state machine definition has placeholders local mode cannot fill: ${placeholders.join(', ')}`);
  }
}

export class InvalidDefinitionError extends Error {
  override readonly name = 'InvalidDefinitionError';
}

// The forms Lambda accepts for FunctionName: a name, a partial ARN (account:function:name) or a full ARN, each
// optionally qualified by a version or alias.
const FUNCTION_NAME =
  /^(?:arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\d{12}:function:|\d{12}:function:)?([a-zA-Z0-9_-]{1,140})(?::[a-zA-Z0-9$_-]+)?$/;

/** The bare function name in any form Lambda accepts as FunctionName (name, partial ARN, ARN, with qualifier). */
export function functionNameFromArn(arn: string): string {
  const name = FUNCTION_NAME.exec(arn)?.[1];
  if (name === undefined) throw new InvalidFunctionArnError(arn);
  return name;
}

export interface SubstitutedDefinition {
  readonly definition: StateMachineDefinition;
  /** Local ARN → placeholder name (`arn:…:function:breachdesk-local-Prepare` → `Prepare`). */
  readonly functionsByArn: ReadonlyMap<string, string>;
}

const FUNCTION_PLACEHOLDER = /\$\{([A-Za-z0-9]+)FunctionArn\}/g;
const ANY_PLACEHOLDER = /\$\{[^}]*\}/g;

/**
 * Fills every `${NameFunctionArn}` of an ASL text with `localArn(name)`, as CDK's definitionSubstitutions would with
 * the deployed ARNs. Substitution is done on the parsed values, so no name can break the JSON. Any other
 * placeholder fails loudly: running a definition with a literal `${...}` in it would only fail later, obscurely.
 */
export function substituteDefinition(
  aslText: string,
  localArn: (name: string) => string = localFunctionArn,
): SubstitutedDefinition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(aslText);
  } catch (error) {
    throw new InvalidDefinitionError('The state machine definition is not JSON', { cause: error });
  }
  const functionsByArn = new Map<string, string>();
  const unresolved = new Set<string>();
  const substitute = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const filled = value.replace(FUNCTION_PLACEHOLDER, (_, name: string) => {
        const arn = localArn(name);
        functionsByArn.set(arn, name);
        return arn;
      });
      for (const left of filled.match(ANY_PLACEHOLDER) ?? []) unresolved.add(left);
      return filled;
    }
    if (Array.isArray(value)) return value.map(substitute);
    if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substitute(item)]));
    return value;
  };
  const definition = substitute(parsed);
  if (unresolved.size > 0) throw new UnresolvedPlaceholderError([...unresolved]);
  if (!isObject(definition) || typeof definition.StartAt !== 'string' || !isObject(definition.States)) {
    throw new InvalidDefinitionError('The state machine definition has no StartAt or States');
  }
  // The shape was checked just enough to walk it; the interpreter validates the rest of the ASL when it loads it.
  return { definition: definition as unknown as StateMachineDefinition, functionsByArn };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The Lambda context a handler is called with locally: what middy and the handlers read from it. */
export const lambdaContext = (functionName: string) => ({
  functionName,
  functionVersion: '$LATEST',
  invokedFunctionArn: localFunctionArn(functionName),
  memoryLimitInMB: '512',
  awsRequestId: randomUUID(),
  logGroupName: `/aws/lambda/${LOCAL_FUNCTION_PREFIX}${functionName}`,
  logStreamName: 'local',
  getRemainingTimeInMillis: () => 10_000,
  callbackWaitsForEmptyEventLoop: false,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});
