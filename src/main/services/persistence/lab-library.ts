/**
 * Several named labs, each saved continuously: which one is open, creating, switching, resetting
 * and deleting labs, opening a scenario file as a new lab, and bringing a lab back after a crash.
 * Whatever is in the data folder, the app starts: a damaged or inconsistent state file is moved
 * aside and the lab restarts from its scenario; a lab whose scenario copy is unusable too is rebuilt
 * from where it came from (or the built-in lab); a lab folder that is not a lab any more (lab.json
 * unreadable) is moved aside whole and the others stay listed. Each time the user gets a notice
 * naming what was moved where; nothing is deleted.
 */
import { basename, join } from 'node:path';
import type { LabEntry, LabNotice, LabsInfo } from '../../../shared/contract';
import { LabFault } from '../../../shared/result';
import type { Engine } from '../../engine/engine';
import {
  parseEngineStateSteps,
  restoreEngineState,
  serializeEngineStateParts,
  serializeEngineStateSteps,
} from '../../engine/persistence/engine-state';
import { loadScenarioTextSteps } from '../../engine/world/load-scenario-steps';
import { checkSnapshot } from '../../engine/world/invariants';
import type { World } from '../../engine/world/world';
import { createLabEngine } from '../lab-engine';
import { moveAside } from './atomic-file';
import { readScenarioFile } from './bounded-read';
import { runInChunks } from './chunked';
import { LabStore } from './lab-store';
import { StateSaver, type StateSaverOptions } from './state-saver';

export interface LabLibraryOptions {
  /** The app's data folder; labs live in <dataDir>/labs. */
  dataDir: string;
  /** The scenario "default" means (the built-in lab, or --lab in browser mode). */
  defaultScenarioPath: string;
  /** How that scenario is shown ("built-in: default"). */
  defaultScenarioLabel: string;
  /** Saver timing (tests and the crash harness keep the defaults). */
  saver?: Pick<StateSaverOptions, 'minDelayMs' | 'lazyDelayMs'>;
  log?: (message: string) => void;
  now?: () => Date;
}

/** A lab ready to serve: its engine (world inside) and where its scenario came from. */
export interface OpenedLab {
  name: string;
  engine: Engine;
  source: string;
}

/** What the library needs from the service: swap the world and engine in, tell clients. */
export interface LabHost {
  replaceLab(engine: Engine, source: string): void;
}

const DEFAULT_LAB = 'default';

export class LabLibrary {
  private current: OpenedLab | null = null;
  private saver: StateSaver | null = null;
  private unwatch: (() => void) | null = null;
  private host: LabHost | null = null;
  private readonly notices: LabNotice[] = [];
  private noticeSeq = 0;
  /** Lab operations run one at a time (a switch must not interleave with a reset). */
  private chain: Promise<unknown> = Promise.resolve();
  readonly store: LabStore;
  private readonly log: (message: string) => void;
  private readonly now: () => Date;

  private constructor(private readonly options: LabLibraryOptions) {
    this.store = new LabStore(join(options.dataDir, 'labs'));
    this.log = options.log ?? ((m) => console.log(`[labs] ${m}`));
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Cleans up after any crash and opens the last used lab (creating "default" from the default
   * scenario on first start). Call attach() once the service exists.
   */
  static async start(options: LabLibraryOptions): Promise<{ library: LabLibrary; opened: OpenedLab }> {
    const library = new LabLibrary(options);
    const removed = await library.store.init(library.now());
    if (removed.length) library.log(`removed leftovers of an interrupted run: ${removed.join(', ')}`);
    const setAside = await library.setAsideUnreadableLabs();
    const last = await library.store.lastUsed();
    let name = last ? await library.store.find(last) : null;
    let fresh: World | undefined;
    if (!name) {
      name = (await library.store.list())[0]?.name ?? null;
      if (!name) {
        fresh = await library.createFolder(DEFAULT_LAB, 'default');
        name = DEFAULT_LAB;
        if (setAside.length)
          library.notify(
            DEFAULT_LAB,
            `No usable lab was left, so the lab "${DEFAULT_LAB}" was created from ${options.defaultScenarioLabel}.`,
          );
      }
    }
    const opened = await library.load(name, fresh);
    await library.activate(opened);
    return { library, opened };
  }

  /** Connects the service whose world and engine switches replace. */
  attach(host: LabHost): void {
    this.host = host;
  }

  get currentName(): string {
    return this.current?.name ?? '';
  }

  // ---- calls ------------------------------------------------------------------------------------

  info(): Promise<LabsInfo> {
    return this.serial(() => this.infoNow());
  }

  create(name: string, scenario: string, open: boolean): Promise<LabsInfo> {
    return this.serial(async () => {
      await this.ensureFree(name, 'name');
      const world = await this.createFolder(name, scenario, 'scenario');
      if (open) await this.switchTo(name, world);
      return this.infoNow();
    });
  }

  open(name: string): Promise<LabsInfo> {
    return this.serial(async () => {
      const found = await this.existing(name);
      if (found !== this.current?.name) await this.switchTo(found);
      return this.infoNow();
    });
  }

  reset(): Promise<LabsInfo> {
    return this.serial(async () => {
      const name = this.current!.name;
      const meta = await this.store.meta(name);
      const source = meta?.scenario ?? name;
      const world = await this.scenarioWorld(name, source);
      await this.replace({ name, engine: createLabEngine(world), source });
      return this.infoNow();
    });
  }

  delete(name: string): Promise<LabsInfo> {
    return this.serial(async () => {
      const found = await this.existing(name);
      if (found === this.current?.name)
        throw new LabFault('conflict', `The lab "${found}" is open; open another lab before deleting it.`, {
          field: 'name',
        });
      await this.store.delete(found);
      this.log(`deleted lab "${found}"`);
      return this.infoNow();
    });
  }

  openScenarioFile(path: string, name?: string): Promise<LabsInfo> {
    return this.serial(async () => {
      const labName = name ?? (await this.freeNameFor(path));
      await this.ensureFree(labName, 'name');
      const world = await this.createFolder(labName, path, 'path');
      await this.switchTo(labName, world);
      return this.infoNow();
    });
  }

  dismissNotice(id: string): Promise<LabsInfo> {
    return this.serial(() => {
      const i = this.notices.findIndex((n) => n.id === id);
      if (i < 0) throw new LabFault('not-found', `No notice with id "${id}".`, { field: 'id' });
      this.notices.splice(i, 1);
      return this.infoNow();
    });
  }

  /** Writes pending changes now (before a planned exit). */
  async flush(): Promise<void> {
    await this.saver?.flush();
  }

  /** Final save; the library stops saving. */
  async close(): Promise<void> {
    await this.serial(async () => {
      this.unwatch?.();
      this.unwatch = null;
      await this.saver?.dispose();
      this.saver = null;
    });
  }

  // ---- internals --------------------------------------------------------------------------------

  private serial<T>(fn: () => T | Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async infoNow(): Promise<LabsInfo> {
    const labs: LabEntry[] = (await this.store.list()).map((m) => ({
      name: m.name,
      scenario: m.scenario,
      createdAt: m.createdAt,
      savedAt: m.savedAt,
      current: m.name === this.current?.name,
    }));
    return { current: this.current?.name ?? '', labs, notices: this.notices.map((n) => ({ ...n })) };
  }

  private async existing(name: string): Promise<string> {
    const found = await this.store.find(name);
    if (!found) throw new LabFault('not-found', `There is no saved lab named "${name}".`, { field: 'name' });
    return found;
  }

  private async ensureFree(name: string, field: string): Promise<void> {
    if (await this.store.find(name))
      throw new LabFault('conflict', `A lab named "${name}" already exists.`, { field });
  }

  /** "web-tier.json" → "web-tier", "web-tier-2", … (a free, valid lab name). */
  private async freeNameFor(path: string): Promise<string> {
    const stem =
      basename(path)
        .replace(/\.json$/i, '')
        .replace(/[^A-Za-z0-9 ._-]/g, '-')
        .replace(/^[^A-Za-z0-9]+/, '')
        .replace(/[. ]+$/, '')
        .slice(0, 56) || 'scenario';
    for (let i = 1; ; i++) {
      const candidate = i === 1 ? stem : `${stem}-${i}`;
      if (!(await this.store.find(candidate))) return candidate;
    }
  }

  /**
   * Reads and validates a scenario ('default' or a path), then creates the lab folder holding a copy
   * of it. A bad file is refused with the offending field named; `field` names the argument at fault
   * when the file cannot be read at all.
   */
  private async createFolder(name: string, scenario: string, field = 'scenario'): Promise<World> {
    const isDefault = scenario === 'default';
    const path = isDefault ? this.options.defaultScenarioPath : scenario;
    const text = await readScenarioFile(path, field);
    // Parsed, validated and built a chunk at a time (the current lab keeps answering meanwhile);
    // throws invalid-scenario naming the field, and nothing has changed yet.
    const world = await runInChunks(loadScenarioTextSteps(text));
    await this.store.create(name, text, isDefault ? this.options.defaultScenarioLabel : path, this.now());
    this.log(`created lab "${name}" from ${isDefault ? this.options.defaultScenarioLabel : path}`);
    return world;
  }

  private notify(lab: string, message: string, movedTo?: string): void {
    this.notices.push({
      id: `lab-notice-${++this.noticeSeq}`,
      lab,
      message,
      at: this.now().toISOString(),
      ...(movedTo ? { movedTo } : {}),
    });
    this.log(message);
  }

  /** Lab folders without a readable lab.json leave the list whole, into damaged-labs/; the user is told. */
  private async setAsideUnreadableLabs(): Promise<string[]> {
    const names = await this.store.unreadable();
    for (const name of names) {
      const movedTo = await this.store.moveLabAside(name, this.now());
      this.notify(
        name,
        `The lab "${name}" could not be read (its lab.json is missing or damaged). The whole folder was moved aside to ${movedTo}; the other labs are unaffected.`,
        movedTo,
      );
    }
    return names;
  }

  /**
   * Opens a lab from its saved state, or from its scenario when it was never saved. A state file
   * that cannot be read, or that breaks the world's invariants (a VM in two places, a duplicate
   * UUID or MAC, a vCenter without users, a field of the wrong type), is moved aside (kept for
   * inspection), the user gets a notice, and the lab starts again from its scenario.
   */
  private async load(name: string, fresh?: World): Promise<OpenedLab> {
    const meta = await this.store.meta(name);
    const source = meta?.scenario ?? name;
    // Just created: its scenario was loaded to validate it, and there is no state yet.
    if (fresh) return { name, engine: createLabEngine(fresh), source };
    const restored = await this.restore(name);
    if (restored) return { name, engine: restored, source };
    return { name, engine: createLabEngine(await this.scenarioWorld(name, source)), source };
  }

  /** The lab's saved state as a running engine; null when there is none or it was moved aside. */
  private async restore(name: string): Promise<Engine | null> {
    let problem: string;
    let inconsistent = false;
    try {
      const text = await this.store.readState(name);
      if (text === null) return null;
      const state = await runInChunks(parseEngineStateSteps(text));
      const violations = await runInChunks(checkSnapshot(state.world));
      if (violations.length === 0) {
        const { engine, report } = restoreEngineState(state);
        await runInChunks(engine.world.buildIndexSteps());
        engine.setSpeed(report.speed);
        if (report.interruptedTaskIds.length)
          this.log(`lab "${name}": ${report.interruptedTaskIds.length} interrupted task(s) marked failed`);
        return engine;
      }
      inconsistent = true;
      problem = violations
        .slice(0, 3)
        .map((v) => `world.${v.field}: ${v.message}`)
        .join('; ');
    } catch (e) {
      problem = (e as Error).message;
    }
    const movedTo = await moveAside(this.store.stateFile(name), this.now());
    this.notify(
      name,
      `The saved state of lab "${name}" ${inconsistent ? 'is inconsistent' : 'could not be read'} (${problem}). It was moved aside to ${movedTo} and the lab was started again from its scenario.`,
      movedTo,
    );
    return null;
  }

  /**
   * The world of the lab's scenario copy. When that copy is unusable too, it is moved aside and
   * rebuilt from the file the lab was created from, or else the built-in lab, saying so.
   */
  private async scenarioWorld(name: string, source: string): Promise<World> {
    let why: string;
    try {
      return await runInChunks(loadScenarioTextSteps(await this.store.readScenario(name)));
    } catch (e) {
      why = (e as Error).message;
    }
    const movedTo = await moveAside(this.store.scenarioFile(name), this.now()).catch(() => undefined);
    for (const [path, label] of this.rebuildSources(source)) {
      try {
        const text = await readScenarioFile(path, 'scenario');
        const world = await runInChunks(loadScenarioTextSteps(text));
        await this.store.writeScenario(name, text);
        this.notify(
          name,
          `Lab "${name}" had nothing usable (its scenario copy: ${why}${movedTo ? `; moved aside to ${movedTo}` : ''}), so it was rebuilt from ${label}.`,
          movedTo,
        );
        return world;
      } catch {
        // That source is gone or bad too: the next one.
      }
    }
    throw new LabFault('invalid-scenario', `Lab "${name}" cannot be rebuilt: ${why}`, { field: 'name' });
  }

  /** Where an unusable lab can be rebuilt from: its original scenario file if it had one, then the built-in lab. */
  private rebuildSources(source: string): [string, string][] {
    const builtIn: [string, string] = [this.options.defaultScenarioPath, this.options.defaultScenarioLabel];
    const fromFile = source !== this.options.defaultScenarioLabel && !source.startsWith('built-in');
    return fromFile ? [[source, `its scenario file ${source}`], builtIn] : [builtIn];
  }

  private async switchTo(name: string, fresh?: World): Promise<void> {
    // Save the lab being left first, so switching back finds it exactly as it was.
    await this.saver?.flush();
    await this.replace(await this.load(name, fresh));
  }

  private async replace(opened: OpenedLab): Promise<void> {
    this.unwatch?.();
    this.unwatch = null;
    await this.saver?.dispose();
    this.saver = null;
    this.host?.replaceLab(opened.engine, opened.source);
    await this.activate(opened);
  }

  /** Makes a lab current: remember it, save it now (a restored lab's repairs go to disk at once), watch it. */
  private async activate(opened: OpenedLab): Promise<void> {
    this.current = opened;
    const { engine } = opened;
    const saver = new StateSaver({
      file: this.store.stateFile(opened.name),
      serialize: () => serializeEngineStateParts(engine),
      serializeSteps: () => serializeEngineStateSteps(engine),
      ...this.options.saver,
      onError: (e) => this.log(`saving lab "${opened.name}" failed: ${e.message}`),
    });
    this.saver = saver;
    let lastRevision = engine.world.revision;
    const unsubscribe = engine.subscribe((u) => {
      const changed =
        u.tasks.length > 0 ||
        u.events.length > 0 ||
        u.inventoryChanged.length > 0 ||
        u.drsChanged.length > 0 ||
        u.revision !== lastRevision;
      lastRevision = u.revision;
      saver.markDirty(!changed);
    });
    // Some calls change the world outside the engine (a vCenter's certificate); while the clock is
    // paused no engine update would notice, so look at the revision now and then.
    const poll = setInterval(() => {
      if (engine.world.revision === lastRevision) return;
      lastRevision = engine.world.revision;
      saver.markDirty();
    }, 2000);
    poll.unref();
    this.unwatch = () => {
      unsubscribe();
      clearInterval(poll);
    };
    await saver.flush(true);
    await this.store.setLastUsed(opened.name);
  }
}
