/** The first route definition whose method matches and whose path pattern matches, with the pattern's groups. */
export function matchRoute<D extends { method: string; path: RegExp }>(defs: readonly D[], method: string, path: string): { def: D; params: string[] } | undefined {
  for (const def of defs) {
    if (def.method !== method) continue;
    const m = def.path.exec(path);
    if (m) return { def, params: m.slice(1) };
  }
  return undefined;
}
