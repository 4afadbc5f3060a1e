/** The Azure Machine Learning reader and what the composition root needs to build it. */
export { createAzureReader, type AzureReader, type AzureReaderDeps } from './azure-reader';
export { armClientOptions, staticTokenCredential, type ArmClientOptions } from './arm-options';
export { costManagementClient, mlClient, monitorClient, type ClientFactoryOptions } from './clients';
export { AZURE_PRICE_TABLE, azureListPrice } from './price-table';
export { azureInstanceSpec, vmSizeFacts } from './vm-sizes';
