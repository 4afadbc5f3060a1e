import { mapLimit } from '../../lib/map-limit';
import { classifyGoogleError, type GoogleApiError } from './google-errors';
import type { GoogleHttp } from './google-http';
import type { VertexModelJson } from './model-origin';
import type { VertexEndpoint } from './vertex-json';

/**
 * models.get for every distinct model the endpoints deploy (`deployedModels[].model`, a full resource name with the
 * project number), once per run. The Endpoint JSON names the model but not its container: that is on the Model.
 * A model that is gone (deleted after deployment: Vertex AI refuses that, but a race is possible) is skipped.
 */
export async function getVertexModels(
  http: GoogleHttp,
  endpoints: readonly VertexEndpoint[],
  concurrency: number,
): Promise<{ models: Map<string, VertexModelJson>; failures: { what: string; err: GoogleApiError }[] }> {
  const names = [...new Set(endpoints.flatMap((e) => (e.deployedModels ?? []).map((m) => m.model).filter((m): m is string => !!m)))];
  const models = new Map<string, VertexModelJson>();
  const failures: { what: string; err: GoogleApiError }[] = [];
  await mapLimit(names, concurrency, async (name) => {
    const location = /\/locations\/([^/]+)\//.exec(name)?.[1];
    try {
      models.set(name, await http.request<VertexModelJson>({ operation: 'Vertex.GetModel', method: 'GET', path: `/v1/${name.replace(/@[^/]*$/, '')}`, ...(location ? { location } : {}) }));
    } catch (err) {
      const e = classifyGoogleError(err, 'Vertex.GetModel');
      if (e.code !== 'NOT_FOUND') failures.push({ what: `model ${name}`, err: e });
    }
  });
  return { models, failures };
}
