/**
 * The errors of the Step Functions API, named exactly as AWS names them: the local endpoint sends `name` as the
 * JSON error's `__type`, so `@aws-sdk/client-sfn` raises its own exception class for each, unchanged.
 */
export abstract class StepFunctionsApiError extends Error {
  abstract override readonly name: string;
}

export class ExecutionAlreadyExistsError extends StepFunctionsApiError {
  override readonly name = 'ExecutionAlreadyExists';
}

export class ExecutionDoesNotExistError extends StepFunctionsApiError {
  override readonly name = 'ExecutionDoesNotExist';
}

export class StateMachineDoesNotExistError extends StepFunctionsApiError {
  override readonly name = 'StateMachineDoesNotExist';
}

export class InvalidArnError extends StepFunctionsApiError {
  override readonly name = 'InvalidArn';
}

export class InvalidNameError extends StepFunctionsApiError {
  override readonly name = 'InvalidName';
}

export class InvalidExecutionInputError extends StepFunctionsApiError {
  override readonly name = 'InvalidExecutionInput';
}

/** The token is not one this runtime could have minted. */
export class InvalidTokenError extends StepFunctionsApiError {
  override readonly name = 'InvalidToken';
}

/** The token is well formed but was never handed to a task. */
export class TaskDoesNotExistError extends StepFunctionsApiError {
  override readonly name = 'TaskDoesNotExist';
}

/** The task the token belonged to is closed: completed, timed out, or its execution ended. */
export class TaskTimedOutError extends StepFunctionsApiError {
  override readonly name = 'TaskTimedOut';
}

export class InvalidOutputError extends StepFunctionsApiError {
  override readonly name = 'InvalidOutput';
}

export class ValidationError extends StepFunctionsApiError {
  override readonly name = 'ValidationException';
}

/**
 * RedriveExecution: the embedded interpreter cannot resume an execution at the state that failed, so local mode
 * answers as AWS does for an execution it cannot redrive; callers then start a new execution (workflow-continuation).
 */
export class ExecutionNotRedrivableError extends StepFunctionsApiError {
  override readonly name = 'ExecutionNotRedrivable';
}
