import { AwsServiceError, type AwsJsonService, type FaultErrorKind } from '../protocol/aws-json';
import { describeInferenceComponent, listInferenceComponents } from './sagemaker-components';
import { describeEndpoint, describeEndpointConfig, listEndpoints } from './sagemaker-endpoints';
import { describeApp, describeNotebookInstance, listApps, listNotebookInstances } from './sagemaker-notebooks';
import { listTags } from './sagemaker-tags';
import { describeTrainingJob, listTrainingJobs } from './sagemaker-training';
import { commonFaultError } from './fault-errors';

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
    ListInferenceComponents: listInferenceComponents,
    DescribeInferenceComponent: describeInferenceComponent,
    ListTags: listTags,
    ListNotebookInstances: listNotebookInstances,
    DescribeNotebookInstance: describeNotebookInstance,
    ListApps: listApps,
    DescribeApp: describeApp,
    ListTrainingJobs: listTrainingJobs,
    DescribeTrainingJob: describeTrainingJob,
  },
  faultError: (kind: FaultErrorKind, operation: string, account: string): AwsServiceError =>
    kind === 'throttle' ? new AwsServiceError('ThrottlingException', 'Rate exceeded') : commonFaultError(kind, 'sagemaker', operation, account),
};
