import { CreateEndpointCommand, DeleteEndpointCommand, type DeploymentConfig } from '@aws-sdk/client-sagemaker';
import { z } from 'zod';
import type { ActionSpec } from '../../../types';
import { hostsInferenceComponents } from '../../to-domain';
import { awsCall, defineAction, isMissing, vendorMessage, type ActionContext } from '../action-context';
import { allow, ARN } from '../arn-patterns';
import { describeEndpoint, describeEndpointConfig, requireEndpoint, waitEndpointGone, waitEndpointInService, waitEndpointSettled } from '../endpoint-ops';
import { AwsRemediationError } from '../remediation-error';
import { listResourceTags, userTagList } from '../resource-tags';
import {
  describeScalableTargets,
  describeScalingPolicies,
  putScalingPolicy,
  registerScalableTarget,
  SAGEMAKER_DIMENSIONS,
  scalableTargetSchema,
  scalingPolicySchema,
  variantResourceId,
} from '../scalable-targets';

/**
 * Classic real-time endpoints cannot run at zero instances (SageMaker allows zero only for endpoints hosting
 * inference components). Parking deletes the endpoint: the endpoint configuration and the model stay, so restore
 * is CreateEndpoint with the same name, configuration and tags. The endpoint URL (which contains the name) is the
 * same after restore; it serves again once InService, after the several minutes instances take to provision.
 * Deleting an endpoint also makes Application Auto Scaling deregister its variants' scalable targets ("Delete
 * endpoints configured for auto scaling", SageMaker developer guide), so their bounds are captured and registered
 * again after the endpoint is back. Their scaling policies are deleted with them, so the token
 * keeps them too and restore puts them back after the targets (PutScalingPolicy).
 */
export const deleteEndpointKeepConfigSpec: ActionSpec = {
  action: 'delete-endpoint-keep-config',
  validOriginStates: ['InService'],
  permissions: [
    allow('sagemaker:DescribeEndpoint', ARN.endpoint),
    allow('sagemaker:DescribeEndpointConfig', ARN.endpointConfig),
    allow('sagemaker:ListTags', ARN.endpoint),
    allow('sagemaker:DeleteEndpoint', ARN.endpoint),
    allow('sagemaker:CreateEndpoint', ARN.endpoint),
    allow('sagemaker:CreateEndpoint', ARN.endpointConfig),
    // CreateEndpoint with Tags is also authorised as sagemaker:AddTags on the new endpoint.
    allow('sagemaker:AddTags', ARN.endpoint),
    allow('application-autoscaling:DescribeScalableTargets', ARN.any),
    // DeleteEndpoint deregisters the variants' targets with the caller's permissions; restore registers them again.
    allow('application-autoscaling:DeregisterScalableTarget', ARN.scalableTarget),
    allow('application-autoscaling:RegisterScalableTarget', ARN.scalableTarget),
    allow('application-autoscaling:DescribeScalingPolicies', ARN.any),
    allow('application-autoscaling:PutScalingPolicy', ARN.scalableTarget),
  ],
  restorable: true,
};

const priorSchema = z.object({
  endpointName: z.string().min(1),
  endpointArn: z.string(),
  endpointConfigName: z.string().min(1),
  tags: z.record(z.string(), z.string()),
  variants: z.array(
    z.object({
      variantName: z.string(),
      instanceType: z.string().optional(),
      desiredInstanceCount: z.number().int().optional(),
      currentInstanceCount: z.number().int().optional(),
    }),
  ),
  /** LastDeploymentConfig (rolling/blue-green policy, rollback alarms), passed back to CreateEndpoint. */
  deploymentConfig: z.record(z.string(), z.unknown()).optional(),
  /**
   * The whole endpoint configuration as it was (variants, models, data capture, async, VPC, KMS), for a person to
   * recreate it if someone deletes it while the endpoint is parked. Restore itself only needs its name.
   */
  endpointConfig: z.record(z.string(), z.unknown()),
  /** The variants' Application Auto Scaling bounds (DesiredInstanceCount), which DeleteEndpoint removes. */
  scalableTargets: z.array(scalableTargetSchema).default([]),
  /** Their scaling policies, which go with them (tokens written before policies were saved have none). */
  scalingPolicies: z.array(scalingPolicySchema).default([]),
});
type Prior = z.infer<typeof priorSchema>;

/** JSON round trip: drops Dates (CreationTime) and undefined fields, as the ledger will store it anyway. */
const jsonSafe = (v: object): Record<string, unknown> => JSON.parse(JSON.stringify(v, (k, x: unknown) => (k === 'CreationTime' ? undefined : x))) as Record<string, unknown>;

async function deleteEndpoint(ctx: ActionContext, p: Prior): Promise<void> {
  let e = await describeEndpoint(ctx, p.endpointName);
  if (!e || e.EndpointStatus === 'Deleting') return;
  if (e.EndpointConfigName !== p.endpointConfigName) {
    throw new AwsRemediationError({
      code: 'NOT_APPLICABLE',
      resource: ctx.label,
      message: `Endpoint ${p.endpointName} now runs configuration ${e.EndpointConfigName}, not ${p.endpointConfigName} as captured, so a restore would bring back the wrong one. Nothing was deleted; let the next scan plan it again.`,
    });
  }
  if (e.EndpointStatus !== 'InService') e = await waitEndpointSettled(ctx, p.endpointName);
  if (!e || e.EndpointStatus === 'Deleting') return;
  try {
    await awsCall(ctx, 'SageMaker.DeleteEndpoint', `Deleting endpoint ${p.endpointName} (its configuration ${p.endpointConfigName} stays)`, () =>
      ctx.clients.sagemaker.send(new DeleteEndpointCommand({ EndpointName: p.endpointName })),
    );
  } catch (err) {
    if (err instanceof AwsRemediationError && isMissing(err)) return;
    throw err;
  }
}

function nameTaken(ctx: ActionContext, p: Prior, config: string | undefined): AwsRemediationError {
  return new AwsRemediationError({
    code: 'NAME_TAKEN',
    resource: ctx.label,
    message: `An endpoint named ${p.endpointName} already exists with configuration ${config ?? 'unknown'}, not ${p.endpointConfigName}: someone recreated it. Nothing was changed; delete that endpoint first if the parked one should come back.`,
  });
}

async function createEndpoint(ctx: ActionContext, p: Prior): Promise<void> {
  const e = await describeEndpoint(ctx, p.endpointName);
  if (e && e.EndpointStatus !== 'Deleting') {
    if (e.EndpointConfigName === p.endpointConfigName) return;
    throw nameTaken(ctx, p, e.EndpointConfigName);
  }
  // The name is held until the delete finishes: CreateEndpoint right after a park would be refused.
  if (e) await waitEndpointGone(ctx, p.endpointName);
  if (!(await describeEndpointConfig(ctx, p.endpointConfigName))) {
    throw new AwsRemediationError({
      code: 'ENDPOINT_CONFIG_MISSING',
      resource: ctx.label,
      message: `Endpoint configuration ${p.endpointConfigName} was deleted while endpoint ${p.endpointName} was parked, so the endpoint cannot be recreated as it was. The restore token keeps the configuration's details (prior.endpointConfig: variants, models, instance types); recreate it under the same name with CreateEndpointConfig, then run the restore again.`,
    });
  }
  const tags = userTagList(p.tags);
  try {
    await awsCall(ctx, 'SageMaker.CreateEndpoint', `Recreating endpoint ${p.endpointName} from configuration ${p.endpointConfigName}`, () =>
      ctx.clients.sagemaker.send(
        new CreateEndpointCommand({
          EndpointName: p.endpointName,
          EndpointConfigName: p.endpointConfigName,
          ...(p.deploymentConfig ? { DeploymentConfig: p.deploymentConfig as DeploymentConfig } : {}),
          ...(tags.length ? { Tags: tags } : {}),
        }),
      ),
    );
  } catch (err) {
    // Another run created it between our describe and create: fine if it is ours.
    if (err instanceof AwsRemediationError && /already exist/i.test(vendorMessage(err))) {
      const now = await describeEndpoint(ctx, p.endpointName);
      if (now?.EndpointConfigName === p.endpointConfigName) return;
      throw nameTaken(ctx, p, now?.EndpointConfigName);
    }
    throw err;
  }
}

export const deleteEndpointKeepConfig = defineAction<Prior>({
  spec: deleteEndpointKeepConfigSpec,
  kind: 'endpoint',
  priorSchema,
  async capture(ctx) {
    const name = ctx.ref.name;
    const e = await requireEndpoint(ctx, name, 'Nothing to park.');
    const configName = e.EndpointConfigName ?? '';
    const config = configName ? await describeEndpointConfig(ctx, configName) : undefined;
    if (!config) {
      throw new AwsRemediationError({
        code: 'ENDPOINT_CONFIG_MISSING',
        resource: ctx.label,
        message: `Endpoint ${name} runs configuration "${configName}", which no longer exists: deleting the endpoint now could never be undone. Not parking it.`,
      });
    }
    if (hostsInferenceComponents(config)) {
      throw new AwsRemediationError({
        code: 'NOT_APPLICABLE',
        resource: ctx.label,
        message: `Endpoint ${name} hosts inference components; deleting it would delete them too. Use ic-copies-to-zero for it.`,
      });
    }
    const variantNames = (e.ProductionVariants ?? []).flatMap((v) => (v.VariantName ? [v.VariantName] : []));
    const targets = await describeScalableTargets(ctx, SAGEMAKER_DIMENSIONS.instances, variantNames.map((v) => variantResourceId(name, v)));
    const types = new Map((config.ProductionVariants ?? []).map((v) => [v.VariantName, v.InstanceType]));
    const prior: Prior = {
      endpointName: name,
      endpointArn: e.EndpointArn ?? ctx.arn,
      endpointConfigName: configName,
      tags: await listResourceTags(ctx, e.EndpointArn ?? ctx.arn),
      variants: (e.ProductionVariants ?? []).map((v) => ({
        variantName: v.VariantName ?? '',
        ...(types.get(v.VariantName) ? { instanceType: types.get(v.VariantName)! } : {}),
        ...(v.DesiredInstanceCount !== undefined ? { desiredInstanceCount: v.DesiredInstanceCount } : {}),
        ...(v.CurrentInstanceCount !== undefined ? { currentInstanceCount: v.CurrentInstanceCount } : {}),
      })),
      ...(e.LastDeploymentConfig ? { deploymentConfig: jsonSafe(e.LastDeploymentConfig) } : {}),
      endpointConfig: jsonSafe(config),
      scalableTargets: targets,
      scalingPolicies: await describeScalingPolicies(ctx, targets),
    };
    return { prior, providerStatus: e.EndpointStatus ?? 'Unknown', ...(e.CreationTime ? { createdAt: e.CreationTime } : {}) };
  },
  parkSteps: (ctx, p) => [{ name: 'delete-endpoint', run: () => deleteEndpoint(ctx, p) }],
  restoreSteps: (ctx, p) => [
    { name: 'create-endpoint', run: () => createEndpoint(ctx, p) },
    { name: 'wait-endpoint-in-service', run: async () => void (await waitEndpointInService(ctx, p.endpointName)) },
    // A target can only be registered on a live endpoint, hence after the wait.
    ...p.scalableTargets.map((t) => ({ name: `restore-scaling:${t.resourceId.split('/').pop()}`, run: () => registerScalableTarget(ctx, t) })),
    // A policy needs its target, hence after the targets.
    ...p.scalingPolicies.map((pol) => ({ name: `restore-policy:${pol.resourceId.split('/').pop()}:${pol.policyName}`, run: () => putScalingPolicy(ctx, pol) })),
  ],
});
