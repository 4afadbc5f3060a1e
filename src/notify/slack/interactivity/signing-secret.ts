import { readSecureParameter, SecureParameterError, type ParameterReader, type SecureParameterErrorCode } from '../../../lib/secure-parameter';

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

const SECRET_CODES: Record<SecureParameterErrorCode, SigningSecretErrorCode> = {
  PARAMETER_NOT_FOUND: 'SLACK_SIGNING_SECRET_PARAMETER_NOT_FOUND',
  ACCESS_DENIED: 'SLACK_SIGNING_SECRET_ACCESS_DENIED',
  UNREADABLE: 'SLACK_SIGNING_SECRET_UNREADABLE',
  EMPTY: 'SLACK_SIGNING_SECRET_EMPTY',
};

/** The secret could not be had. Messages name the parameter and the fix, never the value. */
export class SigningSecretError extends Error {
  readonly code: SigningSecretErrorCode;
  constructor(code: SigningSecretErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SigningSecretError';
    this.code = code;
  }
}

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
  try {
    const secret = await readSecureParameter({
      name: opts.parameter,
      contents: 'the Slack signing secret',
      emptyContents: "the Slack app's signing secret",
      configKey: 'notify.slack.signingSecretParameter',
      maxAgeSeconds: opts.maxAgeSeconds ?? 300,
      ...(opts.readParameter ? { readParameter: opts.readParameter } : {}),
    });
    return { secret, source: 'ssm' };
  } catch (err) {
    if (err instanceof SecureParameterError) {
      throw new SigningSecretError(SECRET_CODES[err.code], err.message, err.cause === undefined ? undefined : { cause: err.cause });
    }
    throw err;
  }
}
