import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { refKey } from '../domain/cloud';
import type { Finding } from '../domain/finding';
import type { WatchdogConfig } from '../config/schema';
import { resolveMode } from '../remediation/mode';
import { encodeRemediationRequest, type RemediationRequest, type SlackMessageRef } from '../remediation/remediation-request';

/** Hands automatic park requests to whatever executes them: the remediation Lambda, or this process (CLI). */
export interface RemediationDispatcher {
  dispatch(requests: readonly RemediationRequest[]): Promise<{ dispatched: number; failed: { request: RemediationRequest; error: string }[] }>;
}

/**
 * Park requests for the findings whose mode is `auto`, costliest first, at most `maxParksPerRun` (the blast radius
 * of one scan). The executor runs the whole gate again with fresh reads; this only saves invoking it for nothing.
 */
export function autoParkRequests(
  findings: readonly Finding[],
  config: WatchdogConfig,
  now: Date,
  slackRefs: ReadonlyMap<string, SlackMessageRef> = new Map(),
): RemediationRequest[] {
  const auto = findings.filter((f) => f.recommendation.action !== 'none' && resolveMode(config.remediation, f.kind, f.tags).mode === 'auto');
  return [...auto]
    .sort((a, b) => b.cost.monthly.amount - a.cost.monthly.amount)
    .slice(0, config.remediation.guardrails.maxParksPerRun)
    .map((f) => {
      const slack = slackRefs.get(f.fingerprint);
      return {
        type: 'park' as const,
        fingerprint: f.fingerprint,
        refKey: refKey(f.ref),
        ref: f.ref,
        approval: { by: 'auto' as const, principal: 'scan', at: now },
        ...(slack ? { slack } : {}),
      };
    });
}

/** Asynchronous invocations of the remediation function (InvocationType Event): the scan never waits on a park. */
export function lambdaDispatcher(lambda: LambdaClient, functionName: string): RemediationDispatcher {
  return {
    async dispatch(requests) {
      const failed: { request: RemediationRequest; error: string }[] = [];
      for (const request of requests) {
        try {
          await lambda.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: encodeRemediationRequest(request) }));
        } catch (err) {
          failed.push({ request, error: `${(err as Error).name}: ${(err as Error).message}` });
        }
      }
      return { dispatched: requests.length - failed.length, failed };
    },
  };
}
