import type { AuthClient } from 'google-auth-library';
import type { WatchdogConfig } from '../config/schema';

/** A ready Google client (the simulator's, a test's) or a factory resolved on the first Google call. */
export type GoogleAuthSource = AuthClient | (() => Promise<AuthClient>);

/**
 * The process's one Google credentials source, shared by the reader and the remediator so SSM / Secrets Manager is
 * read once. The credentials module (google-auth-library, the SSM and Secrets Manager readers) is imported on the
 * first Google call, not at cold start. A failed resolution is not kept: the next call tries again.
 */
export function googleAuthFor(config: WatchdogConfig, env: NodeJS.ProcessEnv, given?: AuthClient): GoogleAuthSource {
  if (given) return given;
  let client: Promise<AuthClient> | undefined;
  return () =>
    (client ??= import('../providers/gcp/credentials')
      .then(({ createGoogleAuth }) => createGoogleAuth({ config: config.clouds.gcp, env }))
      .catch((err: unknown) => {
        client = undefined;
        throw err;
      }));
}
