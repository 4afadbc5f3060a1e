import { invalidArgument } from './google-wire';

/**
 * The Cloud Monitoring filter subset the simulator supports (https://cloud.google.com/monitoring/api/v3/filters):
 * clauses joined by ` AND `, each `key = "value"`, `key = one_of("a", "b")` or `key = starts_with("5")`, on
 * `metric.type`, `resource.type`, `resource.label(s).<k>` and `metric.label(s).<k>`. Exactly one metric type must be
 * named, as the real API demands.
 */
export interface MonitoringFilter {
  metricType: string;
  resourceType?: string;
  /** Predicates on `resource.<k>` / `metric.<k>` label values, keyed `resource.<k>` or `metric.<k>`. */
  labels: Array<{ key: string; test: (v: string | undefined) => boolean }>;
}

export function parseMonitoringFilter(filter: string | null): MonitoringFilter {
  if (!filter?.trim()) throw invalidArgument('Field filter had an invalid value: a filter naming exactly one metric.type is required.');
  let metricType: string | undefined;
  let resourceType: string | undefined;
  const labels: MonitoringFilter['labels'] = [];
  for (const clause of splitAnd(filter)) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.+?)\s*$/.exec(clause);
    if (!m) throw invalidArgument(`Field filter had an invalid value of "${filter}": cannot parse "${clause.trim()}".`);
    const key = m[1]!;
    const test = predicate(m[2]!, filter);
    if (key === 'metric.type') {
      const v = /^"([^"]*)"$/.exec(m[2]!)?.[1];
      if (v === undefined || metricType !== undefined) throw invalidArgument(`Field filter had an invalid value of "${filter}": exactly one metric.type = "..." is required.`);
      metricType = v;
    } else if (key === 'resource.type') {
      const v = /^"([^"]*)"$/.exec(m[2]!)?.[1];
      if (v === undefined) throw invalidArgument(`Field filter had an invalid value of "${filter}": resource.type takes one quoted value.`);
      resourceType = v;
    } else {
      const lm = /^(resource|metric)\.labels?\.([a-z_][a-z0-9_]*)$/.exec(key);
      if (!lm) throw invalidArgument(`Field filter had an invalid value of "${filter}": unsupported key ${key}.`);
      labels.push({ key: `${lm[1]}.${lm[2]}`, test });
    }
  }
  if (metricType === undefined) throw invalidArgument(`Field filter had an invalid value of "${filter}": exactly one metric.type = "..." is required.`);
  return { metricType, ...(resourceType !== undefined ? { resourceType } : {}), labels };
}

/** Splits on AND outside double quotes. */
function splitAnd(filter: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let i = 0;
  while (i < filter.length) {
    if (!quoted) {
      const m = /^\s+AND\s+/.exec(filter.slice(i));
      if (m) {
        out.push(cur);
        cur = '';
        i += m[0].length;
        continue;
      }
    }
    if (filter[i] === '"') quoted = !quoted;
    cur += filter[i];
    i++;
  }
  out.push(cur);
  return out;
}

function predicate(rhs: string, filter: string): (v: string | undefined) => boolean {
  const quoted = /^"([^"]*)"$/.exec(rhs);
  if (quoted) return (v) => v === quoted[1];
  const fn = /^(one_of|starts_with)\s*\((.*)\)$/.exec(rhs);
  if (fn) {
    const args = [...fn[2]!.matchAll(/"([^"]*)"/g)].map((a) => a[1]!);
    if (args.length === 0) throw invalidArgument(`Field filter had an invalid value of "${filter}": ${fn[1]} needs quoted arguments.`);
    if (fn[1] === 'one_of') return (v) => v !== undefined && args.includes(v);
    if (args.length !== 1) throw invalidArgument(`Field filter had an invalid value of "${filter}": starts_with takes one argument.`);
    return (v) => v !== undefined && v.startsWith(args[0]!);
  }
  throw invalidArgument(`Field filter had an invalid value of "${filter}": "${rhs}" is not a quoted value, one_of(...) or starts_with(...).`);
}
