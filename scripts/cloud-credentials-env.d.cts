/** Types for scripts/cloud-credentials-env.cjs (Serverless variable sources, so plain CommonJS). */
export declare function gcpCredentials(parameter: string, secret: string): { source: '' | 'ssm' | 'secrets-manager'; parameter: string };
export declare function azureCredentials(p: { clientSecret: string; federated: string; clientId: string; remediationClientId: string }): {
  source: '' | 'secrets-manager' | 'federated';
  remediationClientId: string;
};
