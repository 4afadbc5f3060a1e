/**
 * A copy of the config that is safe to log. The config should hold no secrets (only SSM parameter NAMES such
 * as `/ml-watchdog/slack/bot-token`), but people paste tokens into YAML anyway, and a log line lives longer
 * than a rotated token. So: values under secret-looking keys are redacted unless they are parameter names,
 * and credentials embedded in URLs are removed.
 */

export const REDACTED = '[redacted]';

/** Key names whose values are treated as secrets: apiToken, clientSecret, password, apiKey, signingKey ... */
const SECRET_KEY = /token|secret|password|key$/i;

function isParameterName(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith('/');
}

/** Drops `user:pass@` from URLs; the rest of the URL (host, path) is what people need to debug endpoints. */
function stripUrlCredentials(value: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return value;
  try {
    const url = new URL(value);
    if (!url.username && !url.password) return value;
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    return value;
  }
}

function sanitizeValue(value: unknown, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return stripUrlCredentials(value);
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => sanitizeValue(v, seen));
  if (value instanceof Date) return value.toISOString();
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) && !isParameterName(child) && child !== undefined ? REDACTED : sanitizeValue(child, seen);
  }
  return out;
}

/** Deep copy with secrets redacted; the input is not modified. */
export function sanitizeConfig<T>(config: T): T {
  return sanitizeValue(config, new WeakSet()) as T;
}
