import type { FleetState } from '../fleet-model';
import type { SimHttpRoute } from '../server';
import type { AppliedWrite } from '../state-file';
import { projectByIdOrNumber, type SimGcpProject, type SimGcpState } from './gcp-model';
import { encodeGoogleError, googleFault, googleJson, GoogleError, invalidArgument, missingBearer, projectDenied } from './google-wire';
import { matchRoute } from '../route-match';

/** What a Google REST handler gets: the path's capture groups, the query, the parsed body and the world. */
export interface GoogleCall {
  params: string[];
  query: URLSearchParams;
  body: Record<string, unknown>;
  state: FleetState;
  nowMs: number;
  /** The API version segment of the path (`v1`, `v1beta1`, `v2`, `v3`). */
  version: string;
  /** The project named in the path (id or number), resolved; a project outside the fleet is PERMISSION_DENIED. */
  project(idOrNumber: string): { gcp: SimGcpState; project: SimGcpProject };
}

export interface GoogleRouteDef {
  method: 'GET' | 'POST' | 'PATCH';
  /** Matched against the decoded path; the first group is the API version. */
  path: RegExp;
  /** `<Service>.<Operation>` for call counts, faults and the state file. */
  operation: string;
  /** The IAM permission the call needs (named in PERMISSION_DENIED answers). */
  permission: string;
  /** Changes the world: recorded in the state file and replayed from it. */
  write?: boolean;
  handle(call: GoogleCall): unknown;
}

/** Persisted form of a Google write: enough to run the same handler again. */
interface GoogleWriteInput {
  method: string;
  path: string;
  search: string;
  body: Record<string, unknown>;
}

/**
 * One Google API (Vertex AI, Notebooks, Monitoring) as a SimHttpRoute: path patterns to handlers, Bearer check
 * (401 UNAUTHENTICATED without a token), Google's error format, and state-file recording/replay of writes.
 */
export function googleRoute(domain: string, defs: readonly GoogleRouteDef[]): SimHttpRoute {
  const find = (method: string, path: string) => matchRoute(defs, method, path);
  const call = (def: GoogleRouteDef, params: string[], query: URLSearchParams, body: Record<string, unknown>, state: FleetState, nowMs: number): unknown =>
    def.handle({
      params: params.slice(1),
      query,
      body,
      state,
      nowMs,
      version: params[0] ?? '',
      project(p) {
        const project = projectByIdOrNumber(state.gcp, p);
        if (!project || !state.gcp) throw projectDenied(p, domain, def.permission);
        return { gcp: state.gcp, project };
      },
    });

  return {
    match(method, url) {
      let path: string;
      try {
        path = decodeURIComponent(url.pathname);
      } catch {
        return undefined;
      }
      const hit = find(method, path);
      if (!hit) return undefined;
      const { def, params } = hit;
      return {
        operation: def.operation,
        handle(ctx) {
          try {
            const denied = missingBearer(ctx.headers, domain);
            if (denied) throw denied;
            const body = parseBody(ctx.body);
            const out = call(def, params, url.searchParams, body, ctx.state, ctx.nowMs);
            if (def.write) {
              const input: GoogleWriteInput = { method, path, search: url.search, body };
              ctx.applied({ region: regionOf(path), input });
            }
            return googleJson(out);
          } catch (err) {
            if (err instanceof GoogleError) return encodeGoogleError(err);
            throw err;
          }
        },
      };
    },
    fault(kind, operation) {
      const def = defs.find((d) => d.operation === operation);
      return googleFault(kind, domain, def?.permission ?? `${domain.split('.')[0]}.unknown`);
    },
    replay(write: AppliedWrite, state: FleetState) {
      if (!defs.some((d) => d.write && d.operation === write.operation)) return false;
      const input = write.input as GoogleWriteInput;
      const hit = find(input.method, input.path);
      if (!hit || hit.def.operation !== write.operation) throw new Error(`${input.method} ${input.path} is not ${write.operation}`);
      try {
        call(hit.def, hit.params, new URLSearchParams(input.search), input.body, state, write.atMs);
      } catch (err) {
        if (err instanceof GoogleError) throw new Error(`${err.status}: ${err.message}`, { cause: err });
        throw err;
      }
      return true;
    },
  };
}

function parseBody(text: string): Record<string, unknown> {
  if (!text.trim()) return {};
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw invalidArgument('Invalid JSON payload received. Unexpected token.');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalidArgument('Invalid JSON payload received. Expected an object.');
  return v as Record<string, unknown>;
}

function regionOf(path: string): string {
  return /\/locations\/([^/:]+)/.exec(path)?.[1] ?? 'global';
}
