import type { SimHttpRoute } from '../server';
import { monitoringRoute } from './monitoring-route';
import { vertexRoute } from './vertex-route';
import { workbenchRoute } from './workbench-route';

/** The simulated Google world's REST APIs: Vertex AI (endpoints, custom jobs), Notebooks v2, Cloud Monitoring. */
export const GOOGLE_WORLD_ROUTES: readonly SimHttpRoute[] = [vertexRoute, workbenchRoute, monitoringRoute];
