import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { backendError, isConditionFailure } from './dynamo-errors';
import type { Key } from './dynamo-items';
import type { ItemQuery, ItemUpdate } from './generic-items';
import type { QueriedItem } from './state-store';
import { updateExpression, type UpdateCondition } from './update-expression';

/**
 * updateItem and queryItems on the state table (IAM: dynamodb:UpdateItem and dynamodb:Query). Inputs arrive
 * validated and normalised by generic-items.ts, so this file only speaks DynamoDB.
 */

/** UpdateItem that never creates: `attribute_exists(pk)` joins the caller's condition (UpdateItem upserts by default). */
export async function updateGenericItem(client: DynamoDBDocumentClient, tableName: string, key: Key, update: ItemUpdate): Promise<boolean> {
  const conditions: UpdateCondition[] = [{ exists: 'pk' }];
  if (Object.keys(update.equals).length) conditions.push({ equals: update.equals });
  if (update.in) conditions.push({ in: update.in });
  const removable = Object.keys(update.set).filter((attr) => update.set[attr] === undefined);
  const params = updateExpression({ set: update.set, removeWhenUndefined: removable, condition: { all: conditions } });
  try {
    await client.send(new UpdateCommand({ TableName: tableName, Key: key, ...params }));
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw backendError('UpdateItem', tableName, err);
  }
}

function keyCondition(pk: string, query: ItemQuery): { expression: string; values: Record<string, unknown> } {
  const values: Record<string, unknown> = { ':pk': pk };
  let sk = '';
  if (query.beginsWith !== undefined) {
    values[':prefix'] = query.beginsWith;
    sk = ' AND begins_with(#sk, :prefix)';
  } else if (query.from !== undefined && query.to !== undefined) {
    Object.assign(values, { ':from': query.from, ':to': query.to });
    sk = ' AND #sk BETWEEN :from AND :to';
  } else if (query.from !== undefined) {
    values[':from'] = query.from;
    sk = ' AND #sk >= :from';
  } else if (query.to !== undefined) {
    values[':to'] = query.to;
    sk = ' AND #sk <= :to';
  }
  return { expression: `#pk = :pk${sk}`, values };
}

/**
 * Query over one partition. A response stops at 1 MB or `Limit` and says so with LastEvaluatedKey, so we follow
 * it until the partition or the caller's limit is exhausted ("Paginating table query results", DynamoDB guide).
 * Limit counts items evaluated; with no FilterExpression that is items returned.
 */
export async function queryGenericItems(client: DynamoDBDocumentClient, tableName: string, pk: string, query: ItemQuery): Promise<QueriedItem[]> {
  const { expression, values } = keyCondition(pk, query);
  const out: QueriedItem[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const remaining = query.limit === undefined ? undefined : query.limit - out.length;
    let page;
    try {
      page = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: expression,
          ExpressionAttributeNames: { '#pk': 'pk', ...(expression.includes('#sk') ? { '#sk': 'sk' } : {}) },
          ExpressionAttributeValues: values,
          ScanIndexForward: !query.descending,
          // The ledger reads what it has just written (a token right after open): eventual reads could miss it.
          ConsistentRead: true,
          ...(remaining !== undefined ? { Limit: remaining } : {}),
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
    } catch (err) {
      throw backendError('Query', tableName, err);
    }
    for (const raw of page.Items ?? []) {
      const { pk: _pk, sk, ...item } = raw;
      out.push({ sk: String(sk), item });
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey && (query.limit === undefined || out.length < query.limit));
  return out;
}
