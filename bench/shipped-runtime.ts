/**
 * The Node line of Electron's main process for this app's Electron: electron-vite maps Electron 40
 * to 44 to Node 24.14-24.18 and gives later versions the same line. The engine benchmark's target is
 * judged on it (see engine-bench.ts and run.ts).
 */
export const SHIPPED_NODE_MAJOR = 24;
