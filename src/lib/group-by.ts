/**
 * Groups items by a key, in first-seen order; items whose key is undefined are left out. (Map.groupBy would do the
 * first part but needs Node 21: the Lambda runtime and CI run Node 20.)
 */
export function groupBy<T>(items: Iterable<T>, key: (item: T) => string | undefined): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
