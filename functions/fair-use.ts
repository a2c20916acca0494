/**
 * Fair use per organisation: how many requests one organisation may make in a window before the API answers 429
 * (problem+json), so that one tenant's burst, or a flood of its public report form, cannot starve the others. The
 * stack enforces it with rate-based rules of the API's web ACL (infra/constructs/api.ts) and local mode with the same
 * numbers in its gateway (local/api-gateway.ts). Plain data: both import it.
 */
export const FAIR_USE = {
  /** The window the requests are counted over (a WAF rate-based rule's evaluation window). */
  windowSeconds: 300,
  /**
   * Requests to one organisation's hosted report form (GET and POST `/report/{organisation}`), from anywhere: the
   * form is public, so its flood is counted per organisation, not per caller.
   */
  reportFormPerOrganisation: 100,
  /** Requests with one organisation's API key to the key routes. */
  apiPerKey: 2000,
} as const;

/** The body of the 429 answer, the same in AWS and locally. */
export const FAIR_USE_PROBLEM = {
  type: 'about:blank',
  title: 'Too Many Requests',
  status: 429,
  detail: 'This organisation has made too many requests in the last few minutes; retry later.',
} as const;
