/**
 * Builds DynamoDB UpdateItem expressions from plain objects. Every attribute goes through
 * ExpressionAttributeNames because DynamoDB has ~570 reserved words (`name`, `status`, `ttl`, `count`,
 * ...) and using one as a bare attribute name fails at runtime with a ValidationException, not at compile time.
 */

export type UpdateCondition =
  | { equals: Record<string, unknown> }
  | { notExists: string }
  | { exists: string }
  /** `attr IN (v1, v2, ...)`: DynamoDB accepts at most 100 values. */
  | { in: { attr: string; values: readonly unknown[] } }
  /** Every condition holds (AND). */
  | { all: readonly UpdateCondition[] };

export interface UpdateSpec {
  /** SET attr = value; undefined values are skipped, or REMOVEd when listed in removeWhenUndefined. */
  set: Record<string, unknown>;
  /** SET attr = if_not_exists(attr, value): written only when the item does not have it yet. */
  setIfNotExists?: Record<string, unknown>;
  removeWhenUndefined?: readonly string[];
  condition?: UpdateCondition;
}

export interface UpdateParams {
  UpdateExpression: string;
  ConditionExpression?: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}

export function updateExpression(spec: UpdateSpec): UpdateParams {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  let n = 0;
  const aliases = new Map<string, string>();
  const name = (attr: string): string => {
    const known = aliases.get(attr);
    if (known) return known;
    const base = attr.replace(/[^A-Za-z0-9_]/g, '_');
    let alias = `#${base}`;
    // `a-b` and `a_b` would share an alias and one would silently write the other: number the later one.
    for (let i = aliases.size; alias in names; i++) alias = `#n${i}_${base}`;
    names[alias] = attr;
    aliases.set(attr, alias);
    return alias;
  };
  const value = (v: unknown): string => {
    const alias = `:v${n++}`;
    values[alias] = v;
    return alias;
  };

  const sets: string[] = [];
  const removes: string[] = [];
  const removable = new Set(spec.removeWhenUndefined ?? []);
  for (const [attr, v] of Object.entries(spec.set)) {
    if (v !== undefined) sets.push(`${name(attr)} = ${value(v)}`);
    else if (removable.has(attr)) removes.push(name(attr));
  }
  for (const [attr, v] of Object.entries(spec.setIfNotExists ?? {})) {
    if (v === undefined) continue;
    const alias = name(attr);
    sets.push(`${alias} = if_not_exists(${alias}, ${value(v)})`);
  }
  if (!sets.length && !removes.length) throw new Error('updateExpression: nothing to update');

  const conditionText = (c: UpdateCondition): string => {
    if ('equals' in c) return Object.entries(c.equals).map(([attr, v]) => `${name(attr)} = ${value(v)}`).join(' AND ');
    if ('notExists' in c) return `attribute_not_exists(${name(c.notExists)})`;
    if ('exists' in c) return `attribute_exists(${name(c.exists)})`;
    if ('in' in c) {
      if (!c.in.values.length) throw new Error('updateExpression: IN needs at least one value');
      return `${name(c.in.attr)} IN (${c.in.values.map(value).join(', ')})`;
    }
    return c.all.map(conditionText).filter(Boolean).join(' AND ');
  };
  const condition = spec.condition ? conditionText(spec.condition) || undefined : undefined;

  const parts = [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : ''].filter(Boolean);
  const params: UpdateParams = { UpdateExpression: parts.join(' '), ExpressionAttributeNames: names };
  if (Object.keys(values).length) params.ExpressionAttributeValues = values;
  if (condition) params.ConditionExpression = condition;
  return params;
}
