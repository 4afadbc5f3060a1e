import { handleRemediationRequest, type HandleDeps, type RemediationOutcome } from './handle-remediation';
import type { RemediationDispatcher } from './remediation-dispatcher';

/** Runs park requests in this process (the CLI's scan), one after another, and keeps the outcomes for printing. */
export function inProcessDispatcher(deps: HandleDeps, outcomes: RemediationOutcome[] = []): RemediationDispatcher {
  return {
    async dispatch(requests) {
      const failed = [];
      for (const request of requests) {
        try {
          outcomes.push(await handleRemediationRequest(request, deps));
        } catch (err) {
          failed.push({ request, error: (err as Error).message });
        }
      }
      return { dispatched: requests.length - failed.length, failed };
    },
  };
}
