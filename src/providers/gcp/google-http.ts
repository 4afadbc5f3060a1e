import type { AuthClient } from 'google-auth-library';
import { classifyGoogleError, GoogleApiError } from './google-errors';

/**
 * The Google APIs ml-watchdog calls, reached over REST with google-auth-library instead of the gax clients
 * (@google-cloud/aiplatform and @google-cloud/monitoring add ~22 MB and ~1 s of cold start; see docs/decisions.md).
 * Operations are named `<Service>.<Operation>` like the AWS ones, for call counts, faults and IAM docs.
 */
export type GoogleService = 'Vertex' | 'Notebooks' | 'Monitoring' | 'BigQuery' | 'Catalog';
export type GoogleOperation = `${GoogleService}.${string}`;

/**
 * Production hosts. Vertex AI is regional: the hostname must match the location in the path
 * (`{location}-aiplatform.googleapis.com`; Cloud Custodian c7n_gcp/resources/vertexai.py does the same).
 */
export function productionBaseUrl(service: GoogleService, location?: string): string {
  switch (service) {
    case 'Vertex':
      if (!location) throw new Error('Vertex AI needs a location for its regional hostname');
      return `https://${location}-aiplatform.googleapis.com`;
    case 'Notebooks':
      return 'https://notebooks.googleapis.com';
    case 'Monitoring':
      return 'https://monitoring.googleapis.com';
    case 'BigQuery':
      return 'https://bigquery.googleapis.com';
    case 'Catalog':
      return 'https://cloudbilling.googleapis.com';
  }
}

export interface GoogleRequest {
  operation: GoogleOperation;
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path from the host, starting with the version: `/v1/projects/p/locations/us-central1/endpoints`. */
  path: string;
  /** Vertex AI only: picks the regional host. */
  location?: string;
  /** Query parameters; arrays repeat the key (`aggregation.groupByFields=a&aggregation.groupByFields=b`). */
  query?: Record<string, string | number | boolean | readonly string[] | undefined>;
  body?: unknown;
}

export interface GoogleHttpOptions {
  /**
   * The client that signs requests, or a factory resolved on the first call (credentials read from SSM or Secrets
   * Manager on Lambda are fetched only when Google is actually called; a failure becomes a credential status).
   */
  auth: AuthClient | (() => Promise<AuthClient>);
  /** One base URL for every service (the simulator); unset uses the production hosts. */
  baseUrl?: string;
  /** Per request, default 30 s: a hung call becomes a status instead of a Lambda timeout. */
  timeoutMs?: number;
}

/**
 * A denial is remembered per operation and project: Vertex AI permissions are granted per project, so a role
 * missing in one project must not hide the endpoints of the others.
 */
function deniedKey(req: Pick<GoogleRequest, 'operation' | 'path'>): string {
  return `${req.operation} ${/\/projects\/([^/]+)/.exec(req.path)?.[1] ?? ''}`;
}

/**
 * One authenticated JSON-over-HTTP channel to Google with the AWS call log's habits: counts logical calls per
 * operation, classifies failures into GoogleApiError (state + stable code), and stops calling after a credential
 * failure or a permission denial on the same operation (one denial of 10,000 identical calls is enough).
 */
export class GoogleHttp {
  private readonly counts = new Map<string, number>();
  private readonly denied = new Map<string, GoogleApiError>();
  private credentialError?: GoogleApiError;
  private authClient?: Promise<AuthClient>;

  constructor(private readonly opts: GoogleHttpOptions) {}

  private client(operation: GoogleOperation): Promise<AuthClient> {
    const auth = this.opts.auth;
    this.authClient ??= (typeof auth === 'function' ? auth() : Promise.resolve(auth)).catch((err: unknown) => {
      // The factory's own message names the parameter or secret and the fix; keep it.
      throw new GoogleApiError({
        code: 'CREDENTIALS_UNAVAILABLE',
        state: 'auth-failed',
        operation,
        message: err instanceof Error ? err.message : String(err),
        credentialFailure: true,
        cause: err,
      });
    });
    return this.authClient;
  }

  url(req: Pick<GoogleRequest, 'operation' | 'path' | 'location' | 'query'>): string {
    const service = req.operation.slice(0, req.operation.indexOf('.')) as GoogleService;
    const base = (this.opts.baseUrl ?? productionBaseUrl(service, req.location)).replace(/\/+$/, '');
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(req.query ?? {})) {
      if (v === undefined) continue;
      if (Array.isArray(v)) for (const item of v) params.append(k, item);
      else params.append(k, String(v));
    }
    const qs = params.toString();
    return `${base}${req.path}${qs ? `?${qs}` : ''}`;
  }

  async request<T>(req: GoogleRequest): Promise<T> {
    if (this.credentialError) throw this.credentialError;
    const denialKey = deniedKey(req);
    const denied = this.denied.get(denialKey);
    if (denied) throw denied;
    this.counts.set(req.operation, (this.counts.get(req.operation) ?? 0) + 1);
    try {
      const auth = await this.client(req.operation);
      const res = await auth.request<T>({
        url: this.url(req),
        method: req.method ?? 'GET',
        ...(req.body !== undefined ? { data: req.body as Record<string, unknown> } : {}),
        timeout: this.opts.timeoutMs ?? 30_000,
        responseType: 'json',
        // Google APIs answer 429/503 transiently; gaxios retries those (and network errors) with backoff.
        retry: true,
        retryConfig: { retry: 2, httpMethodsToRetry: ['GET', 'POST', 'PATCH', 'DELETE'], statusCodesToRetry: [[429, 429], [500, 503]] },
      });
      return res.data;
    } catch (err) {
      const classified = classifyGoogleError(err, req.operation);
      if (classified.credentialFailure) this.credentialError ??= classified;
      else if (classified.state === 'auth-failed') this.denied.set(denialKey, classified);
      throw classified;
    }
  }

  /**
   * Follows `nextPageToken` until the service stops returning one (AIP-158). `items` picks the page's list
   * (`endpoints`, `instances`, `timeSeries` ...); a missing list is an empty page, not the end.
   */
  async paginate<P extends { nextPageToken?: string }, I>(req: GoogleRequest, items: (page: P) => readonly I[] | undefined): Promise<I[]> {
    const out: I[] = [];
    let pageToken: string | undefined;
    do {
      const page: P = await this.request<P>({ ...req, query: { ...req.query, pageToken } });
      out.push(...(items(page) ?? []));
      pageToken = page.nextPageToken || undefined;
    } while (pageToken);
    return out;
  }

  count(operation: GoogleOperation): number {
    return this.counts.get(operation) ?? 0;
  }

  calls(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }
}
