import { ARM_ORIGIN_COST } from './cost-scope';
import { CostQueryError } from './cost-error';
import type { CostTable } from './cost-query';

/**
 * Query / Forecast paging: `pageSize` rows per answer and `properties.nextLink` =
 * https://management.azure.com/{scope}/providers/Microsoft.CostManagement/{query|forecast}?api-version=..&$skiptoken=..
 * (null on the last page). The client re-POSTs the SAME body to nextLink; the simulator recomputes the table and
 * cuts the next page. Tokens are opaque to clients (base64 of the offset here, like Azure's "AQAAAA==" style ones).
 */
export function pageOfTable(table: CostTable, url: URL, pageSize: number): { rows: CostTable['rows']; nextLink: string | null } {
  const token = [...url.searchParams].find(([k]) => k.toLowerCase() === '$skiptoken')?.[1];
  let offset = 0;
  if (token !== undefined) {
    const m = /^o:(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf8'));
    if (!m) throw new CostQueryError(400, 'BadRequest', `Invalid skiptoken: '${token}'.`);
    offset = Number(m[1]);
  }
  const rows = table.rows.slice(offset, offset + pageSize);
  if (offset + pageSize >= table.rows.length) return { rows, nextLink: null };
  // Built by hand so `$skiptoken` stays literal, as in Azure's nextLinks (URLSearchParams would write %24skiptoken).
  const kept = [...url.searchParams].filter(([k]) => k.toLowerCase() !== '$skiptoken').map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  const next = `${ARM_ORIGIN_COST}${url.pathname}?${[...kept, `$skiptoken=${encodeURIComponent(Buffer.from(`o:${offset + pageSize}`).toString('base64'))}`].join('&')}`;
  return { rows, nextLink: next };
}
