import { AwsServiceError, type AwsJsonService, type FaultErrorKind } from '../protocol/aws-json';
import { describeInferenceComponent, listInferenceComponents } from './sagemaker-components';
import { describeEndpoint, describeEndpointConfig, listEndpoints } from './sagemaker-endpoints';
import { describeApp, describeNotebookInstance, listApps, listNotebookInstances } from './sagemaker-notebooks';
import { describeModel } from './sagemaker-models';
import { listTags } from './sagemaker-tags';
import { describeTrainingJob, listTrainingJobs } from './sagemaker-training';
import { commonFaultError } from './fault-errors';
import { updateEndpointWeightsAndCapacities } from './sagemaker-capacity-writes';
import { updateInferenceComponentRuntimeConfig } from './sagemaker-component-writes';
import { createEndpointConfig, deleteEndpointConfig } from './sagemaker-config-writes';
import { createEndpoint, deleteEndpoint, updateEndpoint } from './sagemaker-endpoint-writes';
import { addTags, deleteTags } from './sagemaker-tag-writes';
import { createApp, deleteApp, startNotebookInstance, stopNotebookInstance, stopTrainingJob } from './sagemaker-workload-writes';

const WRITES = {
  CreateEndpoint: createEndpoint,
  DeleteEndpoint: deleteEndpoint,
  UpdateEndpoint: updateEndpoint,
  UpdateEndpointWeightsAndCapacities: updateEndpointWeightsAndCapacities,
  CreateEndpointConfig: createEndpointConfig,
  DeleteEndpointConfig: deleteEndpointConfig,
  UpdateInferenceComponentRuntimeConfig: updateInferenceComponentRuntimeConfig,
  StopNotebookInstance: stopNotebookInstance,
  StartNotebookInstance: startNotebookInstance,
  DeleteApp: deleteApp,
  CreateApp: createApp,
  StopTrainingJob: stopTrainingJob,
  AddTags: addTags,
  DeleteTags: deleteTags,
};

/** SageMaker control plane: awsJson1_1, `X-Amz-Target: SageMaker.<Operation>`. Add an operation by adding a line. */
export const sageMakerService: AwsJsonService = {
  service: 'SageMaker',
  targetPrefix: 'SageMaker',
  jsonVersion: '1.1',
  queryCompatible: false,
  iamPrefix: 'sagemaker',
  operations: {
    ListEndpoints: listEndpoints,
    DescribeEndpoint: describeEndpoint,
    DescribeEndpointConfig: describeEndpointConfig,
    DescribeModel: describeModel,
    ListInferenceComponents: listInferenceComponents,
    DescribeInferenceComponent: describeInferenceComponent,
    ListTags: listTags,
    ListNotebookInstances: listNotebookInstances,
    DescribeNotebookInstance: describeNotebookInstance,
    ListApps: listApps,
    DescribeApp: describeApp,
    ListTrainingJobs: listTrainingJobs,
    DescribeTrainingJob: describeTrainingJob,
    ...WRITES,
  },
  writeOperations: new Set(Object.keys(WRITES)),
  faultError: (kind: FaultErrorKind, operation: string, account: string): AwsServiceError =>
    kind === 'throttle' ? new AwsServiceError('ThrottlingException', 'Rate exceeded') : commonFaultError(kind, 'sagemaker', operation, account),
};
