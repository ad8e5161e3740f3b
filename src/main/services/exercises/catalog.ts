/**
 * The built-in curriculum: every resources/exercises/*.json, validated when read. An exercise's id
 * is its file name without ".json"; the list is ordered by file name (files start with a number).
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parseExerciseText, type Exercise } from '../../../shared/exercise-schema';
import { LabFault } from '../../../shared/result';

export interface CatalogEntry {
  id: string;
  path: string;
  exercise: Exercise;
}

export class ExerciseCatalog {
  constructor(
    /** The folder holding the exercise files. */
    readonly dir: string,
    /** The scenario "default" stands for. */
    readonly defaultScenarioPath: string,
  ) {}

  async ids(): Promise<string[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    return names
      .filter((n) => n.endsWith('.json'))
      .map((n) => n.slice(0, -'.json'.length))
      .sort();
  }

  /** Reads and validates one exercise; a bad file is refused naming the file and the field. */
  async get(id: string): Promise<CatalogEntry> {
    if (!(await this.ids()).includes(id))
      throw new LabFault('not-found', `There is no exercise "${id}".`, { field: 'id' });
    const path = join(this.dir, `${id}.json`);
    try {
      return { id, path, exercise: parseExerciseText(await readFile(path, 'utf8')) };
    } catch (e) {
      if (e instanceof LabFault) throw new LabFault(e.code, `${id}.json: ${e.message}`, e.extra);
      throw e;
    }
  }

  async all(): Promise<CatalogEntry[]> {
    return Promise.all((await this.ids()).map((id) => this.get(id)));
  }

  /** The scenario file an exercise starts from. */
  scenarioPath(entry: CatalogEntry): string {
    const s = entry.exercise.scenario;
    if (s === 'default') return this.defaultScenarioPath;
    return isAbsolute(s.file) ? s.file : resolve(dirname(entry.path), s.file);
  }
}
