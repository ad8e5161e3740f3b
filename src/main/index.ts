import { app, BrowserWindow, dialog, net, protocol, session } from 'electron';
import { join, normalize, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { forwardPushes, registerIpc } from './ipc';
import { defaultLabPath, preloadPath, rendererDir } from './paths';
import { APP_ORIGIN, CONTENT_SECURITY_POLICY, isAppUrl } from './security';
import { openElectronConnectionStorage } from './electron-storage';
import { createLabService } from './services/create-lab-service';
import { attachVsphereApi } from './vsphere-api/attach';

/** `--vsphere-api [--vsphere-api-port N]` start the endpoints with the app; the lab controls' switch does later. */
function vsphereApiArgs(argv: string[]): { start: boolean; port: number } {
  const i = argv.indexOf('--vsphere-api-port');
  const port = i >= 0 ? Number(argv[i + 1]) : 0;
  return {
    start: argv.includes('--vsphere-api'),
    port: Number.isInteger(port) && port >= 0 && port < 65536 ? port : 0,
  };
}

protocol.registerSchemesAsPrivileged([
  { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

/** Serves out/renderer under app://lab/ with the CSP header; refuses paths that escape the folder. */
function serveRenderer(): void {
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    const path = normalize(
      join(rendererDir, decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)),
    );
    if (relative(rendererDir, path).startsWith('..')) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(path).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1600,
    height: 1000,
    title: 'vMotion Lab',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

app.enableSandbox();
app.on('web-contents-created', (_e, contents) => {
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
});

void app.whenReady().then(async () => {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  serveRenderer();
  const lab = await createLabService({
    labPath: defaultLabPath,
    labLabel: 'built-in: default',
    connectionStorage: await openElectronConnectionStorage(),
    dataDir: app.getPath('userData'),
    pickFile: async (purpose) => {
      const win = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
      const options: Electron.OpenDialogOptions = {
        title: purpose === 'iso' ? 'Connect to Disk Image File (local)' : 'Open a lab scenario',
        properties: ['openFile'],
        filters:
          purpose === 'iso'
            ? [{ name: 'Disk images', extensions: ['iso', 'img'] }]
            : [{ name: 'Lab scenarios', extensions: ['json'] }],
      };
      const picked = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return picked.canceled ? null : (picked.filePaths[0] ?? null);
    },
  });
  const apiArgs = vsphereApiArgs(process.argv);
  await attachVsphereApi(lab, { dataDir: app.getPath('userData'), ...apiArgs });
  // Quit waits for the last save of the open lab (once; the second quit goes through).
  let saved = false;
  app.on('before-quit', (event) => {
    if (saved || !lab.labs) return;
    event.preventDefault();
    saved = true;
    void lab.labs.close().finally(() => app.quit());
  });
  registerIpc(lab, isAppUrl);
  forwardPushes(lab, () => BrowserWindow.getAllWindows().map((w) => w.webContents));
  app.on('browser-window-created', (_e, win) => {
    const id = win.webContents.id;
    win.on('closed', () => lab.disconnect(`ipc-${id}`));
  });
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
