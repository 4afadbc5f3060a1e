import type { APIGatewayProxyEventV2WithIAMAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { MAX_AUDIT_BODY_BYTES, parseAuditRequest } from '../src/app/audit-request';
import { runAudit, type AuditDeps } from '../src/app/run-audit';
import { buildCoreDeps } from '../src/app/deps';
import { lazy } from '../src/app/lazy';
import { logger } from '../src/app/logger';
import type { StateStore } from '../src/state/state-store';
import { callsOf, watchStatuses, type RunStatuses } from '../src/usage/run-calls';
import { recordUsageQuietly, startUsageMeter, type UsageContext } from '../src/usage/usage-meter';

type Event = APIGatewayProxyEventV2WithIAMAuthorizer;
type Result = APIGatewayProxyStructuredResultV2;

function json(statusCode: number, body: unknown): Result {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** The audit's dependencies plus, when deployed, the state store its usage records go to (its only write). */
export type AuditHandlerDeps = AuditDeps & { store?: Pick<StateStore, 'putIfAbsent'> };

/**
 * Maps the HTTP API event to an audit; every client error is 4xx JSON that says what to fix. Every invocation
 * records its own usage (duration, memory, API calls) for the weekly report; a failed record is only a warning.
 */
export function makeAuditHandler(getDeps: () => Promise<AuditHandlerDeps>) {
  return async (event: Event, context?: UsageContext): Promise<Result> => {
    const meter = startUsageMeter('audit', context ? { context } : {});
    let deps: AuditHandlerDeps | undefined;
    let run: RunStatuses | undefined;
    const depsForRun = async (): Promise<AuditHandlerDeps> => {
      deps ??= await getDeps();
      run ??= watchStatuses(deps.readers);
      return deps;
    };
    try {
      return await answer(event, depsForRun);
    } finally {
      // A rejected request still ran (and is billed): its record has no calls. Dependencies that cannot be built
      // were already reported as a 500.
      const d = deps ?? (await getDeps().catch(() => undefined));
      if (d?.store) await recordUsageQuietly(d.store, meter.finish(callsOf(run?.since() ?? []), d.now), logger);
    }
  };
}

async function answer(event: Event, getDeps: () => Promise<AuditDeps>): Promise<Result> {
  const raw = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : '';
  if (Buffer.byteLength(raw, 'utf8') > MAX_AUDIT_BODY_BYTES) {
    return json(413, { error: 'body-too-large', message: `the audit request body must be at most ${MAX_AUDIT_BODY_BYTES} bytes` });
  }
  const type = event.headers?.['content-type'] ?? event.headers?.['Content-Type'];
  if (raw && type && !/^application\/json\b/i.test(type)) {
    return json(415, { error: 'unsupported-media-type', message: 'send the filters as application/json' });
  }
  let body: unknown = {};
  if (raw.trim()) {
    try {
      body = JSON.parse(raw);
    } catch (err) {
      return json(400, { error: 'malformed-json', message: `the body is not valid JSON: ${(err as Error).message}` });
    }
  }
  const parsed = parseAuditRequest(body);
  if (!parsed.ok) {
    return json(400, {
      error: 'invalid-request',
      message: 'fix these fields: ' + parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; '),
      problems: parsed.problems,
    });
  }
  try {
    const deps = await getDeps();
    return json(200, await runAudit(deps, parsed.request));
  } catch (err) {
    logger.error('audit failed', { error: err as Error });
    return json(500, { error: 'internal', message: 'the audit failed; see the function logs', requestId: event.requestContext?.requestId });
  }
}

/** Dependencies are built once per container (config, clients) and reused across invocations. */
export const handler = makeAuditHandler(lazy(async () => buildCoreDeps({ readOnly: true })));
