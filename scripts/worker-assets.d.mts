/** Writes the Worker's static assets into `dir` (emptied first); returns the paths written, relative to it. */
export declare function writeWorkerAssets(dir?: string, options?: { widget?: string }): string[]
