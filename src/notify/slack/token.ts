/** Reads one SSM parameter; the default is Powertools' `getParameter` (cached per warm Lambda container). */
export type ParameterReader = (
  name: string,
  options: { decrypt: true; maxAge: number; forceFetch?: boolean },
) => Promise<string | undefined>;

export interface SlackTokenOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** SSM SecureString parameter name (config notify.slack.tokenParameter). */
  tokenParameter: string;
  /**
   * When to read Parameter Store if SLACK_BOT_TOKEN is unset: `auto` only inside Lambda (a local run without a
   * token prints to the console instead of waiting on AWS credentials it does not have). Default `auto`.
   */
  parameterStore?: 'auto' | 'always' | 'never';
  /** Cache lifetime in seconds across warm invocations (Powertools' default is 5 s). Default 300 s. */
  maxAgeSeconds?: number;
  /** Bypass the cache, e.g. after Slack answered invalid_auth for a rotated token. */
  forceFetch?: boolean;
  readParameter?: ParameterReader;
}

export type SlackTokenResolution =
  | { token: string; source: 'env' | 'ssm' }
  | { token: undefined; source: 'none'; reason: string };

export type SlackTokenErrorCode =
  | 'SLACK_TOKEN_PARAMETER_NOT_FOUND'
  | 'SLACK_TOKEN_ACCESS_DENIED'
  | 'SLACK_TOKEN_UNREADABLE'
  | 'SLACK_TOKEN_EMPTY';

/** The token could not be read. Messages name the parameter and the fix, never the token. */
export class SlackTokenError extends Error {
  readonly code: SlackTokenErrorCode;
  constructor(code: SlackTokenErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SlackTokenError';
    this.code = code;
  }
}

const defaultReader: ParameterReader = async (name, options) => {
  // Loaded on first use so local runs never pay for the SSM client.
  const { getParameter } = await import('@aws-lambda-powertools/parameters/ssm');
  return getParameter(name, options);
};

/**
 * The Slack bot token: SLACK_BOT_TOKEN when set (local runs), else the SSM SecureString (Lambda). Returns
 * `source: 'none'` when neither applies, so the caller falls back to the console notifier; throws
 * SlackTokenError when Parameter Store was asked and failed, because a Lambda that should alert must not go quiet.
 */
export async function resolveSlackToken(opts: SlackTokenOptions): Promise<SlackTokenResolution> {
  const fromEnv = opts.env.SLACK_BOT_TOKEN?.trim();
  if (fromEnv) return { token: fromEnv, source: 'env' };
  const mode = opts.parameterStore ?? 'auto';
  const inLambda = Boolean(opts.env.AWS_LAMBDA_FUNCTION_NAME);
  if (mode === 'never' || (mode === 'auto' && !inLambda)) {
    return { token: undefined, source: 'none', reason: 'SLACK_BOT_TOKEN is not set' };
  }
  const read = opts.readParameter ?? defaultReader;
  let value: string | undefined;
  try {
    value = await read(opts.tokenParameter, {
      decrypt: true,
      maxAge: opts.maxAgeSeconds ?? 300,
      ...(opts.forceFetch ? { forceFetch: true } : {}),
    });
  } catch (err) {
    throw tokenReadError(opts.tokenParameter, err);
  }
  const token = value?.trim();
  if (!token) {
    throw new SlackTokenError('SLACK_TOKEN_EMPTY', `SSM parameter ${opts.tokenParameter} is empty: store the xoxb- bot token in it`);
  }
  return { token, source: 'ssm' };
}

/** Powertools wraps SDK errors in GetParameterError with the SDK error as `cause`. */
function tokenReadError(parameter: string, err: unknown): SlackTokenError {
  const names = [err, (err as { cause?: unknown })?.cause].map((e) => (e as { name?: unknown })?.name);
  if (names.includes('ParameterNotFound')) {
    return new SlackTokenError(
      'SLACK_TOKEN_PARAMETER_NOT_FOUND',
      `SSM parameter ${parameter} does not exist: create it as a SecureString holding the bot token, or set notify.slack.tokenParameter`,
      { cause: err },
    );
  }
  if (names.includes('AccessDeniedException')) {
    return new SlackTokenError(
      'SLACK_TOKEN_ACCESS_DENIED',
      `not allowed to read SSM parameter ${parameter}: grant ssm:GetParameter on it (and kms:Decrypt on its key)`,
      { cause: err },
    );
  }
  const detail = err instanceof Error ? err.message : String(err);
  return new SlackTokenError('SLACK_TOKEN_UNREADABLE', `could not read SSM parameter ${parameter}: ${detail}`, { cause: err });
}
