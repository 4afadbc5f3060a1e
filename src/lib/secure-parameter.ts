/** Reads one SSM parameter; the default is Powertools' `getParameter` (cached per warm Lambda container). */
export type ParameterReader = (
  name: string,
  options: { decrypt: true; maxAge: number; forceFetch?: boolean },
) => Promise<string | undefined>;

export type SecureParameterErrorCode = 'PARAMETER_NOT_FOUND' | 'ACCESS_DENIED' | 'UNREADABLE' | 'EMPTY';

/**
 * An SSM SecureString could not be had. The message names the parameter and the fix, never the value; callers
 * with their own error class (SlackTokenError, SigningSecretError, GoogleCredentialsError) map `code` onto theirs
 * and keep the message.
 */
export class SecureParameterError extends Error {
  readonly code: SecureParameterErrorCode;
  readonly parameter: string;
  constructor(code: SecureParameterErrorCode, parameter: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SecureParameterError';
    this.code = code;
    this.parameter = parameter;
  }
}

export interface ReadSecureParameterOptions {
  /** SSM parameter name, e.g. /ml-watchdog/slack/bot-token. */
  name: string;
  /** What the parameter must hold, for "create it as a SecureString holding <contents>", e.g. "the bot token". */
  contents: string;
  /** Same for "store <emptyContents> in it" when the parameter exists but is blank; default `contents`. */
  emptyContents?: string;
  /** Config key that names the parameter, offered as the other fix when it does not exist. */
  configKey: string;
  /** Cache lifetime in seconds across warm invocations (Powertools' default is 5 s). Default 300 s. */
  maxAgeSeconds?: number;
  /** Bypass the cache, e.g. after the value was rotated. */
  forceFetch?: boolean;
  readParameter?: ParameterReader;
}

export const defaultParameterReader: ParameterReader = async (name, options) => {
  // Loaded on first use so local runs never pay for the SSM client.
  const { getParameter } = await import('@aws-lambda-powertools/parameters/ssm');
  return getParameter(name, options);
};

/**
 * The trimmed value of an SSM SecureString, read with decryption. Throws SecureParameterError (never returns an
 * empty string): a function that was deployed to use a secret must not carry on quietly without it.
 */
export async function readSecureParameter(opts: ReadSecureParameterOptions): Promise<string> {
  let value: string | undefined;
  try {
    value = await (opts.readParameter ?? defaultParameterReader)(opts.name, {
      decrypt: true,
      maxAge: opts.maxAgeSeconds ?? 300,
      ...(opts.forceFetch ? { forceFetch: true } : {}),
    });
  } catch (err) {
    throw classifyParameterError(opts, err);
  }
  const trimmed = value?.trim();
  if (!trimmed) {
    throw new SecureParameterError('EMPTY', opts.name, `SSM parameter ${opts.name} is empty: store ${opts.emptyContents ?? opts.contents} in it`);
  }
  return trimmed;
}

/** Powertools wraps SDK errors in GetParameterError with the SDK error as `cause`. */
function classifyParameterError(opts: ReadSecureParameterOptions, err: unknown): SecureParameterError {
  const names = [err, (err as { cause?: unknown })?.cause].map((e) => (e as { name?: unknown })?.name);
  if (names.includes('ParameterNotFound')) {
    return new SecureParameterError(
      'PARAMETER_NOT_FOUND',
      opts.name,
      `SSM parameter ${opts.name} does not exist: create it as a SecureString holding ${opts.contents}, or set ${opts.configKey}`,
      { cause: err },
    );
  }
  if (names.includes('AccessDeniedException')) {
    return new SecureParameterError(
      'ACCESS_DENIED',
      opts.name,
      `not allowed to read SSM parameter ${opts.name}: grant ssm:GetParameter on it (and kms:Decrypt on its key)`,
      { cause: err },
    );
  }
  const detail = err instanceof Error ? err.message : String(err);
  return new SecureParameterError('UNREADABLE', opts.name, `could not read SSM parameter ${opts.name}: ${detail}`, { cause: err });
}
