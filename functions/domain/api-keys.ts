import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Organisation API keys: `bd_live_` and 32 random bytes in base64url. The prefix lets secret scanners recognise a
 * leaked key. Only the SHA-256 of a key is stored; a key has 256 bits of entropy, so an unsalted fast hash is enough:
 * there is no dictionary to try.
 */

export const API_KEY_PREFIX = 'bd_live_';
const API_KEY = /^bd_live_[A-Za-z0-9_-]{43}$/;

export const generateApiKey = (): string => `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;

/** Whether a value has the shape of a key; checked before any lookup so that junk never reaches the table. */
export const isApiKey = (value: string): boolean => API_KEY.test(value);

/** SHA-256 (hex) of a key: what the organisation repository stores and looks keys up by. */
export const hashApiKey = (apiKey: string): string => createHash('sha256').update(apiKey, 'utf8').digest('hex');

/**
 * Compares two secrets in time independent of where they differ. Hashing first makes the inputs equal in length,
 * which timingSafeEqual requires, without leaking the length of either.
 */
export const secretsEqual = (a: string, b: string): boolean =>
  timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

/** `lastUsedAt` is refreshed at most this often per key and container: a write per request would double the cost. */
export const API_KEY_USE_RESOLUTION_MS = 60 * 60 * 1000;

/** The key's public name: `key_` and the first 12 hex digits of its SHA-256. It opens nothing. */
export const apiKeyId = (apiKeyHash: string): string => `key_${apiKeyHash.slice(0, 12)}`;

export const isApiKeyId = (value: string): boolean => /^key_[0-9a-f]{12}$/.test(value);
