'use strict';
/**
 * Serverless variable sources for the Google and Azure credentials environment, decided at package time from the
 * deploy params (serverless.yml `custom.*CredentialsEnv`):
 *   ${file(./scripts/cloud-credentials-env.cjs):gcpSource}     -> ssm | secrets-manager | ''
 *   ${file(./scripts/cloud-credentials-env.cjs):gcpParameter}  -> the parameter or secret name | ''
 *   ${file(./scripts/cloud-credentials-env.cjs):azureSource}   -> secrets-manager | federated | ''
 *   ${file(./scripts/cloud-credentials-env.cjs):azureRemediationClientId} -> the remediation app, else the readers'
 * Plain strings rather than CloudFormation Fn::If, so `serverless invoke local` (which cannot evaluate Fn::If in an
 * environment) runs the functions as deployed. The IAM policies keep their CloudFormation Conditions, computed from the
 * same params with the same precedence (tested in test/template). '' is treated as unset by the config loader.
 */

/** The SSM parameter wins when both Google params are given. */
function gcpCredentials(parameter, secret) {
  if (parameter) return { source: 'ssm', parameter };
  if (secret) return { source: 'secrets-manager', parameter: secret };
  return { source: '', parameter: '' };
}

/** The client secret wins over federation; a separate remediation app only with federation. */
function azureCredentials({ clientSecret, federated, clientId, remediationClientId }) {
  const source = clientSecret ? 'secrets-manager' : federated === 'true' ? 'federated' : '';
  return { source, remediationClientId: source === 'federated' && remediationClientId ? remediationClientId : clientId };
}

const param = (resolveVariable, name) => resolveVariable(`param:${name}`).then((v) => (v == null ? '' : String(v)));

async function gcpFrom(resolveVariable) {
  return gcpCredentials(await param(resolveVariable, 'gcpCredentialsParameter'), await param(resolveVariable, 'gcpCredentialsSecret'));
}

async function azureFrom(resolveVariable) {
  return azureCredentials({
    clientSecret: await param(resolveVariable, 'azureClientSecret'),
    federated: await param(resolveVariable, 'azureFederated'),
    clientId: await param(resolveVariable, 'azureClientId'),
    remediationClientId: await param(resolveVariable, 'azureRemediationClientId'),
  });
}

module.exports = {
  gcpCredentials,
  azureCredentials,
  gcpSource: async ({ resolveVariable }) => (await gcpFrom(resolveVariable)).source,
  gcpParameter: async ({ resolveVariable }) => (await gcpFrom(resolveVariable)).parameter,
  azureSource: async ({ resolveVariable }) => (await azureFrom(resolveVariable)).source,
  azureRemediationClientId: async ({ resolveVariable }) => (await azureFrom(resolveVariable)).remediationClientId,
};
