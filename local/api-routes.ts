import type { ApiMount, ApiRoute } from './api-gateway';
import type { Handler, HttpHandlers } from './runtime';

/**
 * A handler module imported on its first request. The handlers build their clients when they load, from the
 * environment the runtime sets before mounting the routes, so a deferred import finds that environment complete.
 */
const lazyHandler = (load: () => Promise<{ handler: unknown }>): Handler => {
  let loaded: Promise<Handler> | undefined;
  return async (event, context) => {
    loaded ??= load().then(({ handler }) => handler as Handler);
    return (await loaded)(event, context);
  };
};

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
  // The auditors' routes (issue 6): loaded here rather than in runtime.ts, which other parts of the product own.
  routes.push(
    {
      method: 'GET',
      resource: '/verification',
      handler: lazyHandler(() => import('../functions/verification/handler')),
      authorized: true,
      functionName: 'verification',
    },
    {
      method: 'GET',
      resource: '/register',
      handler: lazyHandler(() => import('../functions/register/handler')),
      authorized: true,
      functionName: 'register',
    },
  );
  // The notify steps (issue 5): the authority report, its phases and receipt, and the other parties.
  routes.push(
    {
      method: 'GET',
      resource: '/breaches/{id}/authority-report',
      handler: lazyHandler(() => import('../functions/authority-report/handler')),
      authorized: true,
      functionName: 'authority-report',
    },
    {
      method: 'POST',
      resource: '/breaches/{id}/authority-reports',
      handler: lazyHandler(() => import('../functions/authority-follow-up/handler')),
      authorized: true,
      functionName: 'authority-follow-up',
    },
    {
      method: 'POST',
      resource: '/breaches/{id}/authority-acknowledgement',
      handler: lazyHandler(() => import('../functions/authority-acknowledgement/handler')),
      authorized: true,
      functionName: 'authority-acknowledgement',
    },
    {
      method: 'GET',
      resource: '/breaches/{id}/other-parties',
      handler: lazyHandler(() => import('../functions/other-parties/handler')),
      authorized: true,
      functionName: 'other-parties',
    },
  );
  // The people affected (issue 5): their list (JSON or CSV), the public notice, the printable letters, and a person's
  // resolution of the notices a crashed run left unconfirmed, and the erasure of the people once the case is closed.
  routes.push(
    {
      method: 'POST',
      resource: '/breaches/{id}/subjects',
      handler: lazyHandler(() => import('../functions/add-subjects/handler')),
      authorized: true,
      functionName: 'add-subjects',
    },
    {
      method: 'GET',
      resource: '/breaches/{id}/public-notice',
      handler: lazyHandler(() => import('../functions/public-notice/handler')),
      authorized: true,
      functionName: 'public-notice',
    },
    {
      method: 'GET',
      resource: '/breaches/{id}/letters',
      handler: lazyHandler(() => import('../functions/subject-letters/handler')),
      authorized: true,
      functionName: 'subject-letters',
    },
    {
      method: 'POST',
      resource: '/breaches/{id}/subjects/unconfirmed',
      handler: lazyHandler(() => import('../functions/resolve-unconfirmed/handler')),
      authorized: true,
      functionName: 'resolve-unconfirmed',
    },
    {
      method: 'DELETE',
      resource: '/breaches/{id}/subjects',
      handler: lazyHandler(() => import('../functions/erase-subjects/handler')),
      authorized: true,
      functionName: 'erase-subjects',
    },
  );
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
  if (http.console) {
    for (const method of ['GET', 'POST'] as const) {
      for (const resource of ['/console', '/console/{proxy+}']) {
        routes.push({ method, resource, handler: http.console, authorized: false, functionName: 'console' });
      }
    }
  }
  return { routes, authorizer: http.authorizer, authorizerCacheTtlMs: 60_000 };
}
