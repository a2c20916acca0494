import { readFile } from 'node:fs/promises';

/**
 * A secret named by reference, read when the function initialises and cached for the life of its execution
 * environment, so that no secret sits in a function's environment as plaintext:
 * - a Secrets Manager ARN (on AWS): read through the AWS Parameters and Secrets Lambda Extension that runs beside the
 *   function (a localhost endpoint with its own cache, authenticated by the function's session token); the function's
 *   role may read that one secret (functions/manifest.ts, grant `csrfKey`);
 * - `file:<path>` (local mode): the key file local mode keeps in its data folder, so the key survives restarts.
 */
export class SecretUnavailableError extends Error {
  constructor(
    readonly reference: string,
    reason: string,
  ) {
    super(`the secret ${reference} could not be read: ${reason}`);
    this.name = 'SecretUnavailableError';
  }
}

/**
 * The extension's port: its own setting (PARAMETERS_SECRETS_EXTENSION_HTTP_PORT, which its layer sets), else its
 * default (https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets_lambda.html).
 */
const DEFAULT_EXTENSION_PORT = '2773';

export interface SecretSource {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly fetch?: typeof fetch;
}

export async function readSecret(reference: string, source: SecretSource = {}): Promise<string> {
  if (reference.startsWith('file:')) {
    const value = (await readFile(reference.slice('file:'.length), 'utf8')).trim();
    if (!value) throw new SecretUnavailableError(reference, 'the file is empty');
    return value;
  }
  const env = source.env ?? process.env;
  const token = env.AWS_SESSION_TOKEN;
  if (!token) throw new SecretUnavailableError(reference, 'no AWS_SESSION_TOKEN to authenticate to the extension');
  const port = env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT ?? DEFAULT_EXTENSION_PORT;
  const url = `http://localhost:${port}/secretsmanager/get?secretId=${encodeURIComponent(reference)}`;
  const response = await (source.fetch ?? fetch)(url, { headers: { 'X-Aws-Parameters-Secrets-Token': token } });
  if (!response.ok) throw new SecretUnavailableError(reference, `the extension answered ${response.status}`);
  const { SecretString } = (await response.json()) as { SecretString?: unknown };
  if (typeof SecretString !== 'string' || SecretString === '') {
    throw new SecretUnavailableError(reference, 'it holds no string value');
  }
  return SecretString;
}

/**
 * A handler built once its secret is read: the read starts at init (so it overlaps the cold start) and is kept; a
 * failed read fails the invocation with SecretUnavailableError and is tried again by the next one.
 */
export function withSecret<H extends (...args: never[]) => Promise<unknown>>(
  reference: string,
  build: (secret: string) => H,
  source: SecretSource = {},
): H {
  let built: Promise<H> | undefined;
  const ready = (): Promise<H> => {
    built ??= readSecret(reference, source).then(build, (error: unknown) => {
      built = undefined;
      throw error;
    });
    return built;
  };
  // Started now; a failure is reported by the invocation that awaits it, not as an unhandled rejection at init.
  ready().catch(() => undefined);
  return (async (...args: Parameters<H>) => (await ready())(...args)) as H;
}
