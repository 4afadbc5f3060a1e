import type { GoogleHttp } from './google-http';
import type { VertexEndpoint } from './vertex-json';
import { RPC_CODES } from './rpc-codes';

/**
 * Why a Vertex AI deployment failed. A Vertex endpoint has no state word and a DeployModel that fails leaves no
 * DeployedModel behind: the only trace is the endpoint's long-running operation, done with `error {code, message}`
 * (google.rpc.Status; e.g. code 8 "The following quota metrics exceed quota limits:
 * aiplatform.googleapis.com/custom_model_serving_nvidia_a100_gpus", or "Resources are insufficient in region").
 * Operations are listed under the endpoint (`GET /v1/{endpoint}/operations`), one call per endpoint, so only
 * endpoints with no deployed model are asked: an empty endpoint is what a failed first deploy leaves.
 */
export interface OperationJson {
  name: string;
  done?: boolean;
  metadata?: { '@type'?: string; genericMetadata?: { createTime?: string; updateTime?: string } };
  error?: { code?: number; message?: string };
}

export interface DeployFailure {
  /** `RESOURCE_EXHAUSTED: The following quota metrics exceed ...`: the canonical code word, then Google's message. */
  reason: string;
  at: Date;
}

/** A failure older than this is history, not the endpoint's current state (an empty endpoint may stay for months). */
export const DEPLOY_FAILURE_LOOKBACK_DAYS = 7;
const DAY_MS = 86_400_000;

const isDeploy = (op: OperationJson): boolean => /DeployModelOperationMetadata$/.test(op.metadata?.['@type'] ?? '') && !/Undeploy/i.test(op.metadata?.['@type'] ?? '');

function timeOf(op: OperationJson): number {
  const t = Date.parse(op.metadata?.genericMetadata?.updateTime ?? op.metadata?.genericMetadata?.createTime ?? '');
  return Number.isFinite(t) ? t : Number.NaN;
}

/**
 * The endpoint's latest finished DeployModel, when it failed within the lookback. A later successful deploy (or
 * one still running) means the failure is over; operations without a time are ignored.
 */
export function latestDeployFailure(ops: readonly OperationJson[], now: Date): DeployFailure | undefined {
  const deploys = ops.filter((op) => isDeploy(op) && Number.isFinite(timeOf(op))).sort((a, b) => timeOf(b) - timeOf(a));
  const last = deploys[0];
  if (!last?.done || !last.error) return undefined;
  const at = timeOf(last);
  if (now.getTime() - at > DEPLOY_FAILURE_LOOKBACK_DAYS * DAY_MS) return undefined;
  const code = last.error.code !== undefined ? (RPC_CODES[last.error.code] ?? `code ${last.error.code}`) : 'UNKNOWN';
  return { reason: `${code}: ${last.error.message ?? 'no message'}`.slice(0, 1024), at: new Date(at) };
}

/** Endpoints whose operations are worth a call: nothing deployed (see above). */
export function needsOperations(e: VertexEndpoint): boolean {
  return (e.deployedModels ?? []).length === 0;
}

/** Lists one endpoint's operations (newest page first is not promised: every page is read, pages are small). */
export async function listEndpointOperations(http: GoogleHttp, endpointName: string, location: string): Promise<OperationJson[]> {
  return http.paginate<{ operations?: OperationJson[]; nextPageToken?: string }, OperationJson>(
    { operation: 'Vertex.ListOperations', location, path: `/v1/${endpointName}/operations`, query: { pageSize: 100 } },
    (p) => p.operations,
  );
}
