#!/usr/bin/env node
// Starts the built app: the Electron window when an Electron runtime is installed, otherwise (or
// with --browser) browser mode, which prints the URL with its per-launch token.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const forceBrowser = args.includes('--browser');
const passOn = args.filter((a) => a !== '--browser');

function electronBinary() {
  const pathFile = join(root, 'node_modules/electron/path.txt');
  if (!existsSync(pathFile)) return null;
  const exe = join(root, 'node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(exe) ? exe : null;
}

const electron = forceBrowser ? null : electronBinary();
let child;
if (electron) {
  child = spawn(electron, [root, ...passOn], { stdio: 'inherit' });
} else {
  if (!forceBrowser) {
    console.log(
      'Electron runtime not installed (get it with `npx install-electron`); starting browser mode instead.',
    );
  }
  child = spawn(process.execPath, [join(root, 'out/main/browser-host.js'), ...passOn], { stdio: 'inherit' });
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
