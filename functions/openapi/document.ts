import '../domain/zod-english';
import * as z from 'zod/mini';
import { AUTHORIZER_CACHE_SECONDS } from '../authorizer-cache';
import { API_OPERATIONS, type ApiOperation, type RequestBody } from './operations';

/**
 * The OpenAPI 3.1 document of the API, generated from operations.ts: request bodies and query parameters are zod's
 * own JSON Schema (draft 2020-12, which OpenAPI 3.1 uses) of the schemas the handlers validate with, in their input
 * form (before defaults and transforms), so the document cannot drift from what the API accepts.
 */

type JsonSchema = Record<string, unknown>;

const jsonSchemaOf = (schema: z.ZodMiniType): JsonSchema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'input',
    // A refinement (e.g. "an authority clock is required") has no JSON Schema form: the handler still applies it.
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
};

const PROBLEM_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'RFC 9457 problem details',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { path: { type: 'string' }, message: { type: 'string' } },
        required: ['path', 'message'],
      },
    },
  },
  required: ['title', 'status'],
};

const pathParameters = (path: string) =>
  [...path.matchAll(/\{([^}+]+)\+?\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));

const queryParameters = (schema: z.ZodMiniType | undefined) => {
  if (!schema) return [];
  const json = jsonSchemaOf(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema: property,
  }));
};

const requestBody = (bodies: readonly RequestBody[]) => ({
  required: true,
  content: Object.fromEntries(
    bodies.map((body) => {
      const examples = Object.fromEntries(
        Object.entries(body.examples).map(([name, example]) => [
          name,
          { summary: example.summary, value: example.value },
        ]),
      );
      let schema: JsonSchema;
      if (body.schema) schema = jsonSchemaOf(body.schema);
      else if (body.schemaOf) {
        // One schema per example's step: the body is whichever of them the path's step names.
        const seen = new Map<string, JsonSchema>();
        for (const name of Object.keys(body.examples)) {
          const json = jsonSchemaOf(body.schemaOf(name));
          seen.set(JSON.stringify(json), json);
        }
        schema = { anyOf: [...seen.values()] };
      } else schema = { type: 'string' };
      return [
        body.mediaType,
        { schema, examples, ...(body.description ? { description: body.description } : {}) } as JsonSchema,
      ];
    }),
  ),
});

const responses = (operation: ApiOperation) =>
  Object.fromEntries(
    Object.entries(operation.responses).map(([status, description]) => {
      const success = status.startsWith('2');
      const content = success
        ? Object.fromEntries((operation.produces ?? ['application/json']).map((type) => [type, {}]))
        : status === '304'
          ? undefined
          : { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
      return [status, { description, ...(content ? { content } : {}) }];
    }),
  );

export interface OpenApiOptions {
  /** The API's base URL with its stage, e.g. https://abc.execute-api.eu-west-2.amazonaws.com/v1 */
  serverUrl?: string;
}

export function openApiDocument(options: OpenApiOptions = {}): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of API_OPERATIONS) {
    const parameters = [...pathParameters(operation.path), ...queryParameters(operation.query)];
    if (operation.path === '/breaches' && operation.method === 'POST') {
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: true,
        schema: { type: 'string', minLength: 8, maxLength: 200 },
      } as (typeof parameters)[number]);
    }
    paths[operation.path] ??= {};
    (paths[operation.path] as Record<string, unknown>)[operation.method.toLowerCase()] = {
      operationId: operation.operationId,
      summary: operation.summary,
      ...(operation.description ? { description: operation.description } : {}),
      security: operation.auth === 'api-key' ? [{ apiKey: [] }] : [],
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(operation.body ? { requestBody: requestBody(operation.body) } : {}),
      responses: responses(operation),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Breachdesk API',
      version: '1',
      description:
        'A personal-data-breach procedure (UK GDPR / EU GDPR Art. 33-34). Every error is application/problem+json ' +
        `(RFC 9457). A revoked API key, or one whose organisation was deleted, is refused on every route within ` +
        `${AUTHORIZER_CACHE_SECONDS} s.`,
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    paths,
    components: {
      schemas: { Problem: PROBLEM_SCHEMA },
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'An organisation API key (bd_live_…), issued with npm run admin -- key issue',
        },
      },
    },
  };
}
