import {
  CreateEndpointConfigCommand,
  DeleteEndpointConfigCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeInferenceComponentCommand,
  ListInferenceComponentsCommand,
  ListTagsCommand,
  UpdateEndpointCommand,
  UpdateEndpointWeightsAndCapacitiesCommand,
  UpdateInferenceComponentRuntimeConfigCommand,
  type CreateEndpointConfigInput,
  type ProductionVariant,
  type UpdateEndpointWeightsAndCapacitiesInput,
} from '@aws-sdk/client-sagemaker';
import { awsError, sm } from './support';

/**
 * One endpoint with immutable configurations, as SageMaker keeps them: UpdateEndpoint leaves it Updating for one
 * describe (the new config shows as PendingDeploymentSummary), then it serves on the new config. Serverless
 * provisioned concurrency follows the config in force unless UpdateEndpointWeightsAndCapacities changed it.
 */
export function fakeConfigEndpoint(opts: { name: string; config: string; variants: ProductionVariant[]; components?: Record<string, { variant: string; copies: number }> }) {
  const configs = new Map<string, CreateEndpointConfigInput>([[opts.config, { EndpointConfigName: opts.config, ProductionVariants: opts.variants, ExecutionRoleArn: 'arn:aws:iam::123456789012:role/SageMakerExecutionRole' }]]);
  const ep = { config: opts.config, pending: undefined as string | undefined, status: 'InService', pcOverride: new Map<string, number>() };
  const ics = new Map(Object.entries(opts.components ?? {}).map(([n, c]) => [n, { ...c }]));

  sm.on(DescribeEndpointCommand).callsFake(() => {
    const inForce = configs.get(ep.config)!;
    const answer = {
      EndpointName: opts.name,
      EndpointArn: `arn:aws:sagemaker:us-east-1:123456789012:endpoint/${opts.name}`,
      EndpointConfigName: ep.config,
      EndpointStatus: ep.status,
      ...(ep.pending ? { PendingDeploymentSummary: { EndpointConfigName: ep.pending } } : {}),
      ProductionVariants: (inForce.ProductionVariants ?? []).map((v) => {
        const pc = ep.pcOverride.get(v.VariantName!) ?? v.ServerlessConfig?.ProvisionedConcurrency;
        const serverless = v.ServerlessConfig ? { ...v.ServerlessConfig, ...(pc !== undefined ? { ProvisionedConcurrency: pc } : {}) } : undefined;
        return {
          VariantName: v.VariantName,
          ...(serverless ? { CurrentServerlessConfig: serverless, DesiredServerlessConfig: serverless } : { CurrentInstanceCount: 1, DesiredInstanceCount: 1 }),
          ...(v.ManagedInstanceScaling ? { ManagedInstanceScaling: v.ManagedInstanceScaling } : {}),
        };
      }),
    };
    if (ep.status === 'Updating') {
      ep.status = 'InService';
      if (ep.pending) {
        ep.config = ep.pending;
        ep.pending = undefined;
        ep.pcOverride.clear();
      }
    }
    return answer;
  });
  sm.on(DescribeEndpointConfigCommand).callsFake((input: { EndpointConfigName?: string }) => {
    const c = configs.get(input.EndpointConfigName ?? '');
    if (!c) throw awsError('ValidationException', `Could not find endpoint configuration "${input.EndpointConfigName}".`);
    return { ...c, EndpointConfigArn: `arn:aws:sagemaker:us-east-1:123456789012:endpoint-config/${c.EndpointConfigName}`, CreationTime: new Date(0) };
  });
  sm.on(CreateEndpointConfigCommand).callsFake((input: CreateEndpointConfigInput) => {
    if (configs.has(input.EndpointConfigName!)) throw awsError('ValidationException', `Cannot create already existing endpoint configuration "${input.EndpointConfigName}".`);
    configs.set(input.EndpointConfigName!, input);
    return {};
  });
  sm.on(DeleteEndpointConfigCommand).callsFake((input: { EndpointConfigName?: string }) => {
    if (!configs.delete(input.EndpointConfigName ?? '')) throw awsError('ValidationException', `Could not find endpoint configuration "${input.EndpointConfigName}".`);
    return {};
  });
  sm.on(UpdateEndpointCommand).callsFake((input: { EndpointConfigName?: string }) => {
    if (ep.status !== 'InService') throw awsError('ValidationException', 'Cannot update in-progress endpoint');
    if (!configs.has(input.EndpointConfigName ?? '')) throw awsError('ValidationException', `Could not find endpoint configuration "${input.EndpointConfigName}".`);
    ep.pending = input.EndpointConfigName;
    ep.status = 'Updating';
    return {};
  });
  sm.on(UpdateEndpointWeightsAndCapacitiesCommand).callsFake((input: UpdateEndpointWeightsAndCapacitiesInput) => {
    for (const d of input.DesiredWeightsAndCapacities ?? []) {
      const pc = d.ServerlessUpdateConfig?.ProvisionedConcurrency;
      if (pc !== undefined && pc < 1) throw awsError('ValidationException', 'ProvisionedConcurrency must be at least 1');
      if (pc !== undefined) ep.pcOverride.set(d.VariantName!, pc);
    }
    ep.status = 'Updating';
    return {};
  });
  sm.on(ListTagsCommand).resolves({ Tags: [{ Key: 'owner', Value: 'team-platform' }] });
  sm.on(ListInferenceComponentsCommand).callsFake(() => ({
    InferenceComponents: [...ics.keys()].map((n) => ({ InferenceComponentName: n, EndpointName: opts.name, InferenceComponentStatus: 'InService' })),
  }));
  sm.on(DescribeInferenceComponentCommand).callsFake((input: { InferenceComponentName?: string }) => {
    const c = ics.get(input.InferenceComponentName ?? '');
    if (!c) throw awsError('ValidationException', `Could not find inference component "${input.InferenceComponentName}".`);
    return {
      InferenceComponentName: input.InferenceComponentName,
      EndpointName: opts.name,
      VariantName: c.variant,
      InferenceComponentStatus: 'InService',
      RuntimeConfig: { DesiredCopyCount: c.copies, CurrentCopyCount: c.copies },
    };
  });
  sm.on(UpdateInferenceComponentRuntimeConfigCommand).callsFake((input: { InferenceComponentName?: string; DesiredRuntimeConfig?: { CopyCount?: number } }) => {
    ics.get(input.InferenceComponentName!)!.copies = input.DesiredRuntimeConfig!.CopyCount!;
    return {};
  });
  return { ep, configs, ics };
}
