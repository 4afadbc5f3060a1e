import type { FleetState } from '../fleet-model';

/**
 * The AWS JSON RPC protocols (awsJson1_0 / awsJson1_1): POST /, `X-Amz-Target: <prefix>.<Operation>`, a JSON
 * body, timestamps as epoch seconds, errors as `{"__type": ..., "message": ...}`. CloudWatch speaks awsJson1_0
 * in "query-compatible" mode: the SDK sends `x-amzn-query-mode: true` and reads the old awsQuery error code from
 * the `x-amzn-query-error: <Code>;<Sender|Receiver>` header (that code wins over `__type` in the SDK, see
 * @smithy/core loadJsonRpcErrorCode with queryCompat), so both must be right.
 */

/** A service error as the real service would return it. */
export class AwsServiceError extends Error {
  readonly code: string;
  constructor(
    /** `__type`, e.g. "ValidationException". */
    readonly type: string,
    message: string,
    readonly statusCode = 400,
    /** awsQuery error code for query-compatible services, e.g. "ValidationError". */
    readonly queryErrorCode?: string,
  ) {
    super(message);
    this.name = 'AwsServiceError';
    this.code = type;
  }
  get fault(): 'Sender' | 'Receiver' {
    return this.statusCode >= 500 ? 'Receiver' : 'Sender';
  }
}

/** What a handler knows about the call besides its input. */
export interface AwsCallContext {
  state: FleetState;
  nowMs: number;
  /** From the SigV4 credential scope; the fleet's default region when the request is unsigned. */
  region: string;
  operation: string;
}

/**
 * The input as it arrives on the wire: the SDK's input type with Dates as epoch seconds.
 * Handlers are typed `(input: Wire<XxxInput>) => XxxOutput`, so member names are checked against the SDK models.
 */
export type Wire<T> = T extends Date
  ? number
  : T extends readonly (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

// Handlers are registered under their operation name; the input type is each handler's own business.
export type AwsOperationHandler = (input: any, ctx: AwsCallContext) => object | Promise<object>;

export type FaultErrorKind = 'throttle' | 'server-error' | 'access-denied' | 'expired-token';

/** One AWS JSON service the simulator answers: adding a service is one object of this type in one file. */
export interface AwsJsonService {
  /** Name used in call counts and fault targets: `<service>.<Operation>`. */
  service: 'SageMaker' | 'CloudWatch' | 'CostExplorer' | 'Tagging' | 'ApplicationAutoScaling';
  /** X-Amz-Target prefix, e.g. "SageMaker", "GraniteServiceVersion20100801". */
  targetPrefix: string;
  jsonVersion: '1.0' | '1.1';
  queryCompatible: boolean;
  /** IAM action prefix, for AccessDenied messages. */
  iamPrefix: string;
  operations: Record<string, AwsOperationHandler>;
  /**
   * Operations that change the simulated world. After one succeeds the server bumps the fleet version (caches
   * rebuild) and hands the call to the state file, if any. Write handlers validate everything before they mutate.
   */
  writeOperations?: ReadonlySet<string>;
  /** The error this service returns for each injected fault. */
  faultError(kind: FaultErrorKind, operation: string, account: string): AwsServiceError;
}

export interface EncodedResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** JSON with Dates as epoch seconds, the default timestamp format of both JSON RPC protocols. */
export function encodeAwsJson(value: unknown): string {
  return JSON.stringify(toWire(value));
}

// A copy with Dates replaced; faster than a JSON.stringify replacer on 100,000-datapoint answers.
function toWire(v: unknown): unknown {
  if (v instanceof Date) return v.getTime() / 1000;
  if (Array.isArray(v)) {
    if (v.length > 0 && typeof v[0] === 'number') return v;
    return v.map(toWire);
  }
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k in v) out[k] = toWire((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

export function encodeSuccess(service: AwsJsonService, output: object, requestId: string): EncodedResponse {
  return {
    statusCode: 200,
    headers: { 'content-type': `application/x-amz-json-${service.jsonVersion}`, 'x-amzn-requestid': requestId },
    body: encodeAwsJson(output),
  };
}

export function encodeError(service: AwsJsonService, err: AwsServiceError, requestId: string): EncodedResponse {
  const headers: Record<string, string> = {
    'content-type': `application/x-amz-json-${service.jsonVersion}`,
    'x-amzn-requestid': requestId,
  };
  if (service.queryCompatible) headers['x-amzn-query-error'] = `${err.queryErrorCode ?? err.type};${err.fault}`;
  return { statusCode: err.statusCode, headers, body: JSON.stringify({ __type: err.type, message: err.message }) };
}

/** Region from `Authorization: AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/sagemaker/aws4_request, ...`. */
export function regionFromAuthorization(authorization: string | undefined): string | undefined {
  const m = /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\//.exec(authorization ?? '');
  return m?.[1];
}

/** Access key id from the SigV4 credential scope, for realistic AccessDenied messages. */
export function accessKeyFromAuthorization(authorization: string | undefined): string | undefined {
  return /Credential=([^/]+)\//.exec(authorization ?? '')?.[1];
}
