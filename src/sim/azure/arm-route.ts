import type { IncomingMessage } from 'node:http';
import type { FleetState } from '../fleet-model';
import type { SimHttpRoute } from '../server';
import type { AppliedWrite } from '../state-file';
import { ArmError, ArmReply, armFault, armJson, badRequest, encodeArmError, missingBearer } from './arm-wire';
import { matchRoute } from '../route-match';

/**
 * An Azure Resource Manager REST API (Machine Learning, Monitor, Resources, Cost Management) as a SimHttpRoute:
 * path patterns to handlers, the Bearer check (401 AuthenticationFailed), the api-version query parameter every ARM
 * call must carry (400 MissingApiVersionParameter), ARM's error format, injected faults per operation (429 with
 * Retry-After, 403 AuthorizationFailed naming the RBAC action and scope, 500, 401 ExpiredAuthenticationToken) and
 * state-file recording/replay of writes, so separate CLI processes share one world.
 *
 * Stable API: the Cost Management routes build on `armRoute`, `ArmRouteDef`, `ArmCall`, `ArmReply`, `ArmError`.
 */
export interface ArmCall {
  /** The path's capture groups (decoded). */
  params: string[];
  query: URLSearchParams;
  /** The parsed JSON body ({} when empty). */
  body: Record<string, unknown>;
  state: FleetState;
  nowMs: number;
  /** The request URL (path and query as the client sent them, on the simulator's origin). */
  url: URL;
  method: string;
}

export interface ArmRouteDef {
  method: 'GET' | 'PUT' | 'PATCH' | 'POST' | 'DELETE';
  /** Matched against the decoded path; ARM paths are case-insensitive, so give the RegExp the `i` flag. */
  path: RegExp;
  /** `<Service>.<OperationId>` for call counts, faults and the state file (e.g. MachineLearning.OnlineDeployments_Get). */
  operation: string;
  /** The Azure RBAC action the call needs, named in 403 AuthorizationFailed answers. */
  action: string;
  /** api-versions answered; others are refused (400). Any version when absent, but one must be given. */
  apiVersions?: readonly string[];
  /** Changes the world: recorded in the state file and replayed from it. */
  write?: boolean;
  /** Returns a body (200 JSON), an ArmReply (any status, headers) or throws ArmError. */
  handle(call: ArmCall): unknown;
}

/** Extra headers on throttled answers (Cost Management adds its x-ms-ratelimit-* retry-after headers). */
export interface ArmRouteOptions {
  throttleHeaders?: Record<string, string>;
}

/** Persisted form of an ARM write: enough to run the same handler again. */
interface ArmWriteInput {
  method: string;
  path: string;
  search: string;
  body: Record<string, unknown>;
}

export function armRoute(defs: readonly ArmRouteDef[], opts: ArmRouteOptions = {}): SimHttpRoute {
  const find = (method: string, path: string) => matchRoute(defs, method, path);
  const decoded = (url: URL) => {
    try {
      return decodeURIComponent(url.pathname).replace(/\/+$/, '');
    } catch {
      return undefined;
    }
  };
  return {
    match(method, url) {
      const path = decoded(url);
      const hit = path === undefined ? undefined : find(method, path);
      if (!hit) return undefined;
      const { def, params } = hit;
      return {
        operation: def.operation,
        handle(ctx) {
          try {
            const denied = missingBearer(ctx.headers as IncomingMessage['headers']);
            if (denied) throw denied;
            checkApiVersion(def, url.searchParams);
            const body = parseBody(ctx.body);
            const out = def.handle({ params, query: url.searchParams, body, state: ctx.state, nowMs: ctx.nowMs, url, method });
            if (def.write) {
              const input: ArmWriteInput = { method, path: url.pathname, search: url.search, body };
              ctx.applied({ region: ctx.state.azure?.defaultLocation ?? 'global', input });
            }
            return out instanceof ArmReply ? armJson(out.body, out.statusCode, out.headers) : armJson(out);
          } catch (err) {
            if (err instanceof ArmError) return encodeArmError(err);
            throw err;
          }
        },
      };
    },
    fault(kind, operation, url) {
      const def = defs.find((d) => d.operation === operation);
      const scope = url ? (decoded(url) ?? url.pathname) : '/';
      return armFault(kind, def?.action ?? 'Microsoft.Resources/unknown/action', scope, opts.throttleHeaders);
    },
    replay(write: AppliedWrite, state: FleetState) {
      if (!defs.some((d) => d.write && d.operation === write.operation)) return false;
      const input = write.input as ArmWriteInput;
      const url = new URL(`${input.path}${input.search}`, 'http://127.0.0.1');
      const path = decoded(url);
      const hit = path === undefined ? undefined : find(input.method, path);
      if (!hit || hit.def.operation !== write.operation) throw new Error(`${input.method} ${input.path} is not ${write.operation}`);
      try {
        hit.def.handle({ params: hit.params, query: url.searchParams, body: input.body, state, nowMs: write.atMs, url, method: input.method });
      } catch (err) {
        if (err instanceof ArmError) throw new Error(`${err.httpStatus} ${err.code}: ${err.message}`, { cause: err });
        throw err;
      }
      return true;
    },
  };
}

function checkApiVersion(def: ArmRouteDef, query: URLSearchParams): void {
  const v = query.get('api-version');
  if (!v) throw badRequest("The api-version query parameter (?api-version=) is required for all requests.", 'MissingApiVersionParameter');
  if (def.apiVersions && !def.apiVersions.includes(v)) {
    // ⚠️ wording approximates ARM's NoRegisteredProviderFound / InvalidApiVersionParameter answers.
    throw badRequest(`The api-version '${v}' is invalid. The supported versions are '${def.apiVersions.join(',')}'.`, 'InvalidApiVersionParameter');
  }
}

function parseBody(text: string): Record<string, unknown> {
  if (!text.trim()) return {};
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw badRequest('The request content was invalid and could not be deserialized.', 'InvalidRequestContent');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw badRequest('The request content was invalid and could not be deserialized: expected a JSON object.', 'InvalidRequestContent');
  return v as Record<string, unknown>;
}
