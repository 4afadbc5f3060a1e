import type { ServedModel } from '../../domain/served-model';
import { frameworkOf } from '../framework-names';

/**
 * Pure classification of what an Azure ML online deployment serves, from its own properties (no extra call):
 * `model` (an `azureml://registries/<registry>/models/<name>/versions/<v>` catalog model, or the workspace's own
 * `azureml:<name>:<v>` / ARM id) and `environmentId` (a curated environment — `azureml://registries/azureml/
 * environments/...` or a workspace id of an `AzureML-*` environment — or the customer's own). No environment with a
 * model means a no-code deployment (MLflow or a catalog model): Azure ML picks the serving image.
 */

/**
 * Registries whose models exist only on Azure: Azure OpenAI (`azure-openai`) ✅ (registry named in Azure ML's model
 * catalog); the others (`azureml`, `azureml-meta`, `azureml-mistral`, `HuggingFace`, `nvidia-ai` ...) carry open or
 * downloadable weights ⚠️ (a judgement per registry, not an API field).
 */
const PROPRIETARY_REGISTRIES = new Set(['azure-openai']);

const REGISTRY_MODEL = /^azureml:\/\/registries\/([^/]+)\/models\/([^/]+)/i;
const CURATED_ENVIRONMENT = /^azureml:\/\/registries\/azureml\/environments\/|\/environments\/AzureML-|^azureml:AzureML-/i;

export function classifyAzureDeployment(p: { deployment: string; model?: string; environmentId?: string }): ServedModel {
  const name = p.model ?? p.deployment;
  const framework = frameworkOf(p.environmentId, p.model);
  const base = { name, variant: p.deployment, ...(p.environmentId ? { image: p.environmentId } : {}), ...(p.model ? { artifactUri: p.model } : {}), ...(framework ? { framework } : {}) };
  const registry = p.model ? REGISTRY_MODEL.exec(p.model) : null;
  if (registry) {
    const proprietary = PROPRIETARY_REGISTRIES.has(registry[1]!.toLowerCase());
    return {
      ...base,
      source: 'foundation-catalog',
      proprietary,
      publisher: `${registry[1]}/${registry[2]}`,
      basis: `Azure ML registry model ${registry[1]}/${registry[2]}${proprietary ? ' (weights only on Azure)' : ' (open weights)'}`,
    };
  }
  if (!p.environmentId) {
    if (!p.model) return { ...base, source: 'unknown', basis: 'the deployment names neither a model nor an environment' };
    return { ...base, framework: framework ?? 'mlflow', source: 'framework-container', basis: 'no-code deployment: Azure ML picks the serving image for the workspace model (MLflow)' };
  }
  if (CURATED_ENVIRONMENT.test(p.environmentId)) {
    return { ...base, source: 'framework-container', basis: `curated environment ${p.environmentId.split('/').slice(-3).join('/')}: Microsoft's image of an open framework` };
  }
  return { ...base, source: 'custom-container', basis: `the workspace's own environment ${p.environmentId.replace(/^azureml:/, '')}` };
}
