import { describe, expect, it } from 'vitest';
import { DECISION_STEPS } from '../../../functions/domain/decisions';
import { apiRoutes } from '../../../functions/manifest';
import { openApiDocument } from '../../../functions/openapi/document';
import { API_OPERATIONS, DECISION_EXAMPLES } from '../../../functions/openapi/operations';

/** The document names exactly the routes the gateway serves, and every example passes its handler's schema. */

type Paths = Record<string, Record<string, { security: unknown[]; requestBody?: unknown }>>;
const document = openApiDocument() as { openapi: string; paths: Paths };
const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
);
const routes = apiRoutes().map((route) => ({
  method: route.method,
  resource: route.path,
  authorized: route.access === 'api-key',
}));

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1', () => {
    expect(document.openapi).toBe('3.1.0');
  });

  it('describes every route of the manifest (the deployed API and local mode), and no other', () => {
    expect(documented.sort()).toEqual(routes.map((route) => `${route.method} ${route.resource}`).sort());
  });

  it('asks for the API key exactly where the gateway runs the authorizer', () => {
    for (const route of routes) {
      const operation = document.paths[route.resource]?.[route.method.toLowerCase()];
      expect(operation?.security, `${route.method} ${route.resource}`).toEqual(
        route.authorized ? [{ apiKey: [] }] : [],
      );
    }
  });

  it('gives an example body for every request that has one, and for every decision step', () => {
    for (const operation of API_OPERATIONS.filter((op) => op.method !== 'GET')) {
      // A write either documents its bodies or says it takes none (`body: []`); it never just forgets them.
      expect(operation.body, `${operation.method} ${operation.path}`).toBeDefined();
      for (const body of operation.body ?? []) expect(Object.keys(body.examples).length).toBeGreaterThan(0);
    }
    expect(new Set(Object.values(DECISION_EXAMPLES).map((entry) => entry.step))).toEqual(new Set(DECISION_STEPS));
  });

  it('has every JSON example pass the schema its handler validates with', () => {
    let checked = 0;
    for (const operation of API_OPERATIONS) {
      for (const body of operation.body ?? []) {
        for (const [name, example] of Object.entries(body.examples)) {
          const schema = body.schema ?? body.schemaOf?.(name);
          if (body.mediaType === 'application/json') expect(schema, `${operation.path} ${name}`).toBeDefined();
          if (!schema) continue;
          const result = schema.safeParse(example.value);
          expect(
            result.success,
            `${operation.method} ${operation.path} example ${name}: ${JSON.stringify(result.error?.issues)}`,
          ).toBe(true);
          checked += 1;
        }
      }
    }
    // 1 report, 10 decisions (decide twice), follow-up, receipt, subjects, unconfirmed, erasure, and the 8 case
    // changes (amendment, revision, action added and closed, exchange, outcome, party, link, not-a-breach,
    // investigator, access codes, receipt), an obligation stage, and an attachment.
    expect(checked).toBe(30);
  });

  it('shows the API its JSON Schemas in their input form: defaults optional, transforms from strings', () => {
    const decisions = document.paths['/breaches/{id}/decisions/{step}']?.post?.requestBody as {
      content: { 'application/json': { schema: { anyOf: { properties: Record<string, unknown> }[] } } };
    };
    const schemas = decisions.content['application/json'].schema.anyOf;
    expect(schemas).toHaveLength(DECISION_STEPS.length);
    const listBreaches = document.paths['/breaches']?.get as unknown as
      | { parameters: { name: string; schema: { type: string } }[] }
      | undefined;
    const list = listBreaches?.parameters ?? [];
    expect(list.find((p) => p.name === 'limit')?.schema.type).toBe('string');
  });
});
