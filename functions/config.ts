/**
 * Configuration read from the environment once, when a Lambda module loads. A missing variable is a deployment
 * mistake: failing at init makes it visible on the first invocation instead of halfway through a request.
 */

export class MissingConfigError extends Error {
  constructor(readonly variable: string) {
    super(`environment variable ${variable} is required but not set`);
    this.name = 'MissingConfigError';
  }
}

/** The value of an environment variable; an unset or blank one throws MissingConfigError. */
export const requiredEnv = (name: string, env: NodeJS.ProcessEnv = process.env): string => {
  const value = env[name]?.trim();
  if (!value) throw new MissingConfigError(name);
  return value;
};
