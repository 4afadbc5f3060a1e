/** Types for scripts/bundled-config.cjs (a Serverless variable source, so plain CommonJS). */
/** 'watchdog.config.yaml' when that file exists in `root` (default: the repo root), else ''. */
export declare function bundledConfigPath(root?: string): string;
/** '' when the config file in `root` sets clouds.aws.regions (the file decides), else `deployRegion`. */
export declare function defaultWatchRegions(deployRegion: string, root?: string): string;
/** The weekly report's default EventBridge schedule (src/config/report-schema.ts). */
export declare const DEFAULT_REPORT_SCHEDULE: string;
/** report.schedule of the config file in `root`, else DEFAULT_REPORT_SCHEDULE. */
export declare function reportScheduleFrom(root?: string): string;
/** False only when the config file in `root` says report.enabled: false. */
export declare function reportEnabledFrom(root?: string): boolean;
