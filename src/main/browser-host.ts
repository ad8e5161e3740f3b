/**
 * Browser mode: the lab service in plain Node, serving the renderer and the contract on 127.0.0.1.
 * Used where no Electron runtime exists (and by the end-to-end tests). Never imports electron.
 *   node out/main/browser-host.js [--port N] [--lab file.json] [--data-dir DIR]
 *                                 [--vsphere-api [--vsphere-api-port N]]
 */
import { parseArgs } from 'node:util';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startBrowserServer } from './browser/ws-server';
import { defaultBrowserDataDir } from './data-dir';
import { openBrowserConnectionStorage } from './services/storage/browser-storage';
import { defaultLabPath, rendererDir } from './paths';
import { createLabService } from './services/create-lab-service';
import { attachVsphereApi } from './vsphere-api/attach';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    lab: { type: 'string' },
    'data-dir': { type: 'string' },
    'vsphere-api': { type: 'boolean', default: false },
    'vsphere-api-port': { type: 'string', default: '0' },
  },
  allowPositionals: true,
  strict: false,
});

async function main(): Promise<void> {
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a number from 0 to 65535 (got "${String(values.port)}").`);
    process.exit(2);
  }
  const apiPort = Number(values['vsphere-api-port']);
  if (!Number.isInteger(apiPort) || apiPort < 0 || apiPort > 65535) {
    console.error(
      `--vsphere-api-port must be a number from 0 to 65535 (got "${String(values['vsphere-api-port'])}").`,
    );
    process.exit(2);
  }
  const labPath = typeof values.lab === 'string' ? values.lab : defaultLabPath;
  const dataDir = resolve(
    typeof values['data-dir'] === 'string' ? values['data-dir'] : defaultBrowserDataDir(),
  );
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const lab = await createLabService({
    labPath,
    labLabel: labPath === defaultLabPath ? 'built-in: default' : labPath,
    connectionStorage: openBrowserConnectionStorage(dataDir),
    dataDir,
  });
  const api = await attachVsphereApi(lab, { dataDir, port: apiPort, start: values['vsphere-api'] === true });
  const server = await startBrowserServer({ lab, rendererDir, port });
  console.log(`vMotion Lab (browser mode): ${server.url}`);
  console.log(`Data folder: ${dataDir}`);
  const stop = (): void => {
    // The last changes are saved before exiting; a kill without this is what the crash test covers.
    void Promise.allSettled([server.close(), api.stop(), lab.labs?.close()]).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  const err = e as { message?: string };
  console.error(`vMotion Lab could not start: ${err.message ?? String(e)}`);
  process.exit(1);
});
