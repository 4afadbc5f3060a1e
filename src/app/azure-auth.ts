import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import type { WatchdogConfig } from '../config/schema';

/**
 * The process's one Azure credential, shared by the reader and the remediator so the client secret is read (or the
 * web identity token exchanged) once. It is a TokenCredential that builds the real one on the first token request:
 * the credentials module (@azure/identity, MSAL, the Secrets Manager and STS readers) is imported then, not at cold
 * start. A failed build is not kept: the next token request tries again. Errors are AzureCredentialsError
 * (state auth-failed) or @azure/identity's CredentialUnavailableError / AuthenticationError.
 */
export function azureCredentialFor(config: WatchdogConfig, given?: TokenCredential): TokenCredential {
  if (given) return given;
  let real: Promise<TokenCredential> | undefined;
  const build = () =>
    (real ??= import('../providers/azure/credentials')
      .then(({ createAzureCredential }) => createAzureCredential({ config: config.clouds.azure }))
      .catch((err: unknown) => {
        real = undefined;
        throw err;
      }));
  return {
    async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
      return (await build()).getToken(scopes, options);
    },
  };
}
