/**
 * How long API Gateway (and the local API) caches the authorizer's answer for a key: the one bound within which every
 * route refuses a revoked key, or a key whose organisation was deleted. Only this cache remembers a key; no handler
 * caches a key or an organisation, so once the cached answer expires the next request reaches the authorizer, which
 * finds the key's hash (or its organisation) gone and answers 401. Shorter costs an authorizer call (a Lambda
 * invocation and one or two reads) per key per bound; longer leaves a leaked key working longer.
 */
export const AUTHORIZER_CACHE_SECONDS = 30;
