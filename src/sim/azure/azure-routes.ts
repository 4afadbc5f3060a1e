import type { SimHttpRoute } from '../server';
import { ACTIVITY_LOG_ROUTES } from './activity-log-route';
import { armRoute } from './arm-route';
import { OPERATION_ROUTES } from './arm-operations';
import { ML_COMPUTE_WRITE_ROUTES } from './ml-compute-writes';
import { ML_DEPLOYMENT_WRITE_ROUTES } from './ml-deployment-writes';
import { ML_ENDPOINT_WRITE_ROUTES } from './ml-endpoint-writes';
import { ML_READ_ROUTES } from './ml-read-routes';
import { MONITOR_ROUTES } from './monitor-route';
import { TAGS_ROUTES } from './tags-route';

/**
 * The simulated Azure world's ARM routes: Machine Learning (reads, endpoint/deployment/compute/job writes, async
 * operation status), Resources tags, Azure Monitor metrics and the Activity Log (failed deployments' errors). Cost Management is registered next to them in
 * services.ts by its own module (it prices this world's usage: azureUsageSource).
 */
export const AZURE_WORLD_ROUTES: readonly SimHttpRoute[] = [
  armRoute([...ML_READ_ROUTES, ...ML_ENDPOINT_WRITE_ROUTES, ...ML_DEPLOYMENT_WRITE_ROUTES, ...ML_COMPUTE_WRITE_ROUTES, ...OPERATION_ROUTES]),
  armRoute(TAGS_ROUTES),
  armRoute([...MONITOR_ROUTES, ...ACTIVITY_LOG_ROUTES]),
];
