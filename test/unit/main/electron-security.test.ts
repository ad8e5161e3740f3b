/**
 * The Electron security checklist, checked statically over the source (the Electron runtime cannot
 * run here; these hold whether or not it can). Each test parses src/ with the TypeScript compiler, so
 * a change that breaks an item fails here, not in a review.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, CONTENT_SECURITY_POLICY, isAppUrl } from '../../../src/main/security';

const root = resolve(__dirname, '../../..');
const srcDir = join(root, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.(ts|vue|mts|cts)$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

interface Parsed {
  file: string;
  rel: string;
  text: string;
  sf: ts.SourceFile;
}

function parse(file: string): Parsed {
  let text = readFileSync(file, 'utf8');
  // A .vue file's <script> blocks are TypeScript; the template cannot reach Node or IPC.
  if (file.endsWith('.vue'))
    text = [...text.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');
  return {
    file,
    rel: relative(root, file),
    text,
    sf: ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true),
  };
}

const all = sourceFiles(srcDir).map(parse);
const mainFiles = all.filter((p) => p.rel.startsWith('src/main/'));

function walk(node: ts.Node, visit: (n: ts.Node) => void): void {
  visit(node);
  node.forEachChild((c) => walk(c, visit));
}

/** Every call expression `a.b(...)` whose callee text matches, with its file. */
function callsTo(files: Parsed[], callee: RegExp): { p: Parsed; call: ts.CallExpression }[] {
  const out: { p: Parsed; call: ts.CallExpression }[] = [];
  for (const p of files) {
    walk(p.sf, (n) => {
      if (ts.isCallExpression(n) && callee.test(n.expression.getText(p.sf))) out.push({ p, call: n });
    });
  }
  return out;
}

function property(obj: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const prop of obj.properties) {
    if (ts.isPropertyAssignment(prop) && prop.name.getText() === name) return prop.initializer;
    if (ts.isShorthandPropertyAssignment(prop) && prop.name.getText() === name) return prop.name;
  }
  return undefined;
}

describe('Electron security checklist (static)', () => {
  const windows: { p: Parsed; node: ts.NewExpression }[] = [];
  for (const p of mainFiles) {
    walk(p.sf, (n) => {
      if (ts.isNewExpression(n) && /\bBrowserWindow$/.test(n.expression.getText(p.sf)))
        windows.push({ p, node: n });
    });
  }

  it('every BrowserWindow has contextIsolation, sandbox, no nodeIntegration and webSecurity on', () => {
    expect(windows.length).toBeGreaterThan(0);
    for (const { p, node } of windows) {
      const where = `${p.rel}:${p.sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
      const opts = node.arguments?.[0];
      expect(opts && ts.isObjectLiteralExpression(opts), `${where}: options must be an object literal`).toBe(
        true,
      );
      const prefs = property(opts as ts.ObjectLiteralExpression, 'webPreferences');
      expect(
        prefs && ts.isObjectLiteralExpression(prefs),
        `${where}: webPreferences must be an object literal`,
      ).toBe(true);
      const wp = prefs as ts.ObjectLiteralExpression;
      const value = (name: string): string | undefined => property(wp, name)?.getText(p.sf);
      expect(value('contextIsolation'), `${where} contextIsolation`).toBe('true');
      expect(value('sandbox'), `${where} sandbox`).toBe('true');
      expect(value('nodeIntegration'), `${where} nodeIntegration`).toBe('false');
      expect(value('webSecurity') ?? 'true', `${where} webSecurity`).toBe('true');
      expect(value('nodeIntegrationInSubFrames') ?? 'false', `${where} nodeIntegrationInSubFrames`).toBe(
        'false',
      );
      expect(value('nodeIntegrationInWorker') ?? 'false', `${where} nodeIntegrationInWorker`).toBe('false');
      expect(value('webviewTag') ?? 'false', `${where} webviewTag`).toBe('false');
      expect(value('allowRunningInsecureContent') ?? 'false', `${where} allowRunningInsecureContent`).toBe(
        'false',
      );
      expect(value('experimentalFeatures') ?? 'false', `${where} experimentalFeatures`).toBe('false');
    }
  });

  it('every window denies window.open and blocks navigation away from the app', () => {
    const index = mainFiles.find((p) => p.rel === 'src/main/index.ts')!;
    const openHandlers = callsTo([index], /\.setWindowOpenHandler$/);
    expect(openHandlers.length).toBeGreaterThanOrEqual(windows.length);
    for (const { call, p } of openHandlers) {
      const text = call.arguments[0].getText(p.sf);
      expect(text).toMatch(/action:\s*'deny'/);
      expect(text).not.toMatch(/'allow'/);
    }
    const navGuards = callsTo([index], /\.on$/).filter(
      ({ call }) =>
        ts.isStringLiteral(call.arguments[0]) &&
        ['will-navigate', 'will-redirect'].includes(call.arguments[0].text),
    );
    expect(navGuards.map(({ call }) => (call.arguments[0] as ts.StringLiteral).text).sort()).toEqual([
      'will-navigate',
      'will-redirect',
    ]);
    for (const { call, p } of navGuards)
      expect(call.arguments[1].getText(p.sf)).toMatch(/if \(!isAppUrl\(url\)\) event\.preventDefault\(\)/);
    expect(index.text).toMatch(/app\.enableSandbox\(\)/);
  });

  it('permission requests and checks are denied', () => {
    const req = callsTo(mainFiles, /\.setPermissionRequestHandler$/);
    const check = callsTo(mainFiles, /\.setPermissionCheckHandler$/);
    expect(req).toHaveLength(1);
    expect(check).toHaveLength(1);
    expect(req[0].call.arguments[0].getText(req[0].p.sf)).toMatch(/callback\(false\)\s*\)?$/);
    expect(req[0].call.arguments[0].getText(req[0].p.sf)).not.toMatch(/callback\(true\)/);
    expect(check[0].call.arguments[0].getText(check[0].p.sf)).toMatch(/=>\s*false$/);
  });

  it('only src/main/ipc.ts registers ipcMain handlers, each through the validating wrapper', () => {
    const registrations = callsTo(all, /^ipcMain\.(handle|handleOnce|on|once|addListener|prependListener)$/);
    expect(registrations.length).toBeGreaterThan(0);
    for (const { p, call } of registrations) {
      expect(p.rel, call.getText(p.sf)).toBe('src/main/ipc.ts');
      expect(call.expression.getText(p.sf), 'only invoke-style handlers, which answer with a Result').toBe(
        'ipcMain.handle',
      );
      const handler = call.arguments[1];
      expect(handler && (ts.isArrowFunction(handler) || ts.isFunctionExpression(handler))).toBe(true);
      const body = handler.getText(p.sf);
      // The wrapper: sender frame must be the top-level app page, then the dispatcher validates args.
      expect(body).toMatch(/event\.senderFrame\.parent !== null/);
      expect(body).toMatch(/!isTrustedUrl\(frameUrl\)/);
      expect(body).toMatch(/return lab\.call\(name, args,/);
      // The channel is one of the contract's names, never a computed or generic one.
      expect(call.arguments[0].getText(p.sf)).toBe('`${IPC_PREFIX}${name}`');
    }
    // No other way to receive from renderers: ipcMain is imported only by the wrapper.
    const importers = all
      .filter((p) => /import\s*{[^}]*\bipcMain\b[^}]*}\s*from\s*'electron'/.test(p.text))
      .map((p) => p.rel);
    expect(importers).toEqual(['src/main/ipc.ts']);
    expect(
      all.filter((p) => /\bwebContents\.ipc\b|\.ipc\.(handle|on)\(/.test(p.text)).map((p) => p.rel),
    ).toEqual([]);
  });

  it('only the preload touches ipcRenderer and contextBridge, and exposes one object', () => {
    const users = all.filter((p) => /\b(ipcRenderer|contextBridge)\b/.test(p.text)).map((p) => p.rel);
    expect(users).toEqual(['src/preload/index.ts']);
    const preload = all.find((p) => p.rel === 'src/preload/index.ts')!;
    const exposes = callsTo([preload], /^contextBridge\.exposeInMainWorld$/);
    expect(exposes).toHaveLength(1);
    // No generic pass-through: ipcRenderer is used only with the contract's channel names.
    const uses = callsTo([preload], /^ipcRenderer\.\w+$/).map(({ call }) => call.getText(preload.sf));
    for (const u of uses)
      expect(u).toMatch(
        /^ipcRenderer\.(invoke\(`\$\{IPC_PREFIX\}\$\{name\}`, args\)|on\(IPC_PUSH_CHANNEL, listener\)|removeListener\(IPC_PUSH_CHANNEL, listener\))$/,
      );
    expect(preload.text).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/);
  });

  it('uses no @electron-toolkit/preload style generic API', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<
      string,
      Record<string, string>
    >;
    const deps = { ...pkg.dependencies, ...pkg.devDependencies };
    expect(Object.keys(deps).filter((d) => d.startsWith('@electron-toolkit/'))).toEqual([]);
    expect(all.filter((p) => /@electron-toolkit\//.test(p.text)).map((p) => p.rel)).toEqual([]);
    expect(all.filter((p) => /\belectronAPI\b/.test(p.text)).map((p) => p.rel)).toEqual([]);
  });

  it('never opens an external URL without checking it against the allow-list', () => {
    for (const { p, call } of callsTo(all, /\bopenExternal$/)) {
      const arg = call.arguments[0]?.getText(p.sf) ?? '';
      // Allowed only as `if (isAllowedExternalUrl(x)) shell.openExternal(x)`.
      let guarded = false;
      for (let n: ts.Node | undefined = call.parent; n && !guarded; n = n.parent) {
        if (ts.isIfStatement(n) && n.expression.getText(p.sf) === `isAllowedExternalUrl(${arg})`)
          guarded = true;
      }
      expect(guarded, `${p.rel}: ${call.getText(p.sf)} is not guarded by isAllowedExternalUrl(${arg})`).toBe(
        true,
      );
    }
    // Nor does anything else hand a URL to the OS.
    expect(
      all.filter((p) => /\bshell\.(openPath|showItemInFolder)\b/.test(p.text)).map((p) => p.rel),
    ).toEqual([]);
  });

  it('the CSP allows no inline, eval or foreign script, and no plugins', () => {
    const directives = new Map(
      CONTENT_SECURITY_POLICY.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    expect(directives.get('default-src')).toEqual(["'none'"]);
    const script = directives.get('script-src') ?? directives.get('default-src')!;
    expect(script).toEqual(["'self'"]);
    for (const d of ['script-src-elem', 'script-src-attr', 'worker-src'])
      expect(directives.has(d), d).toBe(false);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(
      /unsafe-inline|unsafe-eval|unsafe-hashes|wasm-unsafe-eval|\*|https?:|blob:/,
    );
    // The renderer's index.html carries the same script policy as a meta tag.
    const html = readFileSync(join(root, 'src/renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(meta).toContain("script-src 'self'");
    expect(meta).not.toMatch(/unsafe-inline|unsafe-eval/);
  });

  it('app:// URL check accepts only the app origin', () => {
    expect(isAppUrl(`${APP_ORIGIN}/index.html`)).toBe(true);
    expect(isAppUrl(APP_ORIGIN)).toBe(true);
    for (const url of [
      'app://lab.evil.example/',
      'app://labx/',
      'app://evil/lab/',
      'https://app://lab/',
      'file:///etc/passwd',
      'http://127.0.0.1/',
      'app://lab@evil/',
    ]) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });
});
