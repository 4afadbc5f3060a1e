import { numericId, rfc3339 } from './gcp-ids';
import type { SimGcpState, SimOperation } from './gcp-model';
import { notFound } from './google-wire';

/**
 * Long-running operations (google.longrunning.Operation). A write answers `{name, metadata, done:false}`; the
 * operation is done once the virtual clock reaches the time its effect completes, then carries `response` or
 * `error`. Ids come from a per-world sequence, so a replayed state file yields the same names.
 */
export function startOperation(
  gcp: SimGcpState,
  parent: string,
  nowMs: number,
  doneMs: number,
  op: Omit<SimOperation, 'name' | 'createdMs' | 'doneMs'>,
  style: 'vertex' | 'notebooks',
): SimOperation {
  gcp.operationSeq++;
  const id =
    style === 'vertex'
      ? numericId(`operation/${parent}/${gcp.operationSeq}/${nowMs}`)
      : `operation-${nowMs}-${numericId(`operation/${parent}/${gcp.operationSeq}`).slice(-13, -1)}-${gcp.operationSeq.toString(16).padStart(8, '0')}`;
  const created: SimOperation = { ...op, name: `${parent}/operations/${id}`, createdMs: nowMs, doneMs };
  gcp.operations.set(created.name, created);
  return created;
}

/** The operation as the API shows it at `nowMs`. */
export function operationJson(op: SimOperation, nowMs: number): Record<string, unknown> {
  const done = nowMs >= op.doneMs;
  const vertex = op.metadataType.includes('aiplatform');
  const metadata: Record<string, unknown> = vertex
    ? { '@type': `type.googleapis.com/${op.metadataType}`, genericMetadata: { createTime: rfc3339(op.createdMs), updateTime: rfc3339(done ? op.doneMs : op.createdMs) } }
    : {
        '@type': `type.googleapis.com/${op.metadataType}`,
        createTime: rfc3339(op.createdMs),
        ...(done ? { endTime: rfc3339(op.doneMs) } : {}),
        ...op.extraMetadata,
        requestedCancellation: false,
        apiVersion: 'v2',
      };
  const out: Record<string, unknown> = { name: op.name, metadata, done };
  if (!done) return out;
  if (op.error) out.error = op.error;
  else out.response = { ...(op.responseType ? { '@type': `type.googleapis.com/${op.responseType}` } : {}), ...op.response };
  return out;
}

/** Operations are looked up by their full name; the project may be spelled as id or number in the request. */
export function getOperation(gcp: SimGcpState, names: readonly string[], nowMs: number): Record<string, unknown> {
  for (const n of names) {
    const op = gcp.operations.get(n);
    if (op && op.createdMs <= nowMs) return operationJson(op, nowMs);
  }
  throw notFound(`Operation ${names[0]} not found.`);
}
