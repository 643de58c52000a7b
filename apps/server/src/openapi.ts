/**
 * OpenAPI 3.1 document of the API, generated from the route contracts with zod's own JSON
 * Schema output (draft 2020-12, which OpenAPI 3.1 uses).
 */
import type { RouteContract } from '@vigil/api';
import { PROBLEM_MEDIA_TYPE, ProblemSchema } from '@vigil/api';
import { z } from 'zod';
import { TAXII_MEDIA_TYPE } from './taxii/taxii-media';
import { TAXII_ROUTE_LIST } from './taxii/taxii-routes';

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });
}

function parameters(schema: z.ZodType | undefined, location: 'path' | 'query'): unknown[] {
  if (!schema) return [];
  const object = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (object.required ?? []).includes(name),
    schema: property,
  }));
}

/** The OpenAPI document for `routes`. */
export function openApiDocument(input: { readonly routes: readonly RouteContract[]; readonly version: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const problem = { description: 'Problem details (RFC 9457)', content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } } };
  for (const route of input.routes) {
    const operation: Record<string, unknown> = {
      operationId: `${route.method}${route.path.replace(/[^a-zA-Z0-9]+(\w)?/g, (_, next: string | undefined) => (next ?? '').toUpperCase())}`,
      summary: route.summary,
      tags: [route.tag],
      'x-vigil-permission': route.permission,
      parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
      responses: {
        [route.status]: route.response
          ? { description: 'Success', content: { 'application/json': { schema: jsonSchema(route.response, 'output') } } }
          : route.mediaType
            ? { description: 'Success', content: { [route.mediaType]: { schema: { type: 'string' } } } }
            : { description: 'Success, no content' },
        default: problem,
      },
    };
    if (route.permission !== 'public') operation['security'] = [{ session: [] }, { bearer: [] }, { basic: [] }];
    if (route.body) operation['requestBody'] = { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } };
    else if (route.mediaType && route.method !== 'get') operation['requestBody'] = { required: true, content: { [route.mediaType]: { schema: { type: 'string' } } } };
    (paths[route.path] ??= {})[route.method] = operation;
  }
  // The TAXII 2.1 server (docs/taxii.md): its bodies are TAXII resources, described by the
  // OASIS standard rather than by JSON Schemas here; errors are TAXII error resources.
  const taxiiError = { description: 'TAXII error resource (TAXII 2.1 section 3.6.1)', content: { [TAXII_MEDIA_TYPE]: { schema: { type: 'object' } } } };
  for (const route of TAXII_ROUTE_LIST) {
    const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '');
    const operation: Record<string, unknown> = {
      operationId: `taxii${route.method[0]?.toUpperCase() ?? ''}${route.method.slice(1)}${route.path.replace(/[^a-zA-Z0-9]+(\w)?/g, (_, next: string | undefined) => (next ?? '').toUpperCase())}`,
      summary: `TAXII 2.1: ${route.summary}`,
      tags: ['taxii'],
      'x-vigil-permission': route.permission,
      parameters: names.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
      responses: {
        [route.method === 'post' ? 202 : 200]: { description: 'Success', content: { [TAXII_MEDIA_TYPE]: { schema: { type: 'object' } } } },
        default: taxiiError,
      },
      security: [{ bearer: [] }, { basic: [] }, {}],
    };
    if (route.method === 'post') operation['requestBody'] = { required: true, content: { [TAXII_MEDIA_TYPE]: { schema: { type: 'object', description: 'A TAXII envelope (section 3.7)' } } } };
    (paths[route.path] ??= {})[route.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Vigil API', version: input.version, description: 'Safeguarding elections against foreign interference.' },
    paths,
    components: {
      schemas: { Problem: jsonSchema(ProblemSchema, 'output') },
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'vigil_session', description: 'Browser session; send X-CSRF-Token on changes.' },
        bearer: { type: 'http', scheme: 'bearer', description: 'API token (vgl_…)' },
        basic: { type: 'http', scheme: 'basic', description: 'E-mail and password, or any user and an API token as password' },
      },
    },
  };
}
