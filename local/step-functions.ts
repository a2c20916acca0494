import { randomBytes, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import {
  ExecutionAbortedError,
  ExecutionError,
  ExecutionTimeoutError,
  type RunOptions,
  StateMachine,
  type StateMachineDefinition,
} from 'aws-local-stepfunctions';
import {
  functionNameFromArn,
  isObject,
  LOCAL_ACCOUNT,
  LOCAL_REGION,
  type LocalFunctions,
  localFunctionArn,
  substituteDefinition,
} from './lambda-functions';
import {
  ExecutionAlreadyExistsError,
  ExecutionDoesNotExistError,
  InvalidArnError,
  InvalidExecutionInputError,
  InvalidNameError,
  InvalidOutputError,
  InvalidTokenError,
  StateMachineDoesNotExistError,
  TaskDoesNotExistError,
  TaskTimedOutError,
} from './step-functions-errors';

type Overrides = NonNullable<RunOptions['overrides']>;
type TaskHandlers = NonNullable<Overrides['taskResourceLocalHandlers']>;
type JsonValue = Parameters<TaskHandlers[string]>[0];
type AslState = StateMachineDefinition['States'][string];
type AslStates = StateMachineDefinition['States'];

/** One entry of the interpreter's execution log: state entered / exited / failed / retried / caught, and so on. */
export type ExecutionEvent = ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** DescribeExecution's answer; `input` and `output` are JSON texts, as AWS returns them. */
export interface ExecutionDescription {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly status: ExecutionStatus;
  readonly input: string;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly startDate: Date;
  readonly stopDate?: Date;
}

/** A callback task whose function has returned and which now waits for SendTaskSuccess or SendTaskFailure. */
export interface PendingTask {
  readonly token: string;
  readonly executionArn: string;
  readonly stateName: string;
  /** The placeholder name of the function that was invoked (`RequestDecision`). */
  readonly functionName: string;
  /** The Payload the function received, with the real token in place of `$$.Task.Token`. */
  readonly payload: unknown;
  readonly since: Date;
}

export interface LocalStepFunctionsEvents {
  taskWaiting: [task: PendingTask];
  executionClosed: [execution: ExecutionDescription];
}

export interface LocalStepFunctionsOptions {
  /** The ASL text, with `${NameFunctionArn}` placeholders. Either this or `definitionPath`. */
  readonly definition?: string;
  readonly definitionPath?: string;
  readonly functions: LocalFunctions;
  /** @default 'arn:aws:states:eu-west-2:000000000000:stateMachine:breachdesk-local' */
  readonly stateMachineArn?: string;
  /** Replaces every Retry pause (IntervalSeconds, backoff, jitter) with this many milliseconds, e.g. 0 in tests. */
  readonly retryIntervalMs?: number;
  /** Milliseconds each named Wait state pauses instead of what the ASL says. */
  readonly waitOverrides?: Readonly<Record<string, number>>;
}

export class MissingLocalFunctionError extends Error {
  override readonly name = 'MissingLocalFunctionError';
  constructor(readonly functionNames: readonly string[]) {
    super(`The state machine calls functions that were not given to local mode: ${functionNames.join(', ')}`);
  }
}

export class UnsupportedTaskResourceError extends Error {
  override readonly name = 'UnsupportedTaskResourceError';
  constructor(
    readonly stateName: string,
    readonly resource: string,
  ) {
    super(`Task state ${JSON.stringify(stateName)} uses a resource local mode cannot run: ${resource}`);
  }
}

export class DuplicateStateNameError extends Error {
  override readonly name = 'DuplicateStateNameError';
  constructor(readonly stateName: string) {
    super(`State name ${JSON.stringify(stateName)} is used twice; overrides are keyed by state name`);
  }
}

export class CallbackWaitTimeoutError extends Error {
  override readonly name = 'CallbackWaitTimeoutError';
}

/**
 * How a task failure reaches the interpreter: its `name` is the ASL error name that Retry and Catch match, its
 * `message` the Cause a Catch puts in the state's output.
 */
export class LocalTaskError extends Error {
  constructor(errorName: string, cause: string) {
    super(cause);
    this.name = errorName;
  }
}

/**
 * Unwinds the interpreter's loop for a task whose execution or branch was stopped. The interpreter reads these two
 * flags (its RuntimeError contract), so neither Retry nor Catch can run the step again after the stop.
 */
class ExecutionStoppedError extends Error {
  override readonly name = 'ExecutionStopped';
  readonly isRetryable = false;
  readonly isCatchable = false;
}

const DEFAULT_STATE_MACHINE_ARN = `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:breachdesk-local`;
const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
const LAMBDA_INVOKE_CALLBACK = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
// What `$$.Task.Token` evaluates to; each callback task swaps it for a freshly minted token before the function runs.
const TOKEN_PLACEHOLDER = 'breachdesk-local-task-token-placeholder';
const TOKEN_PREFIX = 'bdlt1.';
const TOKEN_FORMAT = /^bdlt1\.[A-Za-z0-9_-]{43}$/;
// setTimeout fires at once for anything longer (about 24.8 days), which would time every such task out immediately.
const MAX_TIMER_SECONDS = Math.floor(0x7fffffff / 1000);
// AWS lets a task run 99999999 s when TimeoutSeconds is absent; the interpreter would stop it after 60 s.
const DEFAULT_TASK_TIMEOUT_SECONDS = MAX_TIMER_SECONDS;
// Execution names as AWS accepts them: no whitespace, brackets, wildcards, punctuation from its list or controls.
const EXECUTION_NAME = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\p{Cc}]{1,80}$/u;

interface TaskSpec {
  readonly stateName: string;
  readonly kind: 'function' | 'invoke' | 'callback';
  /** For `function` tasks: the placeholder name behind the Resource ARN. */
  readonly functionName?: string;
  readonly timeoutMs?: number;
  /** Parallel and Map states this task is nested in, innermost last. */
  readonly containers: readonly string[];
}

interface CallbackTask {
  readonly token: string;
  readonly execution: ExecutionRecord;
  readonly stateName: string;
  readonly functionName: string;
  readonly payload: unknown;
  readonly since: Date;
  /** The attempt of each enclosing Parallel/Map this task was started in. */
  readonly attempts: ReadonlyMap<string, number>;
  readonly resolve: (value: JsonValue) => void;
  readonly reject: (error: Error) => void;
  waiting: boolean;
  timer?: NodeJS.Timeout;
}

interface ExecutionRecord {
  readonly arn: string;
  readonly name: string;
  readonly input: string;
  readonly startDate: Date;
  status: ExecutionStatus;
  output?: string;
  error?: string;
  cause?: string;
  stopDate?: Date;
  readonly events: ExecutionEvent[];
  readonly tasks: Set<CallbackTask>;
  /** Terminal events seen per Parallel/Map state: a task started in an earlier attempt is stale. */
  readonly containerAttempts: Map<string, number>;
  abort: () => void;
  readonly closed: Promise<ExecutionDescription>;
}

/**
 * The Step Functions service of local mode: runs the real ASL file on `aws-local-stepfunctions`, with every Task
 * state calling a local function in-process, and adds what the interpreter lacks — named executions, task tokens,
 * SendTaskSuccess / SendTaskFailure, DescribeExecution, StopExecution — with AWS's semantics and error names.
 */
export class LocalStepFunctions extends EventEmitter<LocalStepFunctionsEvents> {
  readonly stateMachineArn: string;
  private readonly machine: StateMachine;
  private readonly functions: LocalFunctions;
  private readonly functionsByArn: ReadonlyMap<string, string>;
  private readonly tasks: ReadonlyMap<string, TaskSpec>;
  private readonly containers: ReadonlyMap<string, ReadonlySet<string>>;
  private readonly retryIntervalOverrides: Record<string, number>;
  private readonly waitOverrides: Readonly<Record<string, number>>;
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly openTasks = new Map<string, CallbackTask>();
  private readonly closedTokens = new Set<string>();
  /** Function calls under way: a stopped execution does not stop its running handler, so stopAll waits for them. */
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(options: LocalStepFunctionsOptions) {
    super();
    const text = options.definition ?? (options.definitionPath && readFileSync(options.definitionPath, 'utf8'));
    if (!text) throw new TypeError('LocalStepFunctions needs a definition or a definitionPath');
    const { definition, functionsByArn } = substituteDefinition(text, localFunctionArn);
    this.stateMachineArn = options.stateMachineArn ?? DEFAULT_STATE_MACHINE_ARN;
    this.functions = options.functions;
    this.functionsByArn = functionsByArn;
    this.waitOverrides = options.waitOverrides ?? {};

    const tasks = new Map<string, TaskSpec>();
    const containers = new Map<string, Set<string>>();
    const retrying: string[] = [];
    const missing = new Set<string>();
    const seen = new Set<string>();
    const visit = (states: AslStates, enclosing: readonly string[]): void => {
      for (const [stateName, state] of Object.entries(states)) {
        if (seen.has(stateName)) throw new DuplicateStateNameError(stateName);
        seen.add(stateName);
        if ('Retry' in state && state.Retry) retrying.push(stateName);
        for (const container of enclosing) containers.get(container)?.add(stateName);
        if (state.Type === 'Task') {
          const spec = this.taskSpec(stateName, state, enclosing);
          tasks.set(stateName, spec);
          const called = spec.functionName ?? this.staticFunctionName(state);
          if (called !== undefined && this.functions[called] === undefined) missing.add(called);
        } else if (state.Type === 'Parallel') {
          containers.set(stateName, new Set());
          for (const branch of state.Branches) visit(branch.States, [...enclosing, stateName]);
        } else if (state.Type === 'Map') {
          containers.set(stateName, new Set());
          const processor = state.ItemProcessor ?? state.Iterator;
          if (processor) visit(processor.States, [...enclosing, stateName]);
        }
      }
    };
    visit(definition.States, []);
    if (missing.size > 0) throw new MissingLocalFunctionError([...missing]);
    this.tasks = tasks;
    this.containers = containers;
    this.retryIntervalOverrides =
      options.retryIntervalMs === undefined
        ? {}
        : Object.fromEntries(retrying.map((name) => [name, options.retryIntervalMs ?? 0]));
    this.machine = new StateMachine(definition, { validationOptions: { checkArn: false } });
  }

  /** StartExecution: the same name and input while RUNNING returns the same execution; anything else is refused. */
  startExecution(request: { name?: string; input?: string; stateMachineArn?: string }): {
    executionArn: string;
    startDate: Date;
  } {
    if (request.stateMachineArn !== undefined && request.stateMachineArn !== this.stateMachineArn) {
      throw new StateMachineDoesNotExistError(`State Machine Does Not Exist: '${request.stateMachineArn}'`);
    }
    const name = request.name ?? randomUUID();
    if (!EXECUTION_NAME.test(name)) throw new InvalidNameError(`Invalid Name: '${name}'`);
    const input = request.input ?? '{}';
    let parsedInput: JsonValue;
    try {
      parsedInput = JSON.parse(input);
    } catch {
      throw new InvalidExecutionInputError('Invalid State Machine Execution Input: the input is not JSON');
    }
    const executionArn = this.executionArn(name);
    const existing = this.executions.get(executionArn);
    if (existing) {
      if (existing.status === 'RUNNING' && existing.input === input) {
        return { executionArn, startDate: existing.startDate };
      }
      throw new ExecutionAlreadyExistsError(`Execution Already Exists: '${executionArn}'`);
    }
    const record = this.run(executionArn, name, input, parsedInput);
    return { executionArn, startDate: record.startDate };
  }

  describeExecution(executionArn: string): ExecutionDescription {
    return this.describe(this.execution(executionArn));
  }

  /** StopExecution: ABORTED at once; tasks it was waiting on are closed, so their tokens answer TaskTimedOut. */
  stopExecution(executionArn: string, details: { error?: string; cause?: string } = {}): { stopDate: Date } {
    const record = this.execution(executionArn);
    if (record.status === 'RUNNING') {
      record.status = 'ABORTED';
      record.stopDate = new Date();
      record.error = details.error;
      record.cause = details.cause;
      record.abort();
      for (const task of record.tasks) this.abandon(task);
    }
    return { stopDate: record.stopDate ?? new Date() };
  }

  /** Aborts every running execution (test teardown, Ctrl-C) and resolves once each has closed. */
  async stopAll(): Promise<void> {
    const running = [...this.executions.values()].filter((record) => record.status === 'RUNNING');
    for (const record of running) this.stopExecution(record.arn, { cause: 'Local mode stopped' });
    await Promise.all(running.map((record) => record.closed));
    // Before the caller closes the stores those handlers are still writing to.
    await Promise.allSettled([...this.inFlight]);
  }

  sendTaskSuccess(token: string, output: string): void {
    const task = this.openTask(token);
    let value: JsonValue;
    try {
      value = JSON.parse(output);
    } catch {
      throw new InvalidOutputError('Invalid Output: the output is not JSON');
    }
    this.close(task);
    task.resolve(value);
  }

  /**
   * SendTaskFailure: the task fails with `error` as its ASL error name, so the state's Retry and Catch see it as they
   * would in AWS. Without an error name the failure is reported as States.TaskFailed.
   */
  sendTaskFailure(token: string, error?: string, cause?: string): void {
    const task = this.openTask(token);
    this.close(task);
    task.reject(new LocalTaskError(error ?? 'States.TaskFailed', cause ?? ''));
  }

  /** The interpreter has no heartbeats, so this only checks the token, as AWS would. */
  sendTaskHeartbeat(token: string): void {
    this.openTask(token);
  }

  pendingTasks(): PendingTask[] {
    return [...this.openTasks.values()].filter((task) => task.waiting).map(view);
  }

  /** Resolves with the first callback task matching `predicate` that is (or becomes) waiting for its token. */
  waitForCallback(
    predicate: (task: PendingTask) => boolean,
    options: { timeoutMs?: number } = {},
  ): Promise<PendingTask> {
    const found = this.pendingTasks().find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const listener = (task: PendingTask): void => {
        if (!predicate(task)) return;
        clearTimeout(timer);
        this.off('taskWaiting', listener);
        resolve(task);
      };
      const timer =
        options.timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              this.off('taskWaiting', listener);
              reject(new CallbackWaitTimeoutError(`No matching callback task waited within ${options.timeoutMs} ms`));
            }, options.timeoutMs);
      this.on('taskWaiting', listener);
    });
  }

  /** Resolves with the execution's description once it has closed and its history is complete. */
  waitForExecution(executionArn: string): Promise<ExecutionDescription> {
    return this.execution(executionArn).closed;
  }

  /** The interpreter's event log of the execution so far (StateEntered, StateExited, StateRetried, …). */
  history(executionArn: string): readonly ExecutionEvent[] {
    return [...this.execution(executionArn).events];
  }

  private run(executionArn: string, name: string, input: string, parsedInput: JsonValue): ExecutionRecord {
    const startDate = new Date();
    const closing = Promise.withResolvers<ExecutionDescription>();
    const record: ExecutionRecord = {
      arn: executionArn,
      name,
      input,
      startDate,
      status: 'RUNNING',
      events: [],
      tasks: new Set(),
      containerAttempts: new Map(),
      abort: () => {},
      closed: closing.promise,
    };
    this.executions.set(executionArn, record);
    const taskResourceLocalHandlers: TaskHandlers = {};
    for (const spec of this.tasks.values()) {
      taskResourceLocalHandlers[spec.stateName] = (taskInput) => this.runTask(record, spec, taskInput);
    }
    const execution = this.machine.run(parsedInput, {
      overrides: {
        taskResourceLocalHandlers,
        retryIntervalOverrides: this.retryIntervalOverrides,
        waitTimeOverrides: { ...this.waitOverrides },
      },
      // The interpreter mints no task tokens and fails any path to a missing context field, so `$$.Task.Token`
      // resolves to a placeholder that each callback task replaces with a real token.
      context: {
        Execution: {
          Id: executionArn,
          Name: name,
          RoleArn: `arn:aws:iam::${LOCAL_ACCOUNT}:role/breachdesk-local`,
          StartTime: startDate.toISOString(),
        },
        StateMachine: { Id: this.stateMachineArn, Name: this.stateMachineArn.split(':').at(-1) ?? '' },
        Task: { Token: TOKEN_PLACEHOLDER },
      },
    });
    record.abort = execution.abort;
    const drained = (async () => {
      for await (const event of execution.eventLogs) {
        record.events.push(event);
        this.observe(record, event);
      }
    })();
    const outcome = execution.result.then(
      (output) => ({ ok: true as const, output }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    void Promise.all([outcome, drained]).then(([settled]) => {
      if (record.status === 'RUNNING') {
        record.stopDate = new Date();
        if (settled.ok) {
          record.status = 'SUCCEEDED';
          record.output = JSON.stringify(settled.output);
        } else if (settled.error instanceof ExecutionTimeoutError) {
          record.status = 'TIMED_OUT';
        } else if (settled.error instanceof ExecutionAbortedError) {
          record.status = 'ABORTED';
        } else {
          const failure = settled.error instanceof ExecutionError ? settled.error.cause : settled.error;
          record.status = 'FAILED';
          record.error = failure instanceof Error ? failure.name : 'States.Runtime';
          record.cause = failure instanceof Error ? failure.message : String(failure);
        }
      }
      for (const task of record.tasks) this.abandon(task);
      const description = this.describe(record);
      closing.resolve(description);
      this.emit('executionClosed', description);
    });
    return record;
  }

  private async runTask(record: ExecutionRecord, spec: TaskSpec, input: JsonValue): Promise<JsonValue> {
    if (record.status !== 'RUNNING') throw new ExecutionStoppedError('The execution was stopped');
    if (spec.kind === 'function') return this.invoke(spec.functionName ?? '', input);
    const { functionName, payload } = this.lambdaParameters(spec, input);
    if (spec.kind === 'invoke') {
      // The shape of the optimised Lambda integration's result, which ResultSelector paths like $.Payload expect.
      return { ExecutedVersion: '$LATEST', Payload: await this.invoke(functionName, payload), StatusCode: 200 };
    }
    return this.runCallback(record, spec, functionName, payload);
  }

  private async runCallback(
    record: ExecutionRecord,
    spec: TaskSpec,
    functionName: string,
    payload: JsonValue,
  ): Promise<JsonValue> {
    const deadline = spec.timeoutMs === undefined ? undefined : Date.now() + spec.timeoutMs;
    // Let the event log catch up first, so the task is counted in the current attempt of its enclosing Parallel/Map
    // states (the log is read asynchronously; everything already logged is delivered before the next macrotask).
    await new Promise((resolve) => setImmediate(resolve));
    if (record.status !== 'RUNNING') throw new ExecutionStoppedError('The execution was stopped');
    const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const withToken = toJson(replaceString(payload, TOKEN_PLACEHOLDER, token));
    const { promise, resolve, reject } = Promise.withResolvers<JsonValue>();
    const task: CallbackTask = {
      token,
      execution: record,
      stateName: spec.stateName,
      functionName,
      payload: withToken,
      since: new Date(),
      attempts: new Map(spec.containers.map((name) => [name, record.containerAttempts.get(name) ?? 0])),
      resolve,
      reject,
      waiting: false,
    };
    this.openTasks.set(token, task);
    record.tasks.add(task);
    if (deadline !== undefined) {
      // The interpreter raises States.Timeout on its own timer; this one only closes the token at the same moment,
      // so a late SendTaskSuccess answers TaskTimedOut as in AWS.
      task.timer = setTimeout(() => this.close(task), Math.max(0, deadline - Date.now()));
    }
    this.invoke(functionName, withToken).then(
      () => {
        if (!this.openTasks.has(token)) return;
        task.waiting = true;
        this.emit('taskWaiting', view(task));
      },
      (error: Error) => {
        if (!this.openTasks.has(token)) return;
        this.close(task);
        reject(error);
      },
    );
    return promise;
  }

  /** Calls a local function the way Lambda would: JSON in, JSON out, a thrown error named by its errorType. */
  private async invoke(functionName: string, event: unknown): Promise<JsonValue> {
    const fn = this.functions[functionName];
    if (fn === undefined) {
      throw new LocalTaskError(
        'Lambda.ResourceNotFoundException',
        `Function not found: ${localFunctionArn(functionName)}`,
      );
    }
    let call: Promise<unknown> | undefined;
    try {
      call = fn(toJson(event));
      this.inFlight.add(call);
      return toJson(await call);
    } catch (error) {
      throw lambdaError(error);
    } finally {
      if (call) this.inFlight.delete(call);
    }
  }

  private lambdaParameters(spec: TaskSpec, input: JsonValue): { functionName: string; payload: JsonValue } {
    if (!isObject(input) || typeof input.FunctionName !== 'string') {
      throw new LocalTaskError('States.Runtime', `Task ${spec.stateName} has no FunctionName parameter`);
    }
    const functionName = this.resolveFunction(input.FunctionName);
    if (functionName === undefined) {
      throw new LocalTaskError('Lambda.ResourceNotFoundException', `Function not found: ${input.FunctionName}`);
    }
    return { functionName, payload: toJson(input.Payload ?? {}) };
  }

  private resolveFunction(nameOrArn: string): string | undefined {
    const byArn = this.functionsByArn.get(nameOrArn);
    if (byArn !== undefined) return byArn;
    let name: string;
    try {
      name = functionNameFromArn(nameOrArn);
    } catch {
      return undefined;
    }
    for (const [arn, placeholder] of this.functionsByArn) {
      if (functionNameFromArn(arn) === name) return placeholder;
    }
    return this.functions[name] === undefined ? undefined : name;
  }

  private taskSpec(stateName: string, state: AslState & { Type: 'Task' }, enclosing: readonly string[]): TaskSpec {
    if (state.TimeoutSeconds === undefined && state.TimeoutSecondsPath === undefined) {
      state.TimeoutSeconds = DEFAULT_TASK_TIMEOUT_SECONDS;
    } else if (state.TimeoutSeconds !== undefined && state.TimeoutSeconds > MAX_TIMER_SECONDS) {
      state.TimeoutSeconds = MAX_TIMER_SECONDS;
    }
    const timeoutMs = state.TimeoutSeconds === undefined ? undefined : state.TimeoutSeconds * 1000;
    const common = { stateName, timeoutMs, containers: enclosing };
    if (state.Resource === LAMBDA_INVOKE_CALLBACK) return { ...common, kind: 'callback' };
    if (state.Resource === LAMBDA_INVOKE) return { ...common, kind: 'invoke' };
    const functionName = this.resolveFunction(state.Resource);
    if (functionName === undefined || state.Resource.startsWith('arn:aws:states:')) {
      throw new UnsupportedTaskResourceError(stateName, state.Resource);
    }
    return { ...common, kind: 'function', functionName };
  }

  /** The function a Lambda integration names with a literal FunctionName, checked before anything runs. */
  private staticFunctionName(state: AslState & { Type: 'Task' }): string | undefined {
    const parameters = state.Parameters;
    if (!isObject(parameters) || typeof parameters.FunctionName !== 'string') return undefined;
    return this.resolveFunction(parameters.FunctionName) ?? functionNameFromArn(parameters.FunctionName);
  }

  /**
   * When a Parallel or Map state ends, the interpreter aborts its other branches or iterations but leaves a task
   * they were waiting on pending forever; AWS closes such tasks, and so does this.
   */
  private observe(record: ExecutionRecord, event: ExecutionEvent): void {
    if (event.type !== 'StateExited' && event.type !== 'StateFailed') return;
    const container = event.state.name;
    const nested = this.containers.get(container);
    if (nested === undefined) return;
    const attempt = record.containerAttempts.get(container) ?? 0;
    for (const task of record.tasks) {
      if (nested.has(task.stateName) && task.attempts.get(container) === attempt) this.abandon(task);
    }
    record.containerAttempts.set(container, attempt + 1);
  }

  private openTask(token: string): CallbackTask {
    if (!TOKEN_FORMAT.test(token)) throw new InvalidTokenError('Invalid Token: the token is malformed');
    const task = this.openTasks.get(token);
    if (task) return task;
    if (this.closedTokens.has(token)) {
      throw new TaskTimedOutError("Task Timed Out: 'Provided task does not exist anymore'");
    }
    throw new TaskDoesNotExistError('Task Does Not Exist: no task was given this token');
  }

  private close(task: CallbackTask): void {
    clearTimeout(task.timer);
    this.openTasks.delete(task.token);
    this.closedTokens.add(task.token);
    task.execution.tasks.delete(task);
  }

  private abandon(task: CallbackTask): void {
    this.close(task);
    task.reject(new ExecutionStoppedError('The task was stopped with its execution or branch'));
  }

  private execution(executionArn: string): ExecutionRecord {
    const record = this.executions.get(executionArn);
    if (record) return record;
    if (!executionArn.startsWith(`${this.executionArn('')}`)) {
      throw new InvalidArnError(`Invalid Arn: '${executionArn}'`);
    }
    throw new ExecutionDoesNotExistError(`Execution Does Not Exist: '${executionArn}'`);
  }

  private executionArn(name: string): string {
    return `${this.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
  }

  private describe(record: ExecutionRecord): ExecutionDescription {
    return {
      executionArn: record.arn,
      stateMachineArn: this.stateMachineArn,
      name: record.name,
      status: record.status,
      input: record.input,
      ...(record.output === undefined ? {} : { output: record.output }),
      ...(record.error === undefined ? {} : { error: record.error }),
      ...(record.cause === undefined ? {} : { cause: record.cause }),
      startDate: record.startDate,
      ...(record.stopDate === undefined ? {} : { stopDate: record.stopDate }),
    };
  }
}

/** A predicate for `waitForCallback`: the task's Payload has every given field with the given value. */
export const callbackMatching =
  (fields: Readonly<Record<string, unknown>>) =>
  (task: PendingTask): boolean => {
    const { payload } = task;
    return isObject(payload) && Object.entries(fields).every(([key, value]) => payload[key] === value);
  };

function view(task: CallbackTask): PendingTask {
  return {
    token: task.token,
    executionArn: task.execution.arn,
    stateName: task.stateName,
    functionName: task.functionName,
    payload: task.payload,
    since: task.since,
  };
}

/**
 * In AWS a Lambda's thrown error reaches the state machine as its errorType (the error's name) with a Cause that is
 * the JSON of {errorType, errorMessage, trace}; a value that is not an Error has no type and fails as States.TaskFailed.
 */
function lambdaError(error: unknown): LocalTaskError {
  if (error instanceof LocalTaskError) return error;
  if (!(error instanceof Error)) {
    return new LocalTaskError('States.TaskFailed', JSON.stringify({ errorMessage: String(error) }));
  }
  const errorType = error.name || 'Error';
  const trace = error.stack?.split('\n') ?? [];
  return new LocalTaskError(errorType, JSON.stringify({ errorType, errorMessage: error.message, trace }));
}

// A function's result and event cross a JSON boundary in AWS; doing the same here keeps Dates, undefined and class
// instances from behaving differently locally.
function toJson(value: unknown): JsonValue {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

function replaceString(value: unknown, from: string, to: string): unknown {
  if (value === from) return to;
  if (Array.isArray(value)) return value.map((item) => replaceString(item, from, to));
  if (isObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceString(item, from, to)]));
  }
  return value;
}
