import type { Simulator } from '../../../../src/sim/index';

export const SUB = '3f2b6c1d-8e4a-4b7c-9d2e-5a6f7b8c9d0e';
export const WS = `/subscriptions/${SUB}/resourceGroups/rg-ml-prod/providers/Microsoft.MachineLearningServices/workspaces/mlw-prod`;
export const MIN = 60_000;
export const V = 'api-version=2022-10-01';

/** fetch against the simulator with a Bearer token (or none); JSON in, JSON out. A full ARM URL is redirected. */
export function armCall(sim: Simulator) {
  return async (path: string, init: { method?: string; body?: unknown; token?: string | null } = {}): Promise<{ status: number; headers: Headers; body: any }> => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (init.token !== null) headers.authorization = `Bearer ${init.token ?? 'test-token'}`;
    const target = path.startsWith('https://management.azure.com') ? path.replace('https://management.azure.com', sim.url) : `${sim.url}${path}`;
    const res = await fetch(target, { method: init.method ?? 'GET', headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
  };
}
