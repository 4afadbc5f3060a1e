import type { Fleet, FleetInput, TrafficPatternInput } from './fleet-schema';
import { parseFleet } from './load-fleet';
import { seededRandom } from './prng';

export interface GenerateFleetOptions {
  endpoints: number;
  seed?: number;
  region?: string;
}

type EndpointInput = NonNullable<FleetInput['endpoints']>[number];

const TEAMS = ['team-nlp', 'team-search', 'team-vision', 'team-risk', 'team-recsys', 'team-growth', 'team-docs', 'team-platform', 'team-speech', 'team-ads', 'team-support-ml', 'team-forecast'];
const MODELS = ['llama3-8b', 'mistral-7b', 'bert-base', 'xgb-ranker', 'resnet50', 'whisper-small', 'clip-vit', 't5-large', 'sdxl', 'tft-forecast'];
const GPU_TYPES = ['ml.g5.xlarge', 'ml.g5.2xlarge', 'ml.g5.4xlarge', 'ml.g5.12xlarge', 'ml.g4dn.xlarge', 'ml.g4dn.2xlarge', 'ml.g6.xlarge', 'ml.p3.2xlarge'];
const CPU_TYPES = ['ml.m5.large', 'ml.m5.xlarge', 'ml.c5.xlarge', 'ml.c5.2xlarge', 'ml.t3.medium'];

/**
 * A large fleet for benchmarks, deterministic in `seed`. The mix per endpoint: ~5% idle GPU (abandoned or never
 * used; a tenth of those tagged watchdog:ignore=true), 15% business hours, 30% steady, 10% bursty GPU, 10%
 * inference components, 8% serverless, 5% async, 15% CPU, 2% failed; plus notebooks (1 per 25 endpoints) and
 * training jobs (1 per 100). Every fourth endpoint's model runs AWS's TGI image, the rest the team's own image.
 */
export function generateFleet(opts: GenerateFleetOptions): Fleet {
  const rand = seededRandom(opts.seed ?? 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const region = opts.region ?? 'us-east-1';
  const endpoints: EndpointInput[] = [];

  for (let i = 0; i < opts.endpoints; i++) {
    const owner = pick(TEAMS);
    const name = `${owner.replace('team-', '')}-${pick(MODELS)}-${i.toString().padStart(5, '0')}`;
    const tags: Record<string, string> = { owner, env: rand() < 0.7 ? 'prod' : 'dev' };
    const createdAt = `-${int(7, 400)}d`;
    const gpu = pick(GPU_TYPES);
    const steady = (): TrafficPatternInput => ({ type: 'steady', invocationsPerMinute: int(20, 1500), gpuUtilPct: int(25, 85) });
    // Every fourth endpoint serves from AWS's TGI image (a framework container: the reader describes its model); the
    // others run the team's own image, which DescribeEndpoint's DeployedImages already settles. Chosen by index, not
    // by `rand`, so the rest of the fleet stays what it was.
    const model = i % 4 === 0 ? { model: { image: `763104351884.dkr.ecr.${region}.amazonaws.com/huggingface-pytorch-tgi-inference:2.4.0-tgi2.4.0-gpu-py311-cu124-ubuntu22.04` } } : {};
    const realTime = (instanceType: string, traffic: TrafficPatternInput, instanceCount = 1): EndpointInput => ({
      name, servingMode: 'real-time', createdAt, tags, traffic, variants: [{ instanceType, instanceCount }], ...model,
    });
    const r = rand();
    if (r < 0.05) {
      const abandoned = rand() < 0.6;
      if (rand() < 0.1) tags['watchdog:ignore'] = 'true';
      endpoints.push(realTime(gpu, abandoned ? { type: 'abandoned', at: `-${int(30, 240)}h`, before: steady() } : { type: 'idle', gpuUtilPct: 0 }));
    } else if (r < 0.2) {
      endpoints.push(realTime(gpu, { type: 'business-hours', tzOffsetHours: pick([-8, -5, 0, 1, 5.5, 9]), startHour: 8, endHour: 18, weekdaysOnly: true, invocationsPerMinute: int(10, 300), gpuUtilPct: int(20, 70) }));
    } else if (r < 0.5) {
      endpoints.push(realTime(gpu, steady(), int(1, 4)));
    } else if (r < 0.6) {
      endpoints.push(realTime(gpu, { type: 'bursty', meanInvocationsPerMinute: int(1, 100), burstProbability: 0.05 + rand() * 0.6, gpuUtilPct: int(30, 90) }));
    } else if (r < 0.7) {
      endpoints.push({
        name, servingMode: 'inference-components', createdAt, tags, traffic: steady(),
        variants: [{
          instanceType: 'ml.g5.12xlarge', instanceCount: int(1, 2), managedInstanceScaling: { minInstanceCount: 0, maxInstanceCount: 4 },
          inferenceComponents: [{ name: `${name}-ic1`, copyCount: int(1, 3) }, { name: `${name}-ic2`, copyCount: 1 }],
        }],
      });
    } else if (r < 0.78) {
      endpoints.push({
        name, servingMode: 'serverless', createdAt, tags,
        traffic: { type: 'bursty', meanInvocationsPerMinute: int(1, 50), burstProbability: 0.3, gpuUtilPct: 0 },
        variants: [{ serverless: { memorySizeMb: pick([1024, 2048, 4096, 6144]), maxConcurrency: int(5, 50) } }],
      });
    } else if (r < 0.83) {
      endpoints.push({ ...realTime(pick(['ml.g4dn.xlarge', 'ml.g5.xlarge']), { type: 'bursty', meanInvocationsPerMinute: 2, burstProbability: 0.1, gpuUtilPct: 60 }), servingMode: 'async' });
    } else if (r < 0.98) {
      endpoints.push(realTime(pick(CPU_TYPES), rand() < 0.3 ? { type: 'idle', gpuUtilPct: 0 } : { type: 'steady', invocationsPerMinute: int(5, 500), gpuUtilPct: 0 }));
    } else {
      endpoints.push({ ...realTime(gpu, { type: 'idle', gpuUtilPct: 0 }), status: 'Failed', failureReason: 'The primary container for production variant AllTraffic did not pass the ping health check.' });
    }
  }

  const notebooks = Array.from({ length: Math.max(1, Math.floor(opts.endpoints / 25)) }, (_, i) => {
    const gpuNotebook = rand() < 0.3;
    return {
      name: `nb-${pick(TEAMS).replace('team-', '')}-${i.toString().padStart(4, '0')}`,
      instanceType: gpuNotebook ? pick(['ml.g4dn.xlarge', 'ml.g5.xlarge']) : pick(['ml.t3.medium', 'ml.m5.xlarge']),
      status: rand() < 0.8 ? ('InService' as const) : ('Stopped' as const),
      createdAt: `-${int(10, 200)}d`,
      lastActivity: `-${int(1, 240)}h`,
      tags: { owner: pick(TEAMS) },
    };
  });
  const trainingJobs = Array.from({ length: Math.floor(opts.endpoints / 100) }, (_, i) => ({
    name: `train-${pick(MODELS)}-${i.toString().padStart(4, '0')}`,
    instanceType: pick(['ml.g5.xlarge', 'ml.g5.12xlarge', 'ml.p4d.24xlarge', 'ml.m5.xlarge']),
    instanceCount: int(1, 4),
    status: 'InProgress' as const,
    startedAt: `-${int(1, 96)}h`,
    maxRuntimeSeconds: int(4, 120) * 3600,
    tags: { owner: pick(TEAMS) },
  }));

  return parseFleet(
    {
      description: `Generated fleet: ${opts.endpoints} endpoints, seed ${opts.seed ?? 1}`,
      defaultRegion: region,
      endpoints,
      notebooks,
      trainingJobs,
      extraCosts: [
        { service: 'Amazon Simple Storage Service', dailyUsd: 120 + opts.endpoints * 0.02 },
        { service: 'AmazonCloudWatch', dailyUsd: 15 + opts.endpoints * 0.004 },
      ],
    } satisfies FleetInput,
    'generated fleet',
  );
}
