import { z } from 'zod';
import type { ActionSpec } from '../../../types';
import { defineAction, type ActionContext } from '../action-context';
import { allow, RESOURCE } from '../permissions';
import { GcpRemediationError } from '../remediation-error';
import { endpointLro, requireEndpoint, waitServing, type VertexDeployedModel } from '../vertex-endpoint';
import { ENDPOINT_DEPLOYED, ENDPOINT_NO_MODELS } from './undeploy-model';

/**
 * Vertex AI scale-to-zero (Preview, v1beta1 only): mutateDeployedModel with dedicatedResources.minReplicaCount 0 lets
 * the deployed model drop to zero replicas when idle and scale up again on the next request; the deployment stays,
 * so restore is quick. v1 refuses 0 ("must be >= 1", machine_resources.proto), hence the v1beta1 call, and only when
 * clouds.gcp.scaleToZeroPreview is on. Restore puts the captured minimums back through GA v1 mutateDeployedModel, so
 * restoring works even after the preview setting was switched off. Only dedicated resources can be mutated;
 * automatic and shared resources are left alone.
 * ⚠️ Google documents scale-to-zero for deployments created with it (scaleToZeroSpec); that a mutate to 0 on an
 * existing deployment is accepted is not confirmed.
 */
export const minReplicasZeroSpec: ActionSpec = {
  action: 'min-replicas-zero',
  validOriginStates: [ENDPOINT_DEPLOYED],
  permissions: [
    allow('aiplatform.endpoints.get', RESOURCE.endpoint),
    // ⚠️ mutateDeployedModel is not in Vertex AI's permission table; update is our best reading.
    allow('aiplatform.endpoints.update', RESOURCE.endpoint),
  ],
  restorable: true,
};

const priorSchema = z.object({
  endpointName: z.string().regex(/^projects\/[^/]+\/locations\/[^/]+\/endpoints\/[^/]+$/),
  models: z
    .array(z.object({ id: z.string().min(1), minReplicaCount: z.number().int().min(1), maxReplicaCount: z.number().int().min(1) }))
    .min(1),
  /** Deployed models on automatic or shared resources: they keep running (not mutable). */
  untouched: z.array(z.string()).default([]),
});
type Prior = z.infer<typeof priorSchema>;

const MASK = 'dedicatedResources.minReplicaCount,dedicatedResources.maxReplicaCount';

function previewOff(ctx: ActionContext): GcpRemediationError {
  return new GcpRemediationError({
    code: 'PREVIEW_DISABLED',
    resource: ctx.label,
    message: `min-replicas-zero uses Vertex AI's scale-to-zero Preview (v1beta1), which is off: set clouds.gcp.scaleToZeroPreview: true to use it, or park ${ctx.name} with undeploy-model. Nothing was changed.`,
  });
}

function mutateBody(id: string, min: number, max: number): Record<string, unknown> {
  return { deployedModel: { id, dedicatedResources: { minReplicaCount: min, maxReplicaCount: max } }, updateMask: MASK };
}

async function scaleToZero(ctx: ActionContext, p: Prior, m: Prior['models'][number]): Promise<void> {
  if (!ctx.scaleToZeroPreview) throw previewOff(ctx);
  const e = await requireEndpoint(ctx, p.endpointName, 'Nothing to scale down.');
  const current = e.deployedModels?.find((d) => d.id === m.id);
  // Undeployed meanwhile: nothing runs, the goal is met (restore will say the model is gone).
  if (!current?.dedicatedResources || current.dedicatedResources.minReplicaCount === 0) return;
  const max = current.dedicatedResources.maxReplicaCount ?? m.maxReplicaCount;
  await endpointLro(ctx, p.endpointName, 'mutateDeployedModel', mutateBody(m.id, 0, max), `Setting min replicas of deployed model ${m.id} to 0 (scale-to-zero Preview)`, 'v1beta1');
}

async function restoreMin(ctx: ActionContext, p: Prior, m: Prior['models'][number]): Promise<void> {
  const e = await requireEndpoint(ctx, p.endpointName, `Deploy model ${m.id} again by hand with min ${m.minReplicaCount} / max ${m.maxReplicaCount} replicas.`);
  const current: VertexDeployedModel | undefined = e.deployedModels?.find((d) => d.id === m.id);
  if (!current) {
    throw new GcpRemediationError({
      code: 'RESOURCE_NOT_FOUND',
      resource: ctx.label,
      message: `Deployed model ${m.id} was undeployed from ${p.endpointName} while parked, so its replicas cannot be restored. Deploy it again by hand with min ${m.minReplicaCount} / max ${m.maxReplicaCount} replicas, then mark this token handled.`,
    });
  }
  const r = current.dedicatedResources;
  if (r?.minReplicaCount === m.minReplicaCount && (r.maxReplicaCount ?? m.maxReplicaCount) === m.maxReplicaCount) return;
  await endpointLro(ctx, p.endpointName, 'mutateDeployedModel', mutateBody(m.id, m.minReplicaCount, m.maxReplicaCount), `Restoring min ${m.minReplicaCount} / max ${m.maxReplicaCount} replicas of deployed model ${m.id}`);
}

export const minReplicasZero = defineAction<Prior>({
  spec: minReplicasZeroSpec,
  kind: 'endpoint',
  priorSchema,
  async capture(ctx) {
    if (!ctx.scaleToZeroPreview) throw previewOff(ctx);
    const e = await requireEndpoint(ctx, ctx.name, 'Nothing to park.');
    const deployed = e.deployedModels ?? [];
    const dedicated = deployed.filter((d) => d.dedicatedResources);
    const zero = dedicated.filter((d) => d.dedicatedResources?.minReplicaCount === 0);
    if (zero.length) {
      throw new GcpRemediationError({
        code: 'ALREADY_PARKED',
        resource: ctx.label,
        message: `Deployed model(s) ${zero.map((d) => d.id).join(', ')} of ${ctx.name} already run with min replicas 0; capturing now would record 0 as the minimum to restore. Restore the earlier token first, or set the minimum by hand.`,
      });
    }
    const createdAt = e.createTime ? new Date(e.createTime) : undefined;
    const common = { ...(createdAt && !Number.isNaN(createdAt.getTime()) ? { createdAt } : {}) };
    if (deployed.length === 0) return { prior: { endpointName: ctx.name, models: [], untouched: [] } as unknown as Prior, providerStatus: ENDPOINT_NO_MODELS, ...common };
    if (dedicated.length === 0) {
      throw new GcpRemediationError({
        code: 'NOT_APPLICABLE',
        resource: ctx.label,
        message: `No deployed model of ${ctx.name} runs on dedicated resources (only those can scale to zero). Use undeploy-model for it.`,
      });
    }
    const prior: Prior = {
      endpointName: e.name || ctx.name,
      models: dedicated.map((d) => {
        const min = d.dedicatedResources!.minReplicaCount ?? 1;
        return { id: d.id, minReplicaCount: min, maxReplicaCount: d.dedicatedResources!.maxReplicaCount ?? min };
      }),
      untouched: deployed.filter((d) => !d.dedicatedResources).map((d) => d.id),
    };
    return { prior, providerStatus: ENDPOINT_DEPLOYED, ...common };
  },
  parkSteps: (ctx, p) => p.models.map((m) => ({ name: `min-zero:${m.id}`, run: () => scaleToZero(ctx, p, m) })),
  restoreSteps: (ctx, p) => [
    ...p.models.map((m) => ({ name: `min-restore:${m.id}`, run: () => restoreMin(ctx, p, m) })),
    { name: 'wait-serving', run: () => waitServing(ctx, p.endpointName, p.models.map((m) => m.id)) },
  ],
});
