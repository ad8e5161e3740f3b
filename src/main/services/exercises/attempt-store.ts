/**
 * Exercise attempts on disk, beside the saved labs:
 *
 *   <dataDir>/exercises/attempts.json   { version: 1, current: "<attemptId>" | null, attempts: [...] }
 *
 * Each attempt is an AttemptRecord (./attempt.ts): what it tracks, the objectives met, hints,
 * mistakes and the verdict, from which its report is rebuilt. The file is replaced atomically after
 * every change, so after a crash the running attempt resumes in its saved lab exactly as far as the
 * last graded update; a damaged file is moved aside and the history starts empty (never a failed start).
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { moveAside, removeLeftoverTempFiles, writeFileAtomic } from '../persistence/atomic-file';
import type { AttemptRecord } from './attempt';

export interface AttemptsDocument {
  version: 1;
  current: string | null;
  attempts: AttemptRecord[];
}

/** Older attempts beyond this many are forgotten (a class of 30 doing every exercise twice fits). */
const KEEP = 500;

export class AttemptStore {
  readonly file: string;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    readonly dir: string,
    private readonly log: (message: string) => void = (m) => console.log(`[exercises] ${m}`),
  ) {
    this.file = join(dir, 'attempts.json');
  }

  async load(): Promise<AttemptsDocument> {
    const empty: AttemptsDocument = { version: 1, current: null, attempts: [] };
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await removeLeftoverTempFiles(this.dir);
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      return empty;
    }
    try {
      const doc = JSON.parse(text) as AttemptsDocument;
      if (doc?.version !== 1 || !Array.isArray(doc.attempts)) throw new Error('not an attempts file');
      return doc;
    } catch (e) {
      const movedTo = await moveAside(this.file, new Date());
      this.log(`attempts file could not be read (${(e as Error).message}); moved to ${movedTo}`);
      return empty;
    }
  }

  /** Saves the document (writes run one after another; the latest wins). */
  save(doc: AttemptsDocument): Promise<void> {
    const text = JSON.stringify({ ...doc, attempts: doc.attempts.slice(-KEEP) });
    const run = this.chain.then(() => writeFileAtomic(this.file, text));
    this.chain = run.catch((e) => this.log(`saving attempts failed: ${(e as Error).message}`));
    return this.chain.then(() => undefined);
  }

  flush(): Promise<void> {
    return this.chain.then(() => undefined);
  }
}
