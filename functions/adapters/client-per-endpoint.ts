/**
 * A process-wide SDK client, built on first use so that a Lambda container reuses its connections, for the endpoint
 * the environment names (`AWS_ENDPOINT_URL_<SERVICE>`, which the SDK reads when a client is built). On Lambda the
 * variable never changes: one client per container. A process that runs local runtimes one after another, each on
 * its own emulators (a test worker), gets a client for the endpoint now in force, not one still pointing at an
 * emulator that has stopped.
 */
export const clientPerEndpoint = <Client>(
  variable: `AWS_ENDPOINT_URL_${string}`,
  build: () => Client,
): (() => Client) => {
  let shared: { endpoint: string | undefined; client: Client } | undefined;
  return () => {
    const endpoint = process.env[variable];
    if (!shared || shared.endpoint !== endpoint) shared = { endpoint, client: build() };
    return shared.client;
  };
};
