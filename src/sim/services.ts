import { applicationAutoScalingService } from './aws/application-auto-scaling';
import { cloudWatchService } from './aws/cloudwatch';
import { costExplorerService } from './aws/cost-explorer';
import { sageMakerService } from './aws/sagemaker';
import { taggingService } from './aws/tagging';
import { GOOGLE_WORLD_ROUTES } from './gcp/google-routes';
import type { AwsJsonService } from './protocol/aws-json';
import type { SimHttpRoute } from './server';

/** Every AWS JSON service the simulator answers. A new service is one file plus one line here. */
export const AWS_SERVICES: readonly AwsJsonService[] = [sageMakerService, cloudWatchService, costExplorerService, taggingService, applicationAutoScalingService];

/** REST routes of other clouds (Google, Azure), added by later issues. */
export const HTTP_ROUTES: readonly SimHttpRoute[] = [...GOOGLE_WORLD_ROUTES];
