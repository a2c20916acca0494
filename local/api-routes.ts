import type { ApiMount, ApiRoute } from './api-gateway';
import type { HttpHandlers } from './runtime';

/**
 * The deployed API's methods (infra/constructs/api.ts) over the handlers local mode loaded. The API-key routes run
 * behind the TOKEN authorizer; the decision pages, assets and the hosted report form are public, as deployed: their
 * own secret (the link) or CSRF token is what protects them.
 */
export function apiMount(http: HttpHandlers): ApiMount {
  const routes: ApiRoute[] = [
    { method: 'POST', resource: '/breaches', handler: http.intake, authorized: true, functionName: 'intake' },
    {
      method: 'GET',
      resource: '/breaches',
      handler: http.listBreaches,
      authorized: true,
      functionName: 'list-breaches',
    },
    {
      method: 'GET',
      resource: '/breaches/{id}',
      handler: http.getBreach,
      authorized: true,
      functionName: 'get-breach',
    },
    {
      method: 'POST',
      resource: '/breaches/{id}/decisions/{step}',
      handler: http.submitDecision,
      authorized: true,
      functionName: 'submit-decision',
    },
  ];
  // Another part of the product serves these; each is mounted once its handler exists (see runtime.ts).
  if (http.decisionPage) {
    for (const method of ['GET', 'POST'] as const) {
      routes.push({
        method,
        resource: '/decisions/{secret}',
        handler: http.decisionPage,
        authorized: false,
        functionName: 'decision-page',
      });
    }
  }
  if (http.assets) {
    routes.push({
      method: 'GET',
      resource: '/assets/{proxy+}',
      handler: http.assets,
      authorized: false,
      functionName: 'assets',
    });
  }
  if (http.reportForm) {
    for (const method of ['GET', 'POST'] as const) {
      routes.push({
        method,
        resource: '/report/{organisation}',
        handler: http.reportForm,
        authorized: false,
        functionName: 'report-form',
      });
    }
  }
  return { routes, authorizer: http.authorizer, authorizerCacheTtlMs: 60_000 };
}
