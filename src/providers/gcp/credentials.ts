import { GoogleAuth, type AuthClient } from 'google-auth-library';
import { readSecretValue, type SecretReader } from '../../lib/secret-value';
import { readSecureParameter, SecureParameterError, type ParameterReader } from '../../lib/secure-parameter';

export type { SecretReader } from '../../lib/secret-value';
import type { GcpConfig } from './billing-export';

/** One scope for every API the watchdog calls (Vertex AI, Notebooks, Monitoring, BigQuery, Cloud Billing). */
export const GOOGLE_SCOPES = ['https://www.googleapis.com/auth/cloud-platform'];

export type GoogleCredentialsErrorCode =
  | 'GCP_CREDENTIALS_MISSING'
  | 'GCP_CREDENTIALS_PARAMETER_NOT_FOUND'
  | 'GCP_CREDENTIALS_ACCESS_DENIED'
  | 'GCP_CREDENTIALS_UNREADABLE'
  | 'GCP_CREDENTIALS_EMPTY'
  | 'GCP_CREDENTIALS_NOT_JSON'
  | 'GCP_CREDENTIALS_WRONG_TYPE'
  | 'GCP_CREDENTIALS_REJECTED';

/**
 * Google credentials could not be had. Messages name the parameter or secret and the fix, never the JSON: it holds
 * a private key (service account) or the identity pool's audience (workload identity federation).
 */
export class GoogleCredentialsError extends Error {
  readonly code: GoogleCredentialsErrorCode;
  /** Always auth-failed: the caller turns this into the cloud's status and skips every Google call. */
  readonly state = 'auth-failed' as const;
  constructor(code: GoogleCredentialsErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GoogleCredentialsError';
    this.code = code;
  }
}

export interface GoogleAuthOptions {
  config: Pick<GcpConfig, 'credentials'>;
  env: Readonly<Record<string, string | undefined>>;
  readParameter?: ParameterReader;
  readSecret?: SecretReader;
  /** Cache lifetime across warm invocations. Default 300 s (a rotated key is picked up within 5 minutes). */
  maxAgeSeconds?: number;
}

const ACCEPTED_TYPES = ['external_account', 'service_account'] as const;

/**
 * The JSON must be a workload identity federation config (`"type": "external_account"`, written by
 * `gcloud iam workload-identity-pools create-cred-config --aws`) or a service-account key (`"type":
 * "service_account"`). Anything else (an `authorized_user` from `gcloud auth application-default login`, a
 * truncated paste) is refused here, with a message that names where it came from and never echoes it.
 */
export function parseCredentialsJson(text: string, where: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new GoogleCredentialsError(
      'GCP_CREDENTIALS_NOT_JSON',
      `${where} does not hold JSON: store the file written by \`gcloud iam workload-identity-pools create-cred-config ... --aws\` or a service-account key, unchanged`,
    );
  }
  const type = (parsed as { type?: unknown } | null)?.type;
  if (typeof parsed !== 'object' || parsed === null || !ACCEPTED_TYPES.includes(type as (typeof ACCEPTED_TYPES)[number])) {
    const found = typeof type === 'string' ? `"type": "${type}"` : 'no "type"';
    throw new GoogleCredentialsError(
      'GCP_CREDENTIALS_WRONG_TYPE',
      `${where} holds credentials with ${found}; expected "external_account" (workload identity federation from AWS) or "service_account" (a key): see docs/deploy.md, Google Cloud`,
    );
  }
  return parsed as Record<string, unknown>;
}

const PARAMETER_CODES = {
  PARAMETER_NOT_FOUND: 'GCP_CREDENTIALS_PARAMETER_NOT_FOUND',
  ACCESS_DENIED: 'GCP_CREDENTIALS_ACCESS_DENIED',
  UNREADABLE: 'GCP_CREDENTIALS_UNREADABLE',
  EMPTY: 'GCP_CREDENTIALS_EMPTY',
} as const;

async function fromParameter(opts: GoogleAuthOptions, name: string): Promise<string> {
  try {
    return await readSecureParameter({
      name,
      contents: 'the workload identity federation JSON (gcloud iam workload-identity-pools create-cred-config --aws)',
      configKey: 'clouds.gcp.credentials.parameter',
      maxAgeSeconds: opts.maxAgeSeconds ?? 300,
      ...(opts.readParameter ? { readParameter: opts.readParameter } : {}),
    });
  } catch (err) {
    if (err instanceof SecureParameterError) {
      throw new GoogleCredentialsError(PARAMETER_CODES[err.code], err.message, err.cause === undefined ? undefined : { cause: err.cause });
    }
    throw err;
  }
}

async function fromSecret(opts: GoogleAuthOptions, id: string): Promise<string> {
  try {
    return await readSecretValue({
      id,
      contents: 'the service-account key JSON',
      configKey: 'clouds.gcp.credentials.parameter',
      maxAgeSeconds: opts.maxAgeSeconds ?? 300,
      ...(opts.readSecret ? { readSecret: opts.readSecret } : {}),
    });
  } catch (err) {
    if (err instanceof SecureParameterError) {
      throw new GoogleCredentialsError(PARAMETER_CODES[err.code], err.message, err.cause === undefined ? undefined : { cause: err.cause });
    }
    throw err;
  }
}

/**
 * The Google auth client for every Google call.
 * - `adc`: Application Default Credentials (local runs: `gcloud auth application-default login`, or
 *   GOOGLE_APPLICATION_CREDENTIALS).
 * - `ssm`: a credentials JSON in an SSM SecureString, normally workload identity federation from AWS
 *   (`external_account`): google-auth-library signs a GetCallerIdentity request with the Lambda role's credentials
 *   from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN and AWS_REGION (all set by Lambda), so no
 *   long-lived Google key exists anywhere.
 * - `secrets-manager`: a service-account key JSON in Secrets Manager.
 * On Lambda, METADATA_SERVER_DETECTION=none (serverless.yml) stops google-auth-library probing the GCE metadata
 * server, which would otherwise cost a timeout on every cold start before failing.
 * Throws GoogleCredentialsError.
 */
export async function createGoogleAuth(opts: GoogleAuthOptions): Promise<AuthClient> {
  const { source, parameter } = opts.config.credentials;
  if (source === 'adc') {
    try {
      return await new GoogleAuth({ scopes: GOOGLE_SCOPES }).getClient();
    } catch (err) {
      throw new GoogleCredentialsError(
        'GCP_CREDENTIALS_MISSING',
        'no Google Application Default Credentials: run `gcloud auth application-default login` (or set GOOGLE_APPLICATION_CREDENTIALS) locally; ' +
          'on Lambda set clouds.gcp.credentials.source to ssm or secrets-manager (docs/deploy.md, Google Cloud)',
        { cause: err },
      );
    }
  }
  if (!parameter) {
    throw new GoogleCredentialsError('GCP_CREDENTIALS_MISSING', `clouds.gcp.credentials.source is ${source} but clouds.gcp.credentials.parameter is not set`);
  }
  const where = source === 'ssm' ? `SSM parameter ${parameter}` : `Secrets Manager secret ${parameter}`;
  const text = source === 'ssm' ? await fromParameter(opts, parameter) : await fromSecret(opts, parameter);
  const credentials = parseCredentialsJson(text, where);
  try {
    return await new GoogleAuth({ credentials, scopes: GOOGLE_SCOPES }).getClient();
  } catch (err) {
    // google-auth-library validates the fields it needs (audience, subject_token_type, client_email ...); its
    // message names fields, not values, but is kept out anyway: only the kind of failure is shown.
    throw new GoogleCredentialsError(
      'GCP_CREDENTIALS_REJECTED',
      `google-auth-library could not use the credentials in ${where} (${err instanceof Error ? err.name : 'error'}): regenerate them as docs/deploy.md describes`,
      { cause: err },
    );
  }
}
