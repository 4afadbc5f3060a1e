import {
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeInferenceComponentCommand,
  ListEndpointsCommand,
  ListInferenceComponentsCommand,
  type DescribeEndpointConfigOutput,
  type DescribeEndpointOutput,
  type DescribeInferenceComponentOutput,
  type DescribeModelOutput,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { forEachPage, type AwsCallLog } from './call-log';
import { AwsProviderError, classifyAwsError, isNotFound, type AwsOperation } from './errors';
import type { Limiter } from '../../lib/map-limit';
import type { FailureLog } from './provider-status';
import { attachModels } from './sagemaker-models';
import { hostsInferenceComponents } from './to-domain';

/** An endpoint with everything needed to map it: the config is the ONLY source of InstanceType. */
export interface DescribedEndpoint {
  endpoint: DescribeEndpointOutput;
  config: DescribeEndpointConfigOutput;
  inferenceComponents: DescribeInferenceComponentOutput[];
  /** DescribeModel answers by model name, when models were looked up (sagemaker-models.ts); undefined: not read. */
  models?: Map<string, DescribeModelOutput>;
}

/** What every SageMaker read in one region shares: the client, the call log, the Describe* limiter, failures. */
export interface SageMakerReadContext {
  sagemaker: SageMakerClient;
  log: AwsCallLog;
  limit: Limiter;
  failures: FailureLog;
  /** Look up the models endpoints serve (DescribeModel), for the lock-in score. */
  describeModels?: boolean;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; notFound: boolean };

/**
 * Runs one call. "Not found" (deleted between List and Describe) is reported as such and not recorded; any
 * other failure is recorded under `part`, so one bad resource never stops the sweep.
 */
export async function tryCall<T>(ctx: SageMakerReadContext, part: string, op: AwsOperation, subject: string, call: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await ctx.log.send(op, call) };
  } catch (err) {
    const e = classifyAwsError(err, op);
    const notFound = isNotFound(e);
    if (!notFound) ctx.failures.add(part, e, subject);
    return { ok: false, notFound };
  }
}

function configGone(configName: string): AwsProviderError {
  return new AwsProviderError({
    code: 'EndpointConfigNotFound',
    state: 'missing-data',
    operation: 'SageMaker.DescribeEndpointConfig',
    message: `Endpoint config ${configName} was deleted while its endpoint still runs, so the instance type is unknown. Recreate the config or update the endpoint to a config that exists.`,
  });
}

/**
 * ListEndpoints (100 per page) -> DescribeEndpoint -> DescribeEndpointConfig, describes starting while later
 * pages are still being listed. DescribeEndpoint has no InstanceType (ProductionVariantSummary carries counts
 * only), hence the config call; many endpoints share a config, so configs are fetched once per name.
 */
export async function readEndpoints(ctx: SageMakerReadContext): Promise<DescribedEndpoint[]> {
  const configs = new Map<string, Promise<Outcome<DescribeEndpointConfigOutput>>>();
  const configFor = (name: string, endpointName: string): Promise<Outcome<DescribeEndpointConfigOutput>> => {
    let p = configs.get(name);
    if (!p) {
      p = tryCall(ctx, 'endpoints', 'SageMaker.DescribeEndpointConfig', endpointName, () =>
        ctx.sagemaker.send(new DescribeEndpointConfigCommand({ EndpointConfigName: name })),
      );
      configs.set(name, p);
      // A throttled or failed fetch is not cached: the next endpoint sharing this config tries again.
      void p.then((o) => {
        if (!o.ok && !o.notFound) configs.delete(name);
      });
    }
    return p;
  };

  const described: Promise<DescribedEndpoint | undefined>[] = [];
  try {
    await forEachPage(
      (NextToken) => ctx.log.send('SageMaker.ListEndpoints', () => ctx.sagemaker.send(new ListEndpointsCommand({ MaxResults: 100, NextToken }))),
      (page) => page.NextToken,
      (page) => {
        for (const { EndpointName: name } of page.Endpoints ?? []) {
          if (!name) continue;
          described.push(
            ctx.limit(async () => {
              const described = await tryCall(ctx, 'endpoints', 'SageMaker.DescribeEndpoint', name, () =>
                ctx.sagemaker.send(new DescribeEndpointCommand({ EndpointName: name })),
              );
              if (!described.ok || !described.value.EndpointConfigName) return undefined;
              const endpoint = described.value;
              const config = await configFor(endpoint.EndpointConfigName!, name);
              if (!config.ok) {
                // A config deleted after the endpoint was created leaves the instance type unknowable: say so in the
                // status (missing-data) rather than report a GPU endpoint as a cheap CPU one.
                if (config.notFound) ctx.failures.add('endpoints', configGone(endpoint.EndpointConfigName!), name);
                return undefined;
              }
              return { endpoint, config: config.value, inferenceComponents: [] };
            }),
          );
        }
      },
    );
  } catch (err) {
    ctx.failures.add('endpoints', classifyAwsError(err, 'SageMaker.ListEndpoints'));
  }
  const all = (await Promise.all(described)).filter((d): d is DescribedEndpoint => d !== undefined);
  await attachInferenceComponents(ctx, all);
  if (ctx.describeModels) await attachModels(ctx, all);
  return all;
}

/**
 * Inference components are looked up only when some endpoint can host them (config variants without ModelName).
 * One region-wide ListInferenceComponents sweep (100 per page) replaces one EndpointNameEquals call per IC endpoint;
 * then DescribeInferenceComponent gives the copy counts the summaries lack.
 */
async function attachInferenceComponents(ctx: SageMakerReadContext, endpoints: DescribedEndpoint[]): Promise<void> {
  const byName = new Map(endpoints.filter((d) => hostsInferenceComponents(d.config)).map((d) => [d.endpoint.EndpointName, d]));
  if (byName.size === 0) return;
  const describes: Promise<void>[] = [];
  try {
    await forEachPage(
      (NextToken) =>
        ctx.log.send('SageMaker.ListInferenceComponents', () => ctx.sagemaker.send(new ListInferenceComponentsCommand({ MaxResults: 100, NextToken }))),
      (page) => page.NextToken,
      (page) => {
        for (const ic of page.InferenceComponents ?? []) {
          const owner = ic.EndpointName ? byName.get(ic.EndpointName) : undefined;
          const icName = ic.InferenceComponentName;
          if (!owner || !icName) continue;
          describes.push(
            ctx.limit(async () => {
              const d = await tryCall(ctx, 'inference-components', 'SageMaker.DescribeInferenceComponent', icName, () =>
                ctx.sagemaker.send(new DescribeInferenceComponentCommand({ InferenceComponentName: icName })),
              );
              if (d.ok) owner.inferenceComponents.push(d.value);
            }),
          );
        }
      },
    );
  } catch (err) {
    ctx.failures.add('inference-components', classifyAwsError(err, 'SageMaker.ListInferenceComponents'));
  }
  await Promise.all(describes);
  // Describes finish in any order; keep the output stable.
  for (const d of byName.values()) d.inferenceComponents.sort((a, b) => (a.InferenceComponentName ?? '').localeCompare(b.InferenceComponentName ?? ''));
}
