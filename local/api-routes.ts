import { AUTHORIZER_CACHE_SECONDS } from '../functions/authorizer-cache';
import { apiRoutes, functionTriggeredBy } from '../functions/manifest';
import type { ApiMount, ApiRoute } from './api-gateway';
import type { HttpHandlers } from './runtime';

const camel = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

/**
 * The deployed API's methods, from the same manifest the stack builds them from (functions/manifest.ts): the `api-key`
 * routes run behind the TOKEN authorizer; the `public` ones (decision pages, the hosted report form, assets) are
 * protected by their own secret (the link) or anti-forgery token, as deployed.
 */
export function apiMount(http: HttpHandlers): ApiMount {
  const handlers = http as unknown as Readonly<Record<string, ApiRoute['handler']>>;
  const handlerOf = (name: string): ApiRoute['handler'] => {
    const handler = handlers[camel(name)];
    if (!handler) throw new Error(`no local handler for ${name}`);
    return handler;
  };
  const routes: ApiRoute[] = apiRoutes().map((route) => ({
    method: route.method,
    resource: route.path,
    handler: handlerOf(route.functionName),
    authorized: route.access === 'api-key',
    functionName: route.functionName,
  }));
  return {
    routes,
    authorizer: handlerOf(functionTriggeredBy((trigger) => trigger.kind === 'authorizer')),
    authorizerCacheTtlMs: AUTHORIZER_CACHE_SECONDS * 1000,
  };
}
