import type { Expression, GroupDefinition } from '@aws-sdk/client-cost-explorer';
import type { CostItem } from '../cost-model';
import { tagValue } from '../fleet-model';
import { AwsServiceError } from '../protocol/aws-json';

export const validation = (m: string) => new AwsServiceError('ValidationException', m);

/** Dimensions the simulator can group and filter by, and each item's value for them. */
const DIMENSIONS: Record<string, (i: CostItem, account: string) => string> = {
  SERVICE: (i) => i.service,
  USAGE_TYPE: (i) => i.usageType,
  REGION: (i) => i.region,
  INSTANCE_TYPE: (i) => i.instanceType ?? 'NoInstanceType',
  LINKED_ACCOUNT: (_, account) => account,
  OPERATION: (i) => i.operation,
  RECORD_TYPE: () => 'Usage',
  PURCHASE_TYPE: () => 'On Demand Instances',
};

/** Valid GroupBy dimension keys in the real API (GetCostAndUsage reference). */
const REAL_GROUP_DIMENSIONS = ['AZ', 'INSTANCE_TYPE', 'LEGAL_ENTITY_NAME', 'INVOICING_ENTITY', 'LINKED_ACCOUNT', 'OPERATION', 'PLATFORM', 'PURCHASE_TYPE', 'SERVICE', 'TENANCY', 'RECORD_TYPE', 'USAGE_TYPE', 'REGION'];

/** Returns the function that yields an item's group key for one GroupBy (TAG keys read "key$value", "key$" when untagged). */
export function groupKeyOf(g: GroupDefinition, account: string): (i: CostItem) => string {
  if (g.Type === 'TAG') {
    const key = g.Key ?? '';
    if (!key) throw validation('GroupBy TAG needs a Key.');
    return (i) => `${key}$${tagValue(i.tags, key) ?? ''}`;
  }
  if (g.Type !== 'DIMENSION') throw validation(`GroupBy type ${g.Type ?? 'null'} is not supported: use DIMENSION or TAG.`);
  const key = g.Key ?? '';
  if (!REAL_GROUP_DIMENSIONS.includes(key)) {
    throw validation(`Group Definition dimension is invalid. Valid values are ${REAL_GROUP_DIMENSIONS.join(', ')}.`);
  }
  const f = DIMENSIONS[key];
  if (!f) throw validation(`GroupBy dimension ${key} is valid in Cost Explorer but not modelled by the simulator (use ${Object.keys(DIMENSIONS).join(', ')}).`);
  return (i) => f(i, account);
}

/** Compiles a Cost Explorer filter Expression; each node must have exactly one root (And, Or, Not, Dimensions, Tags). */
export function compileFilter(expr: Expression | undefined, account: string): (i: CostItem) => boolean {
  if (!expr) return () => true;
  const roots = (['And', 'Or', 'Not', 'Dimensions', 'Tags', 'CostCategories'] as const).filter((k) => expr[k] !== undefined);
  if (roots.length !== 1) throw validation('Expression has more than one root or no root. Use And, Or or Not to combine expressions.');
  if (expr.And) {
    const parts = expr.And.map((e) => compileFilter(e, account));
    return (i) => parts.every((p) => p(i));
  }
  if (expr.Or) {
    const parts = expr.Or.map((e) => compileFilter(e, account));
    return (i) => parts.some((p) => p(i));
  }
  if (expr.Not) {
    const inner = compileFilter(expr.Not, account);
    return (i) => !inner(i);
  }
  if (expr.Dimensions) {
    const f = DIMENSIONS[expr.Dimensions.Key ?? ''];
    if (!f) throw validation(`Filter dimension ${expr.Dimensions.Key ?? 'null'} is not supported by the simulator (use ${Object.keys(DIMENSIONS).join(', ')}).`);
    const values = matcher(expr.Dimensions.Values ?? [], expr.Dimensions.MatchOptions ?? []);
    return (i) => values(f(i, account));
  }
  if (expr.Tags) {
    const key = expr.Tags.Key ?? '';
    const opts = expr.Tags.MatchOptions ?? [];
    if (opts.includes('ABSENT')) return (i) => tagValue(i.tags, key) === undefined;
    const values = matcher(expr.Tags.Values ?? [], opts);
    // A tag filter with no values matches resources that carry the key.
    return (i) => {
      const v = tagValue(i.tags, key);
      return v !== undefined && (!expr.Tags?.Values?.length || values(v));
    };
  }
  throw validation('CostCategories filters are not supported by the simulator.');
}

function matcher(values: readonly string[], options: readonly string[]): (v: string) => boolean {
  const caseSensitive = options.includes('CASE_SENSITIVE') || !options.includes('CASE_INSENSITIVE');
  const norm = (s: string) => (caseSensitive ? s : s.toLowerCase());
  const wanted = values.map(norm);
  if (options.includes('STARTS_WITH')) return (v) => wanted.some((w) => norm(v).startsWith(w));
  if (options.includes('ENDS_WITH')) return (v) => wanted.some((w) => norm(v).endsWith(w));
  if (options.includes('CONTAINS')) return (v) => wanted.some((w) => norm(v).includes(w));
  const set = new Set(wanted);
  return (v) => set.has(norm(v));
}
