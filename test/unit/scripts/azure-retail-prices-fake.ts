/**
 * A local stand-in for prices.azure.com/api/retail/prices (node:http on 127.0.0.1), answering in the item shape of
 * the real API. Like api-version 2023-01-01-preview it matches filter values case-sensitively, so a wrongly spelled
 * armSkuName finds nothing here too. `mode: 'link'` pages with NextPageLink (naming prices.azure.com:443, as the
 * real one does, so the client must rewrite it); `mode: 'empty-link'` leaves it empty on every page, the reported bug.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RetailPriceItem } from '../../../scripts/azure-price-refresh';

let meter = 0;
export function item(over: Partial<RetailPriceItem> & Pick<RetailPriceItem, 'armSkuName' | 'retailPrice'>): RetailPriceItem {
  meter++;
  const short = over.armSkuName.replace(/^Standard_/, '').replace(/_/g, ' ');
  return {
    currencyCode: 'USD',
    tierMinimumUnits: 0,
    unitPrice: over.retailPrice,
    armRegionName: 'eastus',
    location: 'US East',
    effectiveStartDate: '2024-06-01T00:00:00Z',
    meterId: `00000000-0000-0000-0000-${String(meter).padStart(12, '0')}`,
    meterName: short,
    productId: 'DZH318Z0BQ4P',
    skuId: `DZH318Z0BQ4P/${String(meter).padStart(4, '0')}`,
    productName: 'Virtual Machines NCadsA100v4 Series',
    skuName: short,
    serviceName: 'Virtual Machines',
    serviceId: 'DZH313Z7MMC8',
    serviceFamily: 'Compute',
    unitOfMeasure: '1 Hour',
    type: 'Consumption',
    isPrimaryMeterRegion: true,
    ...over,
  };
}

/** What the API lists for one size in one region: every price kind, the Linux pay-as-you-go one LAST. */
export function realisticItems(armSkuName: string, linux: number, product: string, region = 'eastus'): RetailPriceItem[] {
  const short = armSkuName.replace(/^Standard_/, '').replace(/_/g, ' ');
  const base = { armSkuName, armRegionName: region, productName: product };
  return [
    item({ ...base, productName: `${product} Windows`, retailPrice: +(linux * 1.2).toFixed(3) }),
    item({ ...base, skuName: `${short} Spot`, meterName: `${short} Spot`, retailPrice: +(linux * 0.3).toFixed(4) }),
    item({ ...base, skuName: `${short} Low Priority`, meterName: `${short} Low Priority`, retailPrice: +(linux * 0.2).toFixed(4) }),
    item({ ...base, productName: `${product} Windows`, skuName: `${short} Spot`, meterName: `${short} Spot`, retailPrice: +(linux * 0.5).toFixed(4) }),
    item({ ...base, type: 'Reservation', reservationTerm: '1 Year', retailPrice: Math.round(linux * 8760 * 0.6) }),
    item({ ...base, type: 'Reservation', reservationTerm: '3 Years', retailPrice: Math.round(linux * 26280 * 0.4) }),
    item({ ...base, type: 'DevTestConsumption', retailPrice: +(linux * 0.9).toFixed(3) }),
    item({ ...base, retailPrice: linux, savingsPlan: [{ unitPrice: linux * 0.7, retailPrice: linux * 0.7, term: '1 Year' }] }),
  ];
}

export interface FakeRetailPrices {
  url: string;
  requests: URL[];
  close(): Promise<void>;
}

export async function startFakeRetailPrices(items: RetailPriceItem[], opts: { mode?: 'link' | 'empty-link'; pageSize?: number } = {}): Promise<FakeRetailPrices> {
  const pageSize = opts.pageSize ?? 100;
  const requests: URL[] = [];
  const server: Server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(u);
    const filter = u.searchParams.get('$filter') ?? '';
    if (u.pathname !== '/api/retail/prices' || u.searchParams.get('api-version') !== '2023-01-01-preview') {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"Error":{"Code":"BadRequest"}}');
      return;
    }
    const region = /armRegionName eq '([^']+)'/.exec(filter)?.[1];
    const skus = [...filter.matchAll(/armSkuName eq '([^']+)'/g)].map((m) => m[1]);
    const all = items.filter((i) => i.serviceName === 'Virtual Machines' && i.armRegionName === region && skus.includes(i.armSkuName));
    const skip = Number(u.searchParams.get('$skip') ?? 0);
    const page = all.slice(skip, skip + pageSize);
    const more = skip + pageSize < all.length;
    const next = new URL('https://prices.azure.com:443/api/retail/prices');
    next.searchParams.set('api-version', '2023-01-01-preview');
    next.searchParams.set('$filter', filter);
    next.searchParams.set('$skip', String(skip + pageSize));
    const NextPageLink = opts.mode === 'empty-link' ? '' : more ? next.toString() : null;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ BillingCurrency: 'USD', CustomerEntityId: 'Default', CustomerEntityType: 'Retail', Items: page, NextPageLink, Count: page.length }));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((ok) => server.close(() => ok())) };
}
