import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { VirtualClock } from './clock';
import type { FaultKind, FaultRegistry } from './faults';
import type { FleetState } from './fleet-model';
import {
  AwsServiceError,
  encodeError,
  encodeSuccess,
  regionFromAuthorization,
  type AwsJsonService,
  type EncodedResponse,
} from './protocol/aws-json';
import type { AppliedWrite } from './state-file';

/**
 * A non-AWS-JSON route (REST APIs such as Vertex AI or Azure ARM, added by later issues): one object per service.
 * `match` names the operation for call counts and faults; `fault` renders an injected fault in that API's format.
 */
export interface SimHttpRoute {
  match(method: string, url: URL): { operation: string; handle(ctx: SimHttpContext): EncodedResponse | Promise<EncodedResponse> } | undefined;
  /** `url` is the request's (ARM names the called scope in its 403s). */
  fault(kind: Exclude<FaultKind, 'delay'>, operation: string, url?: URL): EncodedResponse;
  /**
   * Re-applies a write this route recorded through `ctx.applied` (state-file replay). Returns false when the
   * operation is not this route's; throws when the write no longer applies.
   */
  replay?(write: AppliedWrite, state: FleetState): boolean;
}

export interface SimHttpContext {
  state: FleetState;
  nowMs: number;
  url: URL;
  headers: IncomingMessage['headers'];
  body: string;
  /** A write succeeded: bumps the fleet version and hands `input` to the state file (replayed via route.replay). */
  applied(write: { region: string; input: unknown }): void;
}

export interface SimServerDeps {
  state: FleetState;
  clock: VirtualClock;
  faults: FaultRegistry;
  services: readonly AwsJsonService[];
  routes: readonly SimHttpRoute[];
  counts: Map<string, number>;
  /** Called after each successful write operation (persistence); a throw turns the answer into a 500. */
  onWrite?: (write: AppliedWrite) => void;
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;

export async function listen(deps: SimServerDeps, port: number): Promise<{ server: Server; port: number }> {
  const byPrefix = new Map(deps.services.map((s) => [s.targetPrefix, s]));
  let requestSeq = 0;
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => send(res, { statusCode: 500, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: String(err) }) }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const requestId = `sim-${(++requestSeq).toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
    const target = req.headers['x-amz-target'];
    if (req.method === 'POST' && typeof target === 'string') {
      const dot = target.lastIndexOf('.');
      const service = byPrefix.get(target.slice(0, dot));
      const op = target.slice(dot + 1);
      if (!service) {
        return send(res, { statusCode: 400, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify({ __type: 'UnknownOperationException', message: `Unknown target ${target}` }) });
      }
      const operation = `${service.service}.${op}`;
      count(operation);
      const fault = deps.faults.take(operation);
      if (fault.delayMs > 0) await sleep(fault.delayMs, req);
      if (fault.error) return send(res, encodeError(service, service.faultError(fault.error, op, deps.state.account), requestId));
      const handler = service.operations[op];
      if (!handler) {
        return send(res, encodeError(service, new AwsServiceError('UnknownOperationException', `The simulator does not implement ${operation}.`), requestId));
      }
      let input: unknown;
      try {
        input = body.length ? JSON.parse(body) : {};
      } catch {
        return send(res, encodeError(service, new AwsServiceError('SerializationException', 'The request body is not valid JSON.'), requestId));
      }
      const ctx = {
        state: deps.state,
        nowMs: deps.clock.now().getTime(),
        region: regionFromAuthorization(req.headers.authorization) ?? deps.state.defaultRegion,
        operation: op,
      };
      try {
        const output = await handler(input, ctx);
        if (service.writeOperations?.has(op)) {
          deps.state.version++;
          deps.onWrite?.({ operation, region: ctx.region, atMs: ctx.nowMs, input });
        }
        return send(res, encodeSuccess(service, output, requestId));
      } catch (err) {
        if (err instanceof AwsServiceError) return send(res, encodeError(service, err, requestId));
        const message = `simulator failure in ${operation}: ${err instanceof Error ? err.message : String(err)}`;
        return send(res, encodeError(service, new AwsServiceError('InternalFailure', message, 500), requestId));
      }
    }
    // A path starting with '//' would parse as a host (ARM SDKs send '//subscriptions/...' when a resource URI is
    // given with its leading slash, and ARM accepts it): collapse leading slashes.
    const url = new URL((req.url ?? '/').replace(/^\/{2,}/, '/'), 'http://127.0.0.1');
    for (const route of deps.routes) {
      const m = route.match(req.method ?? 'GET', url);
      if (!m) continue;
      count(m.operation);
      const fault = deps.faults.take(m.operation);
      if (fault.delayMs > 0) await sleep(fault.delayMs, req);
      if (fault.error) return send(res, route.fault(fault.error, m.operation, url));
      const nowMs = deps.clock.now().getTime();
      const applied = (w: { region: string; input: unknown }) => {
        deps.state.version++;
        deps.onWrite?.({ operation: m.operation, region: w.region, atMs: nowMs, input: w.input });
      };
      return send(res, await m.handle({ state: deps.state, nowMs, url, headers: req.headers, body, applied }));
    }
    send(res, { statusCode: 404, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: `No simulator route for ${req.method} ${url.pathname}` }) });
  }

  function count(operation: string): void {
    deps.counts.set(operation, (deps.counts.get(operation) ?? 0) + 1);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}

function send(res: ServerResponse, r: EncodedResponse): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(r.statusCode, { ...r.headers, 'content-length': Buffer.byteLength(r.body) });
  res.end(r.body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) req.destroy(new Error('request body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Real-time wait for the `delay` fault; ends early when the client gives up (its own timeout). */
function sleep(ms: number, req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    const onClose = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      req.socket.off('close', onClose);
      resolve();
    }, ms);
    req.socket.once('close', onClose);
  });
}
