/**
 * Simulator price table: USD per hour per VM size. These are APPROXIMATE eastus pay-as-you-go Linux figures ⚠️
 * (Azure Retail Prices API, rounded; not verified against a live price sheet for this commit). Managed online
 * deployments, compute instances and job clusters bill the VM price per instance-hour (the Azure Machine Learning
 * surcharge is zero for these sizes ⚠️). Keys are the canonical ARM spelling; lookups are case-insensitive
 * (Azure ML answers STANDARD_NC6 as often as Standard_NC6s_v3).
 */
export const VM_PRICES_USD_PER_HOUR: Readonly<Record<string, number>> = {
  Standard_NC24ads_A100_v4: 3.67,
  Standard_NC48ads_A100_v4: 7.35,
  Standard_NC96ads_A100_v4: 14.69,
  Standard_NC4as_T4_v3: 0.526,
  Standard_NC8as_T4_v3: 0.752,
  Standard_NC16as_T4_v3: 1.204,
  Standard_NC64as_T4_v3: 4.352,
  Standard_NC6s_v3: 3.06,
  Standard_NC12s_v3: 6.12,
  Standard_NC24s_v3: 12.24,
  Standard_ND96asr_v4: 27.2,
  Standard_NC40ads_H100_v5: 6.98,
  Standard_DS3_v2: 0.229,
  Standard_DS11_v2: 0.185,
  Standard_E4s_v3: 0.252,
  Standard_E8s_v3: 0.504,
  Standard_F4s_v2: 0.169,
};

const BY_LOWER = new Map(Object.entries(VM_PRICES_USD_PER_HOUR).map(([k, v]) => [k.toLowerCase(), { size: k, price: v }]));

/** The table's entry for a VM size (any case), or undefined when the simulator has no price for it. */
export function vmPrice(vmSize: string): { size: string; price: number } | undefined {
  return BY_LOWER.get(vmSize.toLowerCase());
}

/** Cost Management's Meter for a VM size: "Standard_NC24ads_A100_v4" -> "NC24ads A100 v4" ⚠️ (format as seen in exports). */
export function vmMeter(vmSize: string): string {
  return vmSize.replace(/^standard_/i, '').replace(/_/g, ' ');
}
