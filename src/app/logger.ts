import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Structured JSON logger (Powertools: Lambda context, sampling, log level from POWERTOOLS_LOG_LEVEL or
 * WATCHDOG_LOG_LEVEL). Secrets never reach it: config is logged through sanitizeConfig only.
 */
export const logger = new Logger({
  serviceName: 'ml-watchdog',
  // In Lambda INFO; on the CLI only warnings (they go to stderr, so --json output stays clean).
  logLevel: (process.env.WATCHDOG_LOG_LEVEL ??
    process.env.POWERTOOLS_LOG_LEVEL ??
    (process.env.AWS_LAMBDA_FUNCTION_NAME ? 'INFO' : 'WARN')) as 'INFO',
});
