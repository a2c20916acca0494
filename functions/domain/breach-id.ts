import { createHash, randomBytes } from 'node:crypto';

/**
 * Breach ids: `BR-` and 16 Crockford base32 characters (80 bits) in groups of four, e.g. BR-7K3M-9QXD-2F8A-1C4T.
 * Crockford's alphabet has no I, L, O or U, so an id read aloud or copied from a printed report survives.
 *
 * An API report's id is derived from (organisation, Idempotency-Key): a retried POST computes the same id and finds
 * its breach already recorded, and the workflow execution, named after the id, cannot be started twice.
 */

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ID_BYTES = 10;
const BREACH_ID = /^BR-[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3}$/;

/** Versioned so that a future change of derivation cannot collide with ids already issued. */
const DERIVATION_CONTEXT = 'breachdesk:breach-id:v1';

const base32 = (bytes: Uint8Array): string => {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += CROCKFORD[(value << (5 - bits)) & 31];
  return out;
};

const format = (bytes: Uint8Array): string => `BR-${base32(bytes).match(/.{4}/g)?.join('-')}`;

/** The id of the breach an organisation reports under an idempotency key; the same inputs always give the same id. */
export const breachIdFor = (organisationId: string, idempotencyKey: string): string => {
  // JSON keeps the two parts apart whatever characters they hold ('a:b' + 'c' ≠ 'a' + 'b:c').
  const digest = createHash('sha256')
    .update(JSON.stringify([DERIVATION_CONTEXT, organisationId, idempotencyKey]))
    .digest();
  return format(digest.subarray(0, ID_BYTES));
};

/** A fresh random id, for reports that come without an idempotency key (the hosted form mints its own). */
export const randomBreachId = (): string => format(randomBytes(ID_BYTES));

export const isBreachId = (value: unknown): value is string => typeof value === 'string' && BREACH_ID.test(value);
