/** Types for scripts/bundled-config.cjs (a Serverless variable source, so plain CommonJS). */
/** 'watchdog.config.yaml' when that file exists in `root` (default: the repo root), else ''. */
export declare function bundledConfigPath(root?: string): string;
/** '' when the config file in `root` sets clouds.aws.regions (the file decides), else `deployRegion`. */
export declare function defaultWatchRegions(deployRegion: string, root?: string): string;
