import { applicationAutoScalingService } from './aws/application-auto-scaling';
import { cloudWatchService } from './aws/cloudwatch';
import { costExplorerService } from './aws/cost-explorer';
import { sageMakerService } from './aws/sagemaker';
import { taggingService } from './aws/tagging';
import { AZURE_WORLD_ROUTES } from './azure/azure-routes';
import { azureUsageSource } from './azure/azure-usage-records';
import { costManagementRoute } from './azure/cost-management-route';
import { bigQueryRoute } from './gcp/bigquery-routes';
import { catalogRoute } from './gcp/catalog-routes';
import { gcpUsageSource } from './gcp/gcp-usage-records';
import { GOOGLE_WORLD_ROUTES } from './gcp/google-routes';
import type { AwsJsonService } from './protocol/aws-json';
import type { SimHttpRoute } from './server';

/** Every AWS JSON service the simulator answers. A new service is one file plus one line here. */
export const AWS_SERVICES: readonly AwsJsonService[] = [sageMakerService, cloudWatchService, costExplorerService, taggingService, applicationAutoScalingService];

/**
 * REST routes of other clouds: Google (Vertex AI, Workbench, Cloud Monitoring, then the billing side, which prices
 * the world's usage: BigQuery billing export and Cloud Billing Catalog), then Azure (Machine Learning, tags,
 * Monitor metrics; Cost Management prices the world's usage via azureUsageSource).
 */
export const HTTP_ROUTES: readonly SimHttpRoute[] = [
  ...GOOGLE_WORLD_ROUTES,
  bigQueryRoute({ billingExport: (ctx) => ctx.state.gcp?.billingExport, usage: (ctx) => gcpUsageSource(ctx.state) }),
  catalogRoute(),
  ...AZURE_WORLD_ROUTES,
  costManagementRoute({
    billing: (state) => state.azure?.billing,
    subscriptions: (state) => state.azure?.subscriptions ?? [],
    usage: (state) => azureUsageSource(state),
  }),
];
