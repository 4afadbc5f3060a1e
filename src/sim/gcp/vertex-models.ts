import type { GcpFleet } from './gcp-fleet-schema';
import type { SimGcpState, SimVertexModel } from './gcp-model';
import { rfc3339 } from './gcp-ids';

/**
 * Vertex AI models (models.get, google/cloud/aiplatform/v1/model.proto as REST JSON). The fleet's `gcp.models` are
 * served as described; every other model a deployed model names is the customer's own container in the project's
 * Artifact Registry (sourceType CUSTOM), so existing fleets keep meaning "custom containers".
 */
export function buildModels(state: SimGcpState, g: GcpFleet, at: (s: string) => number): void {
  const numberOf = (projectId: string | undefined) => (state.projects.find((p) => p.id === projectId) ?? state.projects[0]!).number;
  for (const m of g.models) {
    const name = `projects/${numberOf(m.project)}/locations/${m.location ?? g.defaultLocation}/models/${m.id}`;
    state.models.set(name, {
      name,
      displayName: m.displayName,
      createdMs: at('-90d'),
      ...(m.imageUri ? { imageUri: m.imageUri } : {}),
      ...(m.artifactUri ? { artifactUri: m.artifactUri } : {}),
      sourceType: m.sourceType,
      ...(m.publicModelName ? { publicModelName: m.publicModelName } : {}),
      exportFormats: [...m.exportFormats],
    });
  }
  for (const e of state.endpoints.values()) {
    for (const d of e.models) {
      const spec = d.specs[0]!.status;
      const name = spec.model.replace(/@[^/]*$/, '');
      if (state.models.has(name)) continue;
      const location = /\/locations\/([^/]+)\//.exec(name)?.[1] ?? e.location;
      const slug = spec.displayName.toLowerCase().replace(/[^a-z0-9-]/g, '-');
      state.models.set(name, {
        name,
        displayName: spec.displayName,
        createdMs: Math.min(e.createdMs, d.createdMs),
        imageUri: `${location}-docker.pkg.dev/${e.projectId}/serving/${slug}:latest`,
        artifactUri: `gs://${e.projectId}-models/${slug}/`,
        sourceType: 'CUSTOM',
        exportFormats: [],
      });
    }
  }
}

export function modelJson(m: SimVertexModel): Record<string, unknown> {
  return {
    name: m.name,
    displayName: m.displayName,
    versionId: '1',
    ...(m.imageUri ? { containerSpec: { imageUri: m.imageUri, predictRoute: '/predict', healthRoute: '/health' } } : {}),
    ...(m.artifactUri ? { artifactUri: m.artifactUri } : {}),
    ...(m.exportFormats.length ? { supportedExportFormats: m.exportFormats.map((id) => ({ id, exportableContents: ['ARTIFACT'] })) } : {}),
    modelSourceInfo: { sourceType: m.sourceType },
    ...(m.publicModelName ? { baseModelSource: { modelGardenSource: { publicModelName: m.publicModelName } } } : {}),
    createTime: rfc3339(m.createdMs),
    updateTime: rfc3339(m.createdMs),
  };
}
