import type { ArmRouteDef } from './arm-route';
export const MONITOR_ROUTES: readonly ArmRouteDef[] = [];
