import type { TokenCredential } from '@azure/core-auth';
import { ClientAssertionCredential, ClientSecretCredential, DefaultAzureCredential } from '@azure/identity';
import type { WatchdogConfig } from '../../config/schema';
import { readSecretValue, type SecretReader } from '../../lib/secret-value';
import { SecureParameterError } from '../../lib/secure-parameter';

type AzureConfig = WatchdogConfig['clouds']['azure'];

export type AzureCredentialsErrorCode =
  | 'AZURE_CREDENTIALS_MISSING'
  | 'AZURE_CREDENTIALS_SECRET_NOT_FOUND'
  | 'AZURE_CREDENTIALS_ACCESS_DENIED'
  | 'AZURE_CREDENTIALS_UNREADABLE'
  | 'AZURE_CREDENTIALS_EMPTY'
  | 'AZURE_WEB_IDENTITY_TOKEN_FAILED';

/**
 * Azure credentials could not be had. Messages name the secret, the tenant and client ids and the fix, never the
 * client secret or a token. Always auth-failed: the reader turns it into the cloud's status.
 */
export class AzureCredentialsError extends Error {
  readonly code: AzureCredentialsErrorCode;
  readonly state = 'auth-failed' as const;
  constructor(code: AzureCredentialsErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AzureCredentialsError';
    this.code = code;
  }
}

/** Fetches an AWS-signed JWT for `audience` (STS GetWebIdentityToken with the Lambda role's credentials). */
export type WebIdentityTokenSource = (audience: string) => Promise<string>;

export interface AzureCredentialOptions {
  config: Pick<AzureConfig, 'credentials' | 'authorityHost'>;
  readSecret?: SecretReader;
  webIdentityToken?: WebIdentityTokenSource;
  maxAgeSeconds?: number;
}

const SECRET_CODES = {
  PARAMETER_NOT_FOUND: 'AZURE_CREDENTIALS_SECRET_NOT_FOUND',
  ACCESS_DENIED: 'AZURE_CREDENTIALS_ACCESS_DENIED',
  UNREADABLE: 'AZURE_CREDENTIALS_UNREADABLE',
  EMPTY: 'AZURE_CREDENTIALS_EMPTY',
} as const;

/**
 * AWS IAM outbound identity federation: STS signs a short-lived JWT naming the Lambda role, which Microsoft Entra
 * accepts as a client assertion when the app registration has a federated credential for that issuer, subject and
 * audience (docs/deploy.md, Azure). No secret exists anywhere. The account must have outbound identity federation
 * enabled (`aws iam enable-outbound-web-identity-federation` prints the issuer URL), and GetWebIdentityToken is not
 * served by the STS global endpoint: the client uses the regional one (Lambda sets AWS_REGION).
 */
export const stsWebIdentityToken: WebIdentityTokenSource = async (audience) => {
  const { STSClient, GetWebIdentityTokenCommand } = await import('@aws-sdk/client-sts');
  const out = await new STSClient({}).send(new GetWebIdentityTokenCommand({ Audience: [audience], SigningAlgorithm: 'RS256', DurationSeconds: 300 }));
  if (!out.WebIdentityToken) throw new Error('STS GetWebIdentityToken returned no token');
  return out.WebIdentityToken;
};

/**
 * The TokenCredential for every Azure call (Machine Learning, Monitor, Cost Management), by `credentials.source`:
 * - `default`: DefaultAzureCredential (local runs: `az login`, or AZURE_TENANT_ID / AZURE_CLIENT_ID /
 *   AZURE_CLIENT_SECRET). Not meant for Lambda: it would probe the managed-identity endpoint first.
 * - `secrets-manager`: a service principal (ClientSecretCredential); only the client secret is secret and it is read
 *   from Secrets Manager, cached per warm container.
 * - `federated`: ClientAssertionCredential whose assertion is an AWS-signed web identity token (no secret).
 * `authorityHost` selects the sovereign cloud's Entra endpoint. Throws AzureCredentialsError.
 */
export async function createAzureCredential(opts: AzureCredentialOptions): Promise<TokenCredential> {
  const { credentials: c, authorityHost } = opts.config;
  if (c.source === 'default') return new DefaultAzureCredential({ authorityHost });
  if (!c.tenantId || !c.clientId) {
    throw new AzureCredentialsError('AZURE_CREDENTIALS_MISSING', `clouds.azure.credentials.source is ${c.source}: set clouds.azure.credentials.tenantId and clientId (the service principal)`);
  }
  if (c.source === 'secrets-manager') {
    if (!c.secret) throw new AzureCredentialsError('AZURE_CREDENTIALS_MISSING', 'clouds.azure.credentials.source is secrets-manager but clouds.azure.credentials.secret is not set');
    const secret = await clientSecret(opts, c.secret);
    return new ClientSecretCredential(c.tenantId, c.clientId, secret, { authorityHost });
  }
  const token = opts.webIdentityToken ?? stsWebIdentityToken;
  const audience = c.audience;
  return new ClientAssertionCredential(
    c.tenantId,
    c.clientId,
    async () => {
      try {
        return await token(audience);
      } catch (err) {
        throw new AzureCredentialsError(
          'AZURE_WEB_IDENTITY_TOKEN_FAILED',
          `could not get an AWS web identity token for audience ${audience} (${err instanceof Error ? err.name : 'error'}): enable IAM outbound identity federation and grant sts:GetWebIdentityToken (docs/deploy.md, Azure)`,
          { cause: err },
        );
      }
    },
    { authorityHost },
  );
}

async function clientSecret(opts: AzureCredentialOptions, id: string): Promise<string> {
  try {
    return await readSecretValue({
      id,
      contents: 'the service principal\'s client secret (the value, not its id)',
      configKey: 'clouds.azure.credentials.secret',
      maxAgeSeconds: opts.maxAgeSeconds ?? 300,
      ...(opts.readSecret ? { readSecret: opts.readSecret } : {}),
    });
  } catch (err) {
    if (err instanceof SecureParameterError) {
      throw new AzureCredentialsError(SECRET_CODES[err.code], err.message, err.cause === undefined ? undefined : { cause: err.cause });
    }
    throw err;
  }
}
