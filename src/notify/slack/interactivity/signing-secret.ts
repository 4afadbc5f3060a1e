import type { ParameterReader } from '../token';

export interface SigningSecretOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** SSM SecureString parameter name (config notify.slack.signingSecretParameter). */
  parameter: string;
  /** When to read Parameter Store if SLACK_SIGNING_SECRET is unset: `auto` = only inside Lambda. Default `auto`. */
  parameterStore?: 'auto' | 'always' | 'never';
  /**
   * Cache lifetime across warm invocations. Default 300 s: after `Regenerate` in the Slack app settings and an
   * SSM update, clicks are refused (401) for at most this long.
   */
  maxAgeSeconds?: number;
  readParameter?: ParameterReader;
}

export type SigningSecretErrorCode =
  | 'SLACK_SIGNING_SECRET_MISSING'
  | 'SLACK_SIGNING_SECRET_PARAMETER_NOT_FOUND'
  | 'SLACK_SIGNING_SECRET_ACCESS_DENIED'
  | 'SLACK_SIGNING_SECRET_UNREADABLE'
  | 'SLACK_SIGNING_SECRET_EMPTY';

/** The secret could not be had. Messages name the parameter and the fix, never the value. */
export class SigningSecretError extends Error {
  readonly code: SigningSecretErrorCode;
  constructor(code: SigningSecretErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SigningSecretError';
    this.code = code;
  }
}

const defaultReader: ParameterReader = async (name, options) => {
  const { getParameter } = await import('@aws-lambda-powertools/parameters/ssm');
  return getParameter(name, options);
};

/**
 * The Slack signing secret: SLACK_SIGNING_SECRET when set (local runs), else the SSM SecureString (Lambda), read with
 * decryption through Powertools (cached per container). Unlike the bot token there is no fallback: without the
 * secret no request can be verified, so every click must be refused. Throws SigningSecretError.
 */
export async function resolveSigningSecret(opts: SigningSecretOptions): Promise<{ secret: string; source: 'env' | 'ssm' }> {
  const fromEnv = opts.env.SLACK_SIGNING_SECRET?.trim();
  if (fromEnv) return { secret: fromEnv, source: 'env' };
  const mode = opts.parameterStore ?? 'auto';
  if (mode === 'never' || (mode === 'auto' && !opts.env.AWS_LAMBDA_FUNCTION_NAME)) {
    throw new SigningSecretError(
      'SLACK_SIGNING_SECRET_MISSING',
      'SLACK_SIGNING_SECRET is not set: copy the signing secret from the Slack app\'s Basic Information page',
    );
  }
  let value: string | undefined;
  try {
    value = await (opts.readParameter ?? defaultReader)(opts.parameter, { decrypt: true, maxAge: opts.maxAgeSeconds ?? 300 });
  } catch (err) {
    throw readError(opts.parameter, err);
  }
  const secret = value?.trim();
  if (!secret) {
    throw new SigningSecretError('SLACK_SIGNING_SECRET_EMPTY', `SSM parameter ${opts.parameter} is empty: store the Slack app's signing secret in it`);
  }
  return { secret, source: 'ssm' };
}

/** Powertools wraps SDK errors in GetParameterError with the SDK error as `cause`. */
function readError(parameter: string, err: unknown): SigningSecretError {
  const names = [err, (err as { cause?: unknown })?.cause].map((e) => (e as { name?: unknown })?.name);
  if (names.includes('ParameterNotFound')) {
    return new SigningSecretError(
      'SLACK_SIGNING_SECRET_PARAMETER_NOT_FOUND',
      `SSM parameter ${parameter} does not exist: create it as a SecureString holding the Slack signing secret, or set notify.slack.signingSecretParameter`,
      { cause: err },
    );
  }
  if (names.includes('AccessDeniedException')) {
    return new SigningSecretError(
      'SLACK_SIGNING_SECRET_ACCESS_DENIED',
      `not allowed to read SSM parameter ${parameter}: grant ssm:GetParameter on it (and kms:Decrypt on its key)`,
      { cause: err },
    );
  }
  const detail = err instanceof Error ? err.message : String(err);
  return new SigningSecretError('SLACK_SIGNING_SECRET_UNREADABLE', `could not read SSM parameter ${parameter}: ${detail}`, { cause: err });
}
