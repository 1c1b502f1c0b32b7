/** The Chromium executable: `CHROMIUM_PATH`, else Debian's. */
export declare const CHROMIUM_PATH: string

/** Launch flags. Root needs --no-sandbox; the networking flags stop Chromium from calling hosts this network refuses. */
export declare const CHROMIUM_ARGS: readonly string[]
