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

/**
 * One electronegativity run: its findings, or null with the reason when it produced no usable
 * report. The release-notes check is left out: it downloads Electron's release list from GitHub,
 * which is unreachable here and only slows the run (the Electron version is pinned in package.json).
 */
function scan() {
  const dir = mkdtempSync(join(tmpdir(), 'electronegativity-'));
  const csvPath = join(dir, 'report.csv');
  try {
    const run = spawnSync(
      process.execPath,
      [
        cli,
        '-i',
        input,
        '-o',
        csvPath,
        '-r',
        '-e',
        electronVersion,
        '-x',
        'AvailableSecurityFixesGlobalCheck',
      ],
      { cwd: root, encoding: 'utf8', timeout: 180_000 },
    );
    const log = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim();
    if (run.error || run.signal || run.status !== 0 || !existsSync(csvPath))
      return {
        findings: null,
        log: `electronegativity did not finish (exit ${run.status}, ${run.signal ?? run.error?.message ?? 'no signal'}):\n${log}`,
      };
    const [header, ...rows] = parseCsv(readFileSync(csvPath, 'utf8'));
    const col = (name) => header.indexOf(name);
    if (!header || col('issue') < 0 || col('severity') < 0 || col('filename') < 0)
      return {
        findings: null,
        log: `electronegativity's CSV has an unexpected header: ${header?.join(', ')}`,
      };
    // electronegativity writes the CSV's header and its rows with two racing asynchronous writes, and
    // now and then the header lands over the start of the rows: such a report is read again.
    if (rows.some((r) => r.length !== header.length || !/^[A-Z0-9_]+$/.test(r[col('issue')])))
      return { findings: null, garbled: true, log: `electronegativity wrote a garbled report:\n${log}` };
    const findings = rows.map((r) => ({
      check: r[col('issue')],
      severity: r[col('severity')].toUpperCase(),
      confidence: r[col('confidence')],
      file: r[col('filename')],
      location: r[col('location')],
      sample: r[col('sample')],
      description: r[col('description')],
    }));
    return { findings, log };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

{
  const { allow } = JSON.parse(readFileSync(allowFile, 'utf8'));
  for (const a of allow) {
    if (!a.check || !a.file || typeof a.reason !== 'string' || a.reason.trim().length < 20) {
      console.error(
        `${allowFile}: every entry needs "check", "file" and a real "reason": ${JSON.stringify(a)}`,
      );
      process.exit(1);
    }
  }
  const allowed = (f) => allow.find((a) => a.check === f.check && a.file === f.file);
  const judge = (findings) => {
    const serious = findings.filter((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM');
    return {
      serious,
      blocking: serious.filter((f) => !allowed(f)),
      stale: allow.filter((a) => !serious.some((f) => f.check === a.check && f.file === a.file)),
    };
  };
  // A garbled report (see scan) is a race in electronegativity's output, not a finding: run again.
  const scanUntilReadable = () => {
    let r = scan();
    for (let tries = 1; !r.findings && r.garbled && tries < 6; tries++) r = scan();
    return r;
  };
  let first = scanUntilReadable();
  if (!first.findings) {
    console.error(first.log);
    process.exit(1);
  }
  // A reviewed finding that vanished is checked once more before it counts: electronegativity has
  // been seen to skip a file's checks in one run and not the next. What it said is shown either way.
  if (judge(first.findings).stale.length > 0) {
    const again = scanUntilReadable();
    if (again.findings && judge(again.findings).stale.length < judge(first.findings).stale.length) {
      console.log(
        `electronegativity missed reviewed findings in one run and found them in the next; its output then:\n${first.log}`,
      );
      first = again;
    }
  }
  const findings = first.findings;
  const { serious, blocking, stale } = judge(findings);

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
    if (first.log) console.error(`electronegativity said:\n${first.log}`);
    console.error(
      'Fix the finding, or review it and add it with a reason to security/electronegativity-allow.json.',
    );
    process.exit(1);
  }
}
