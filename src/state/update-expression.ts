/**
 * Builds DynamoDB UpdateItem expressions from plain objects. Every attribute goes through
 * ExpressionAttributeNames because DynamoDB has ~570 reserved words (`name`, `status`, `ttl`, `count`,
 * ...) and using one as a bare attribute name fails at runtime with a ValidationException, not at compile time.
 */

export type UpdateCondition =
  | { equals: Record<string, unknown> }
  | { notExists: string }
  | { exists: string };

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
  const name = (attr: string): string => {
    const alias = `#${attr.replace(/[^A-Za-z0-9_]/g, '_')}`;
    names[alias] = attr;
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

  let condition: string | undefined;
  const c = spec.condition;
  if (c && 'equals' in c) condition = Object.entries(c.equals).map(([attr, v]) => `${name(attr)} = ${value(v)}`).join(' AND ');
  else if (c && 'notExists' in c) condition = `attribute_not_exists(${name(c.notExists)})`;
  else if (c && 'exists' in c) condition = `attribute_exists(${name(c.exists)})`;

  const parts = [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : ''].filter(Boolean);
  const params: UpdateParams = { UpdateExpression: parts.join(' '), ExpressionAttributeNames: names };
  if (Object.keys(values).length) params.ExpressionAttributeValues = values;
  if (condition) params.ConditionExpression = condition;
  return params;
}
