import { createHash, randomBytes } from 'node:crypto';

/**
 * Decision links: `<public base>/console/decisions/<secret>`, where the secret is 32 random bytes in base64url. The
 * link opens the console's sign-in first and then the step's form, where only a person holding the role the policy
 * gives the step may decide (open-decision-link.ts): the secret names the request, it does not authorise. It works
 * once and expires, and says so when opened later. The secret travels only in the mail; storage keeps its SHA-256.
 * Links mailed before sign-in existed (`<public base>/decisions/<secret>`) are forwarded to the console form.
 */

export const DECISION_SECRET_BYTES = 32;

/** 32 bytes are 43 base64url characters without padding. */
const SECRET = /^[A-Za-z0-9_-]{43}$/;

export const newDecisionSecret = (): string => randomBytes(DECISION_SECRET_BYTES).toString('base64url');

/** SHA-256 (lowercase hex) of the secret: the only form in which it is stored. */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

/**
 * Whether a string can be a secret this module minted. The re-encoding check refuses the 43-character strings whose
 * last character carries bits 32 bytes cannot hold, so one secret has exactly one spelling.
 */
export const isWellFormedSecret = (value: unknown): value is string =>
  typeof value === 'string' && SECRET.test(value) && Buffer.from(value, 'base64url').toString('base64url') === value;

/** The link's path in the console, below the public base (and the stage). */
export const consoleDecisionLinkPath = (secret: string): string => `/console/decisions/${encodeURIComponent(secret)}`;

/** The link for the mail. A trailing slash on the base (as configured by hand) does not double the separator. */
export const decisionLinkUrl = (publicBaseUrl: string, secret: string): string =>
  `${publicBaseUrl.replace(/\/+$/, '')}${consoleDecisionLinkPath(secret)}`;

/**
 * The request was claimed (its decision is being or has been recorded), so its task token may no longer change: the
 * claimer completes the token it reads after claiming. Thrown by `DecisionRequestRepository.updateToken`.
 */
export class DecisionRequestUsedError extends Error {
  constructor() {
    super('the decision request is already used; its task token can no longer change');
    this.name = 'DecisionRequestUsedError';
  }
}
