import { readSecureParameter, SecureParameterError, type ParameterReader, type SecureParameterErrorCode } from '../../lib/secure-parameter';

export type { ParameterReader } from '../../lib/secure-parameter';

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

const TOKEN_CODES: Record<SecureParameterErrorCode, SlackTokenErrorCode> = {
  PARAMETER_NOT_FOUND: 'SLACK_TOKEN_PARAMETER_NOT_FOUND',
  ACCESS_DENIED: 'SLACK_TOKEN_ACCESS_DENIED',
  UNREADABLE: 'SLACK_TOKEN_UNREADABLE',
  EMPTY: 'SLACK_TOKEN_EMPTY',
};

/** The token could not be read. Messages name the parameter and the fix, never the token. */
export class SlackTokenError extends Error {
  readonly code: SlackTokenErrorCode;
  constructor(code: SlackTokenErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SlackTokenError';
    this.code = code;
  }
}

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
  try {
    const token = await readSecureParameter({
      name: opts.tokenParameter,
      contents: 'the bot token',
      emptyContents: 'the xoxb- bot token',
      configKey: 'notify.slack.tokenParameter',
      maxAgeSeconds: opts.maxAgeSeconds ?? 300,
      ...(opts.forceFetch ? { forceFetch: true } : {}),
      ...(opts.readParameter ? { readParameter: opts.readParameter } : {}),
    });
    return { token, source: 'ssm' };
  } catch (err) {
    if (err instanceof SecureParameterError) throw new SlackTokenError(TOKEN_CODES[err.code], err.message, err.cause === undefined ? undefined : { cause: err.cause });
    throw err;
  }
}
