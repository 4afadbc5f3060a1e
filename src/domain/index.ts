export * from './cloud';
export * from './money';
export * from './resources';
export * from './utilization';
export * from './cost';
export * from './status';
export * from './finding';
export * from './snapshot';
