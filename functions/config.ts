import { instrument } from './observability/instrument';

/**
 * Configuration: every environment variable a Breachdesk function may read, declared once with what it means, and
 * one typed loader. Which function reads which keys is the function manifest's business (functions/manifest.ts); the
 * stack sets exactly those keys in the function's template environment, and local mode hands the handler's `wire`
 * exactly the same keys, so a handler that would fail to load on AWS fails locally too.
 *
 * Configuration is read once, when a Lambda module loads: a missing variable is a deployment mistake, and failing at
 * init makes it visible on the first invocation instead of halfway through a request.
 */

/** Every configuration key, with whether a function that reads it may run without it. */
export const CONFIG_KEYS = {
  /** The breach table: event logs, projections, organisations, key hashes, decision requests. */
  TABLE_NAME: { required: true },
  /** The breach table's ARN (the export names the table it exports by ARN). */
  TABLE_ARN: { required: true },
  /** The people affected and the SES message pointers: a table of its own, never exported. */
  SUBJECTS_TABLE_NAME: { required: true },
  /** The breach lifecycle state machine. */
  STATE_MACHINE_ARN: { required: true },
  /** The From address of every mail, a verified SES identity. */
  SENDER_ADDRESS: { required: true },
  /** The region SES sends from (the sender may be verified in another region than the functions run in). */
  SES_REGION: { required: true },
  /** The base of links in mails (decision links, a breach's page), without a trailing slash. */
  PUBLIC_BASE_URL: { required: true },
  /**
   * Where the key of the pages' anti-forgery tokens is kept (functions/adapters/secret-value.ts): its Secrets Manager
   * secret's ARN on AWS, `file:<path>` in local mode. Never the key itself.
   */
  CSRF_KEY_SECRET: { required: true },
  /** The OpenID Connect issuer people sign in to the console with: Cognito's user pool, or the local provider. */
  OIDC_ISSUER: { required: true },
  /** The console's client id at that issuer (a public client: code flow with PKCE, no secret). */
  OIDC_CLIENT_ID: { required: true },
  /** The configuration set whose delivery events come back as the people's delivery statuses; absent cross-region. */
  SUBJECT_NOTICES_CONFIGURATION_SET: { required: false },
  /** The attachments bucket: evidence files under `attachments/<organisation>/<breach>/<attachment>`. */
  ATTACHMENTS_BUCKET: { required: true },
  /** Where the audit exports land, under which prefix, encrypted with which key. */
  EXPORT_BUCKET: { required: true },
  EXPORT_PREFIX: { required: true },
  EXPORT_KEY_ARN: { required: true },
} as const satisfies Record<string, { required: boolean }>;

export type ConfigKey = keyof typeof CONFIG_KEYS;
type RequiredKey = { [K in ConfigKey]: (typeof CONFIG_KEYS)[K]['required'] extends true ? K : never }[ConfigKey];

/** The configuration of a function that reads the keys `K`: required keys are strings, optional ones may be absent. */
export type Config<K extends ConfigKey> = { readonly [P in K & RequiredKey]: string } & {
  readonly [P in Exclude<K, RequiredKey>]?: string;
};

/** An environment as Lambda gives it: names to strings. */
export type Environment = Readonly<Record<string, string | undefined>>;

export class MissingConfigError extends Error {
  constructor(readonly variable: string) {
    super(`environment variable ${variable} is required but not set`);
    this.name = 'MissingConfigError';
  }
}

/** The value of an environment variable; an unset or blank one throws MissingConfigError. */
export const requiredEnv = (name: string, env: Environment = process.env): string => {
  const value = env[name]?.trim();
  if (!value) throw new MissingConfigError(name);
  return value;
};

/**
 * The keys `keys` read from `env`, and nothing else: a required key unset or blank throws MissingConfigError, an
 * optional one is left out. Values are trimmed.
 */
export function loadConfig<const K extends ConfigKey>(keys: readonly K[], env: Environment): Config<K> {
  const config: Record<string, string> = {};
  for (const key of keys) {
    const value = env[key]?.trim();
    if (value) config[key] = value;
    else if (CONFIG_KEYS[key].required) throw new MissingConfigError(key);
  }
  return config as Config<K>;
}

/**
 * The module-level `handler` of a function: `wire` called with the function's configuration.
 *
 * On Lambda (which always sets AWS_LAMBDA_FUNCTION_NAME) the module wires itself when it loads, from the template's
 * environment, and a missing key fails the init loudly. Anywhere else importing a handler module wires nothing:
 * local mode calls the module's `wire` with the environment the manifest gives that function, never one shared
 * `process.env`; a test or a script that calls `handler` directly has it wired from `process.env` on the first call.
 */
export function lambdaHandler<const K extends ConfigKey, H extends (...args: never[]) => unknown>(
  keys: readonly K[],
  wire: (config: Config<K>) => H,
): H {
  // Every invocation through here is instrumented (observability/instrument.ts): Lambda context and correlation id
  // on each log line, the metrics it counted flushed at its end.
  if (process.env.AWS_LAMBDA_FUNCTION_NAME) return instrument(wire(loadConfig(keys, process.env)));
  let wired: H | undefined;
  return instrument(((...args: Parameters<H>) => {
    wired ??= wire(loadConfig(keys, process.env));
    return wired(...args);
  }) as H);
}
