/** The AWS SageMaker AI reader and what the composition root needs to build it. */
export { createAwsReader, type AwsReaderDeps } from './aws-reader';
export {
  COST_EXPLORER_REGION,
  createAwsClients,
  createCostExplorerClient,
  regionClientCache,
  type AwsClientOptions,
  type AwsRegionClients,
} from './clients';
export { costCacheKey, InMemoryCostCache, type CostCache } from './cost-cache';
export { SAGEMAKER_SERVICE_NAME } from './cost-explorer';
export { AwsProviderError, classifyAwsError, iamActionFor, type AwsOperation } from './errors';
