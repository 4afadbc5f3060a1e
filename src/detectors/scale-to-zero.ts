import type { Endpoint, EndpointVariant } from '../domain/resources';

/**
 * The serving mode that lets this variant's instances go to zero in its quiet hours, in the cloud's words, or
 * undefined when it already can (minimum 0) or nothing applies:
 * - SageMaker: inference components with managed instance scaling down to 0 instances (GA since re:Invent 2024);
 *   asynchronous endpoints scale to 0 through Application Auto Scaling MinCapacity 0; serverless endpoints run no
 *   GPU at all (SageMaker serverless inference does not support GPUs);
 * - Vertex AI: min replicas 0, the v1beta1 scale-to-zero preview (GA models need min_replica_count >= 1);
 * - Azure ML: managed online deployments cannot run below one instance (Azure/mlops-v2#48), so what can reach zero
 *   is a batch endpoint, whose compute cluster scales to 0 between jobs: only for callers that can wait.
 */
export function scaleToZeroMode(e: Endpoint, v: EndpointVariant): string | undefined {
  if (v.scaling?.minInstances === 0) return undefined;
  if (e.ref.cloud === 'gcp') return 'Vertex AI scale-to-zero (min replicas 0, v1beta1 preview)';
  if (e.ref.cloud === 'azure') return 'an Azure ML batch endpoint for the traffic that can wait (its cluster scales to 0 between jobs; online deployments cannot)';
  switch (e.servingMode) {
    case 'real-time':
      return 'SageMaker inference components with managed instance scaling to 0 instances (or an asynchronous endpoint with MinCapacity 0 if callers can wait)';
    case 'inference-components':
      return 'managed instance scaling with MinInstanceCount 0, the inference component copies scaled to 0 when quiet';
    case 'async':
      return 'Application Auto Scaling MinCapacity 0 on this asynchronous endpoint (queued requests scale it up again)';
    case 'serverless':
      return undefined;
  }
}
