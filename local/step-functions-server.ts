import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isObject } from './lambda-functions';
import type { ExecutionDescription, LocalStepFunctions } from './step-functions';
import { ExecutionNotRedrivableError, StepFunctionsApiError, ValidationError } from './step-functions-errors';

export interface StepFunctionsServerOptions {
  readonly stepFunctions: LocalStepFunctions;
  /** @default 0 (any free port; the real one is in the handle) */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
}

export interface StepFunctionsServer {
  /** The endpoint to give `new SFNClient({ endpoint })`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const TARGET_PREFIX = 'AWSStepFunctions.';
const CONTENT_TYPE = 'application/x-amz-json-1.0';
// The SDK reads the part after '#' as the error code and raises its exception class of that name.
const ERROR_NAMESPACE = 'com.amazonaws.sfn#';
const MAX_BODY_BYTES = 1024 * 1024;

class UnknownOperationError extends StepFunctionsApiError {
  override readonly name = 'UnknownOperationException';
}

class SerializationError extends StepFunctionsApiError {
  override readonly name = 'SerializationException';
}

type Operation = (request: Record<string, unknown>) => Record<string, unknown>;

/**
 * The local Step Functions endpoint: the JSON 1.0 protocol of the real service, for the operations Breachdesk's
 * handlers and tests call, so `@aws-sdk/client-sfn` works against it unchanged. Signatures are not checked: it
 * listens on the loopback interface only.
 */
export async function startStepFunctionsServer(options: StepFunctionsServerOptions): Promise<StepFunctionsServer> {
  const operations = routes(options.stepFunctions);
  const server = createServer((request, response) => {
    void handle(operations, request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address();
  if (bound === null || typeof bound === 'string') throw new Error('The Step Functions endpoint has no TCP address');
  return { url: `http://${bound.address}:${bound.port}`, port: bound.port, close: () => closeServer(server) };
}

function routes(sfn: LocalStepFunctions): ReadonlyMap<string, Operation> {
  return new Map<string, Operation>([
    [
      'StartExecution',
      (request) => {
        const started = sfn.startExecution({
          stateMachineArn: requiredString(request, 'stateMachineArn'),
          name: optionalString(request, 'name'),
          input: optionalString(request, 'input'),
        });
        return { executionArn: started.executionArn, startDate: epochSeconds(started.startDate) };
      },
    ],
    [
      'DescribeExecution',
      (request) => describeExecution(sfn.describeExecution(requiredString(request, 'executionArn'))),
    ],
    [
      'RedriveExecution',
      (request) => {
        const execution = sfn.describeExecution(requiredString(request, 'executionArn'));
        throw new ExecutionNotRedrivableError(
          `Execution ${execution.executionArn} cannot be redriven locally; start a new execution instead`,
        );
      },
    ],
    [
      'StopExecution',
      (request) => {
        const stopped = sfn.stopExecution(requiredString(request, 'executionArn'), {
          error: optionalString(request, 'error'),
          cause: optionalString(request, 'cause'),
        });
        return { stopDate: epochSeconds(stopped.stopDate) };
      },
    ],
    [
      'SendTaskSuccess',
      (request) => {
        sfn.sendTaskSuccess(requiredString(request, 'taskToken'), requiredString(request, 'output'));
        return {};
      },
    ],
    [
      'SendTaskFailure',
      (request) => {
        sfn.sendTaskFailure(
          requiredString(request, 'taskToken'),
          optionalString(request, 'error'),
          optionalString(request, 'cause'),
        );
        return {};
      },
    ],
    [
      'SendTaskHeartbeat',
      (request) => {
        sfn.sendTaskHeartbeat(requiredString(request, 'taskToken'));
        return {};
      },
    ],
  ]);
}

async function handle(
  operations: ReadonlyMap<string, Operation>,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  response.setHeader('x-amzn-RequestId', randomUUID());
  try {
    const target = request.headers['x-amz-target'];
    const operation =
      request.method === 'POST' && typeof target === 'string' && target.startsWith(TARGET_PREFIX)
        ? operations.get(target.slice(TARGET_PREFIX.length))
        : undefined;
    if (operation === undefined) throw new UnknownOperationError(`Unknown operation: ${String(target)}`);
    const body = await readBody(request);
    let parsed: unknown;
    try {
      parsed = body.length === 0 ? {} : JSON.parse(body);
    } catch {
      throw new SerializationError('The request body is not JSON');
    }
    if (!isObject(parsed)) throw new SerializationError('The request body is not a JSON object');
    send(response, 200, operation(parsed));
  } catch (error) {
    if (error instanceof StepFunctionsApiError) {
      send(response, 400, { __type: `${ERROR_NAMESPACE}${error.name}`, message: error.message });
    } else {
      send(response, 500, { __type: `${ERROR_NAMESPACE}InternalFailure`, message: 'Internal failure' });
      console.error('Local Step Functions endpoint failed', error);
    }
  }
}

function describeExecution(execution: ExecutionDescription): Record<string, unknown> {
  return {
    executionArn: execution.executionArn,
    stateMachineArn: execution.stateMachineArn,
    name: execution.name,
    status: execution.status,
    startDate: epochSeconds(execution.startDate),
    stopDate: execution.stopDate && epochSeconds(execution.stopDate),
    input: execution.input,
    inputDetails: { included: true },
    output: execution.output,
    outputDetails: execution.output === undefined ? undefined : { included: true },
    error: execution.error,
    cause: execution.cause,
  };
}

// The JSON protocol sends timestamps as seconds since the epoch, with fractions.
const epochSeconds = (date: Date): number => date.getTime() / 1000;

function requiredString(request: Record<string, unknown>, field: string): string {
  const value = request[field];
  if (typeof value !== 'string') throw new ValidationError(`1 validation error detected: '${field}' is required`);
  return value;
}

function optionalString(request: Record<string, unknown>, field: string): string | undefined {
  const value = request[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ValidationError(`'${field}' must be a string`);
  return value;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new ValidationError('The request body is too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, status: number, body: Record<string, unknown>): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': CONTENT_TYPE, 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // The SDK keeps connections alive; without this, close would wait for them to time out.
    server.closeAllConnections();
  });
}
