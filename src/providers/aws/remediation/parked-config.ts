import { createHash } from 'node:crypto';
import {
  CreateEndpointConfigCommand,
  DeleteEndpointConfigCommand,
  type CreateEndpointConfigInput,
  type DescribeEndpointConfigOutput,
  type ProductionVariant,
} from '@aws-sdk/client-sagemaker';
import { awsCall, isMissing, vendorMessage, type ActionContext } from './action-context';
import { describeEndpoint, describeEndpointConfig, switchEndpointConfig } from './endpoint-ops';
import { AwsRemediationError } from './remediation-error';

/**
 * Endpoint settings such as ManagedInstanceScaling and serverless ProvisionedConcurrency live in the endpoint
 * configuration, and SageMaker configurations are immutable: the only way to change them is UpdateEndpoint to a new
 * configuration. Parking therefore creates a derived configuration `<original>-wd-parked` and restoring switches back.
 */
export const PARKED_CONFIG_SUFFIX = '-wd-parked';
/** Tag on the derived configuration, so a person finding it knows where it came from. */
export const PARKED_FROM_TAG = 'watchdog:parked-from';
const MAX_NAME = 63;

/** `<config>-wd-parked`, shortened with a hash when the result would pass SageMaker's 63-character name limit. */
export function parkedConfigName(original: string): string {
  const plain = `${original}${PARKED_CONFIG_SUFFIX}`;
  if (plain.length <= MAX_NAME) return plain;
  const hash = createHash('sha256').update(original).digest('hex').slice(0, 8);
  const keep = MAX_NAME - PARKED_CONFIG_SUFFIX.length - hash.length - 1;
  return `${original.slice(0, keep).replace(/-+$/, '')}-${hash}${PARKED_CONFIG_SUFFIX}`;
}

export function isParkedConfigName(name: string | undefined): boolean {
  return name?.endsWith(PARKED_CONFIG_SUFFIX) === true;
}

/** The create request that reproduces `source` under `name` with variants rewritten by `variant` (pure). */
export function derivedConfigInput(
  source: DescribeEndpointConfigOutput,
  name: string,
  variant: (v: ProductionVariant) => ProductionVariant,
): CreateEndpointConfigInput {
  return {
    EndpointConfigName: name,
    ProductionVariants: (source.ProductionVariants ?? []).map(variant),
    ...(source.DataCaptureConfig ? { DataCaptureConfig: source.DataCaptureConfig } : {}),
    ...(source.KmsKeyId ? { KmsKeyId: source.KmsKeyId } : {}),
    ...(source.AsyncInferenceConfig ? { AsyncInferenceConfig: source.AsyncInferenceConfig } : {}),
    ...(source.ExplainerConfig ? { ExplainerConfig: source.ExplainerConfig } : {}),
    ...(source.ShadowProductionVariants?.length ? { ShadowProductionVariants: source.ShadowProductionVariants } : {}),
    ...(source.ExecutionRoleArn ? { ExecutionRoleArn: source.ExecutionRoleArn } : {}),
    ...(source.VpcConfig ? { VpcConfig: source.VpcConfig } : {}),
    ...(source.EnableNetworkIsolation !== undefined ? { EnableNetworkIsolation: source.EnableNetworkIsolation } : {}),
    ...(source.MetricsConfig ? { MetricsConfig: source.MetricsConfig } : {}),
    Tags: [{ Key: PARKED_FROM_TAG, Value: source.EndpointConfigName ?? '' }],
  };
}

export interface DerivedConfigSpec {
  source: string;
  name: string;
  variant: (v: ProductionVariant) => ProductionVariant;
  /** True when an existing configuration named `name` is what we would create (a re-run after a crash). */
  matches: (existing: DescribeEndpointConfigOutput) => boolean;
}

/**
 * Creates the derived configuration unless it exists. An existing one that matches is success (the step ran before
 * the crash); one that does not match is someone else's and is never overwritten.
 */
export async function ensureDerivedConfig(ctx: ActionContext, spec: DerivedConfigSpec): Promise<void> {
  const conflict = () =>
    new AwsRemediationError({
      code: 'CONFIG_CONFLICT',
      resource: ctx.label,
      message: `Endpoint configuration ${spec.name} already exists but is not the parked copy of ${spec.source}. Rename or delete it, then run the same command again.`,
    });
  const existing = await describeEndpointConfig(ctx, spec.name);
  if (existing) {
    if (!spec.matches(existing)) throw conflict();
    return;
  }
  const source = await describeEndpointConfig(ctx, spec.source);
  if (!source) {
    throw new AwsRemediationError({
      code: 'ENDPOINT_CONFIG_MISSING',
      resource: ctx.label,
      message: `Endpoint configuration ${spec.source} was deleted, so its parked copy cannot be made. Nothing was changed by this step; recreate the configuration or leave the endpoint as it is.`,
    });
  }
  try {
    await awsCall(ctx, 'SageMaker.CreateEndpointConfig', `Creating parked endpoint configuration ${spec.name}`, () =>
      ctx.clients.sagemaker.send(new CreateEndpointConfigCommand(derivedConfigInput(source, spec.name, spec.variant))),
    );
  } catch (err) {
    // A concurrent run created it between our describe and create: accept it if it is ours.
    if (err instanceof AwsRemediationError && /already exist/i.test(vendorMessage(err))) {
      const now = await describeEndpointConfig(ctx, spec.name);
      if (now && spec.matches(now)) return;
      throw conflict();
    }
    throw err;
  }
}

/** Deletes a derived configuration we made; already gone is success. Never called on an original configuration. */
export async function deleteDerivedConfig(ctx: ActionContext, name: string): Promise<void> {
  if (!isParkedConfigName(name)) throw new Error(`refusing to delete ${name}: only ${PARKED_CONFIG_SUFFIX} configurations are ours`);
  try {
    await awsCall(ctx, 'SageMaker.DeleteEndpointConfig', `Deleting parked endpoint configuration ${name}`, () =>
      ctx.clients.sagemaker.send(new DeleteEndpointConfigCommand({ EndpointConfigName: name })),
    );
  } catch (err) {
    if (err instanceof AwsRemediationError && isMissing(err)) return;
    throw err;
  }
}

/**
 * Restore: moves the endpoint back to its original configuration. If someone deleted that configuration while the
 * endpoint was parked, the endpoint keeps running (at zero) on the parked copy and the error says how to recover.
 */
export async function switchBackToOriginal(ctx: ActionContext, endpointName: string, original: string): Promise<void> {
  const e = await describeEndpoint(ctx, endpointName);
  const already = e?.EndpointConfigName === original || e?.PendingDeploymentSummary?.EndpointConfigName === original;
  if (e && !already && !(await describeEndpointConfig(ctx, original))) {
    throw new AwsRemediationError({
      code: 'ENDPOINT_CONFIG_MISSING',
      resource: ctx.label,
      message: `Endpoint configuration ${original} was deleted while endpoint ${endpointName} was parked on ${e.EndpointConfigName}. Recreate ${original} (same variants as the parked copy, with its original scaling settings from the restore token) or switch the endpoint to another configuration by hand, then run the restore again.`,
    });
  }
  await switchEndpointConfig(ctx, endpointName, original);
}
