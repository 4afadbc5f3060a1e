import type { IdleGpuFinding } from '../../domain/finding';
import type { ServingMode } from '../../domain/resources';
import { formatAgo, formatHours, formatRatioPct, formatUtc } from '../format';
import type { KindDetails, KindViewContext } from './kind-details';

const SERVING_MODE_LABELS: Record<ServingMode, string> = {
  'real-time': 'real-time endpoint',
  'inference-components': 'real-time with inference components',
  async: 'asynchronous endpoint',
  serverless: 'serverless endpoint',
};

/** Evidence of an idle GPU endpoint, in the order an on-call engineer checks it. */
export function idleGpuDetails(f: IdleGpuFinding, ctx: KindViewContext): KindDetails {
  const e = f.evidence;
  const gpus = `${e.acceleratorCount} ${e.acceleratorCount === 1 ? 'GPU' : 'GPUs'}`;
  return {
    kindLabel: 'Idle GPU',
    facts: [
      { label: 'Serving mode', value: SERVING_MODE_LABELS[e.servingMode] },
      { label: 'Instances', value: `${e.instanceCount} x ${e.instanceType} (${gpus})`, brief: true },
      {
        label: 'Idle for',
        value: `${formatHours(e.idleHours)} (${e.invocationsInWindow} invocations in the last ${formatHours(e.windowHours)})`,
        brief: true,
      },
      {
        label: 'Last invocation',
        value: e.lastInvocationAt
          ? `${formatUtc(e.lastInvocationAt)} (${formatAgo(e.lastInvocationAt, ctx.now)})`
          : `none in the last ${formatHours(e.idleHours)}`,
      },
      {
        label: 'GPU utilisation',
        value:
          e.meanGpuUtilPct === undefined
            ? 'no GPU datapoints in the idle window'
            : `${e.meanGpuUtilPct.toFixed(1)}% mean per GPU over the idle window`,
      },
      { label: 'Telemetry coverage', value: `${formatRatioPct(e.coverage)} of the idle window has datapoints` },
    ],
    wastedSoFar: e.wastedSoFar,
  };
}
