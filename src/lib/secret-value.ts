import { SecureParameterError } from './secure-parameter';

/** Reads one Secrets Manager secret; the default is Powertools' `getSecret` (cached per warm Lambda container). */
export type SecretReader = (id: string, options: { maxAge: number; forceFetch?: boolean }) => Promise<string | Uint8Array | undefined>;

export const defaultSecretReader: SecretReader = async (id, options) => {
  // Loaded on first use so bundles and runs that never read a secret never load the Secrets Manager client.
  const { getSecret } = await import('@aws-lambda-powertools/parameters/secrets');
  return getSecret(id, options);
};

export interface ReadSecretValueOptions {
  /** Secrets Manager secret name or ARN. */
  id: string;
  /** What the secret must hold, for the messages ("the service-account key JSON"). */
  contents: string;
  /** Config key naming the secret, offered as the other fix when it does not exist. */
  configKey: string;
  maxAgeSeconds?: number;
  readSecret?: SecretReader;
}

/**
 * The trimmed text of a Secrets Manager secret. Throws SecureParameterError (same codes as SSM parameters, the
 * secret id as `parameter`) whose message names the secret and the fix, never the value.
 * Powertools wraps SDK errors in GetSecretError with the SDK error as `cause`.
 */
export async function readSecretValue(opts: ReadSecretValueOptions): Promise<string> {
  const { id } = opts;
  let value: string | Uint8Array | undefined;
  try {
    value = await (opts.readSecret ?? defaultSecretReader)(id, { maxAge: opts.maxAgeSeconds ?? 300 });
  } catch (err) {
    const names = [err, (err as { cause?: unknown })?.cause].map((e) => (e as { name?: unknown })?.name);
    if (names.includes('ResourceNotFoundException')) {
      throw new SecureParameterError('PARAMETER_NOT_FOUND', id, `Secrets Manager secret ${id} does not exist: create it holding ${opts.contents}, or set ${opts.configKey}`, { cause: err });
    }
    if (names.includes('AccessDeniedException')) {
      throw new SecureParameterError(
        'ACCESS_DENIED',
        id,
        `not allowed to read Secrets Manager secret ${id}: grant secretsmanager:GetSecretValue on it (and kms:Decrypt on its key if it uses a customer managed key)`,
        { cause: err },
      );
    }
    const detail = err instanceof Error ? err.message : String(err);
    throw new SecureParameterError('UNREADABLE', id, `could not read Secrets Manager secret ${id}: ${detail}`, { cause: err });
  }
  const text = (typeof value === 'string' ? value : value ? new TextDecoder().decode(value) : '').trim();
  if (!text) throw new SecureParameterError('EMPTY', id, `Secrets Manager secret ${id} is empty: store ${opts.contents} in it`);
  return text;
}
