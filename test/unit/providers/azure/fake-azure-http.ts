import { createHttpHeaders, type HttpClient, type PipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configSchema, type WatchdogConfig } from '../../../../src/config/schema';

/** A canned answer: status, JSON body (undefined = no body) and headers. */
export interface Canned {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface SeenRequest {
  method: string;
  url: URL;
  body?: unknown;
  authorization?: string;
}

/**
 * A core-rest-pipeline HttpClient answering canned Azure JSON, passed to the real SDK clients (unit tests): the
 * SDK's own serialisation, paging and deserialisers run, only the wire is fake. `route` returns undefined for 404.
 */
export function fakeAzureHttp(route: (req: SeenRequest) => Canned | undefined): HttpClient & { seen: SeenRequest[] } {
  const seen: SeenRequest[] = [];
  return {
    seen,
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      const body = typeof request.body === 'string' && request.body ? JSON.parse(request.body) : undefined;
      const req: SeenRequest = { method: request.method, url: new URL(request.url), ...(body !== undefined ? { body } : {}), ...(request.headers.get('authorization') ? { authorization: request.headers.get('authorization')! } : {}) };
      seen.push(req);
      const r = route(req) ?? { status: 404, body: { error: { code: 'ResourceNotFound', message: `no fake for ${request.method} ${req.url.pathname}` } } };
      return {
        request,
        status: r.status,
        headers: createHttpHeaders({ ...(r.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(r.headers ?? {}) }),
        ...(r.body !== undefined ? { bodyAsText: JSON.stringify(r.body) } : {}),
      };
    },
  };
}

const FIXTURES = join(__dirname, '../../../fixtures/azure');

/** The `responses[status].body` of one copied Azure REST example. */
export function example(path: string, status = '200'): unknown {
  const doc = JSON.parse(readFileSync(join(FIXTURES, path), 'utf8')) as { responses: Record<string, { body?: unknown }> };
  return doc.responses[status]?.body;
}

export const SUB = '00000000-0000-0000-0000-0000000000a1';
export const SUB2 = '00000000-0000-0000-0000-0000000000b2';

export function azureConfig(azure: Record<string, unknown> = {}): WatchdogConfig {
  return configSchema.parse({ clouds: { aws: { enabled: false }, azure: { enabled: true, subscriptions: [SUB], ...azure } } });
}

export const tokenCredential = { getToken: async () => ({ token: 'unit-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };
