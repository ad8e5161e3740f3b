#!/usr/bin/env node
/**
 * Runs @doyensec/electronegativity over src/ and fails on any HIGH or MEDIUM finding that is not in
 * the reviewed allow-list (security/electronegativity-allow.json), and on allow-list entries that no
 * longer match a finding. electronegativity itself always exits 0, so its CSV is what counts.
 *   node scripts/electronegativity-check.mjs [--input DIR]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const input = args.includes('--input') ? resolve(args[args.indexOf('--input') + 1]) : join(root, 'src');
const allowFile = join(root, 'security/electronegativity-allow.json');
const require = createRequire(import.meta.url);

/** The Electron version the app is built for, so checks use its defaults (not "v0.1.0"). */
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const cli = join(dirname(require.resolve('@doyensec/electronegativity/package.json')), 'dist/index.js');

/** Minimal RFC 4180 CSV parser (quoted fields may hold commas and doubled quotes). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field.trim());
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field.trim());
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  row.push(field.trim());
  if (row.some((f) => f !== '')) rows.push(row);
  return rows;
}

const dir = mkdtempSync(join(tmpdir(), 'electronegativity-'));
const csvPath = join(dir, 'report.csv');
try {
  const run = spawnSync(process.execPath, [cli, '-i', input, '-o', csvPath, '-r', '-e', electronVersion], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (!existsSync(csvPath)) {
    console.error(`electronegativity produced no report (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
    process.exit(1);
  }
  const [header, ...rows] = parseCsv(readFileSync(csvPath, 'utf8'));
  const col = (name) => header.indexOf(name);
  if (!header || col('issue') < 0 || col('severity') < 0 || col('filename') < 0) {
    console.error(`electronegativity's CSV has an unexpected header: ${header?.join(', ')}`);
    process.exit(1);
  }
  const findings = rows.map((r) => ({
    check: r[col('issue')],
    severity: r[col('severity')].toUpperCase(),
    confidence: r[col('confidence')],
    file: r[col('filename')],
    location: r[col('location')],
    sample: r[col('sample')],
    description: r[col('description')],
  }));
  const { allow } = JSON.parse(readFileSync(allowFile, 'utf8'));
  for (const a of allow) {
    if (!a.check || !a.file || typeof a.reason !== 'string' || a.reason.trim().length < 20) {
      console.error(
        `${allowFile}: every entry needs "check", "file" and a real "reason": ${JSON.stringify(a)}`,
      );
      process.exit(1);
    }
  }
  const serious = findings.filter((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM');
  const allowed = (f) => allow.find((a) => a.check === f.check && a.file === f.file);
  const blocking = serious.filter((f) => !allowed(f));
  const stale = allow.filter((a) => !serious.some((f) => f.check === a.check && f.file === a.file));

  console.log(
    `electronegativity (Electron ${electronVersion}) over ${input}: ${findings.length} findings, ${serious.length} HIGH/MEDIUM, ${serious.length - blocking.length} allow-listed.`,
  );
  for (const f of serious.filter(allowed))
    console.log(`  allowed  ${f.severity} ${f.check} ${f.file}:${f.location} — ${allowed(f).reason}`);
  for (const f of blocking)
    console.error(
      `  BLOCKING ${f.severity} ${f.check} ${f.file}:${f.location}: ${f.description}\n           ${f.sample}`,
    );
  for (const a of stale)
    console.error(`  STALE allow-list entry ${a.check} ${a.file}: no such finding any more; remove it.`);
  if (blocking.length || stale.length) {
    console.error(
      'Fix the finding, or review it and add it with a reason to security/electronegativity-allow.json.',
    );
    process.exit(1);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
