import type { APIGatewayProxyEventV2WithIAMAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { handleRemediationRequest, type RemediationOutcome } from '../src/app/handle-remediation';
import { lazy } from '../src/app/lazy';
import { logger } from '../src/app/logger';
import { toActionOutcome } from '../src/app/outcome-to-slack';
import { buildRemediateDeps, type RemediateDeps } from '../src/app/remediate-deps';
import { postOutcome } from '../src/notify/slack/interactivity/post-outcome';
import { parseRemediationRequest, RemediationRequestError, type RemediationRequest } from '../src/remediation/remediation-request';
import { parseRestoreBody } from '../src/remediation/restore-body';
import { refKey } from '../src/domain/cloud';
import { recordUsageQuietly, startUsageMeter, type UsageContext } from '../src/usage/usage-meter';

type HttpEvent = APIGatewayProxyEventV2WithIAMAuthorizer;

const isHttp = (e: unknown): e is HttpEvent => typeof e === 'object' && e !== null && 'requestContext' in e && 'routeKey' in e;

function json(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/**
 * The remediation function: the only one with write permissions. It takes asynchronous requests (Slack clicks via
 * the slack-actions function, automatic parks from the scan) and `POST /restore` (IAM-authorised), runs each through
 * the gate, and shows the outcome in the Slack message it came from.
 */
export function makeRemediateHandler(getDeps: () => Promise<RemediateDeps>) {
  async function run(req: RemediationRequest): Promise<RemediationOutcome> {
    const deps = await getDeps();
    const outcome = await handleRemediationRequest(req, deps);
    logger.info('remediation', { request: req.type, status: outcome.status, subject: outcome.subject, tokenId: outcome.token?.tokenId, by: `${req.approval.by}:${req.approval.principal}` });
    if (req.slack) {
      const posted = await postOutcome(deps.slack, req.slack, toActionOutcome(outcome, req.approval, deps.now()));
      if (!posted.ok || posted.errors.length) logger.warn('could not update the Slack message', { errors: posted.errors });
    }
    return outcome;
  }

  /**
   * Every invocation records its own usage (duration and memory; park and restore calls are not counted: they are
   * control-plane calls with no per-request charge) for the weekly report; a failed record is only a warning.
   */
  return async (event: unknown, context?: UsageContext): Promise<RemediationOutcome | APIGatewayProxyStructuredResultV2> => {
    const meter = startUsageMeter('remediate', context ? { context } : {});
    try {
      return await handle(event);
    } finally {
      const deps = await getDeps().catch(() => undefined); // built once per container: free after the first call
      if (deps) await recordUsageQuietly(deps.store, meter.finish([], deps.now), logger);
    }
  };

  async function handle(event: unknown): Promise<RemediationOutcome | APIGatewayProxyStructuredResultV2> {
    if (isHttp(event)) {
      const raw = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : '';
      const parsed = parseRestoreBody(raw);
      if (!parsed.ok) return json(400, { error: 'invalid-request', message: parsed.message, problems: parsed.problems });
      const deps = await getDeps();
      const { tokenId, ref } = parsed.target;
      const token = tokenId ? await deps.ledger.get(tokenId) : ref ? await deps.ledger.latestFor(refKey(ref)) : undefined;
      if (!token) return json(404, { error: 'not-found', message: 'no such restore token; list them with `ml-watchdog actions`' });
      if (token.state === 'restored') return json(200, { status: 'already-restored', tokenId: token.tokenId, restoredAt: token.restoredAt });
      const principal = event.requestContext.authorizer?.iam?.userArn ?? event.requestContext.authorizer?.iam?.callerId ?? 'unknown';
      const request: RemediationRequest = { type: 'restore', tokenId: token.tokenId, approval: { by: 'http', principal, at: deps.now() } };
      // API Gateway gives up after 30 s and an endpoint takes minutes to come back: continue asynchronously.
      if (deps.dispatchSelf) {
        const sent = await deps.dispatchSelf.dispatch([request]);
        if (sent.failed.length) return json(502, { error: 'dispatch-failed', message: sent.failed[0]!.error });
        return json(202, { status: 'restoring', tokenId: token.tokenId, message: 'restore started; follow it with `ml-watchdog actions`' });
      }
      const outcome = await run(request);
      const status = outcome.status === 'restored' || outcome.status === 'already-restored' ? 200 : outcome.status === 'busy' ? 409 : 422;
      return json(status, { status: outcome.status, message: outcome.message, tokenId: token.tokenId, restoreSeconds: outcome.token?.restoreSeconds });
    }
    let req: RemediationRequest;
    try {
      req = parseRemediationRequest(event);
    } catch (err) {
      // An async invocation has nobody to answer: log what was wrong and stop (retrying a malformed request cannot help).
      logger.error('malformed remediation request', { problems: err instanceof RemediationRequestError ? err.problems : String(err) });
      return { request: 'park', subject: '?', status: 'failed', message: 'malformed remediation request' };
    }
    return run(req);
  }
}

export const handler = makeRemediateHandler(lazy(() => buildRemediateDeps()));
