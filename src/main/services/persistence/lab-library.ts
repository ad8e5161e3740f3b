/**
 * Several named labs, each saved continuously: which one is open, creating, switching, resetting
 * and deleting labs, opening a scenario file as a new lab, and bringing a lab back after a crash
 * (a damaged state file is moved aside and the user told, never a failed start).
 */
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { LabEntry, LabNotice, LabsInfo } from '../../../shared/contract';
import { LabFault } from '../../../shared/result';
import type { Engine } from '../../engine/engine';
import {
  parseEngineState,
  restoreEngineState,
  serializeEngineState,
} from '../../engine/persistence/engine-state';
import { loadScenarioText } from '../../engine/world/load-scenario';
import { createLabEngine } from '../lab-engine';
import { moveAside } from './atomic-file';
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
    const removed = await library.store.init();
    if (removed.length) library.log(`removed leftovers of an interrupted run: ${removed.join(', ')}`);
    const last = await library.store.lastUsed();
    let name = last ? await library.store.find(last) : null;
    if (!name) {
      name = (await library.store.list())[0]?.name ?? null;
      if (!name) {
        await library.createFolder(DEFAULT_LAB, 'default');
        name = DEFAULT_LAB;
      }
    }
    const opened = await library.load(name);
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
      await this.createFolder(name, scenario, 'scenario');
      if (open) await this.switchTo(name);
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
      const world = loadScenarioText(await this.store.readScenario(name));
      const meta = await this.store.meta(name);
      await this.replace({ name, engine: createLabEngine(world), source: meta?.scenario ?? name });
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
      await this.createFolder(labName, path, 'path');
      await this.switchTo(labName);
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
  private async createFolder(name: string, scenario: string, field = 'scenario'): Promise<void> {
    const isDefault = scenario === 'default';
    const path = isDefault ? this.options.defaultScenarioPath : scenario;
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      throw new LabFault('not-found', `Cannot read the scenario file "${path}": ${(e as Error).message}`, {
        field,
      });
    }
    loadScenarioText(text); // throws invalid-scenario naming the field
    await this.store.create(name, text, isDefault ? this.options.defaultScenarioLabel : path, this.now());
    this.log(`created lab "${name}" from ${isDefault ? this.options.defaultScenarioLabel : path}`);
  }

  /**
   * Opens a lab from its saved state, or from its scenario when it was never saved. A state file
   * that cannot be read is moved aside (kept for inspection), the user gets a notice, and the lab
   * starts again from its scenario.
   */
  private async load(name: string): Promise<OpenedLab> {
    const meta = await this.store.meta(name);
    const source = meta?.scenario ?? name;
    const text = await this.store.readState(name);
    if (text !== null) {
      try {
        const { engine, report } = restoreEngineState(parseEngineState(text));
        engine.setSpeed(report.speed);
        if (report.interruptedTaskIds.length)
          this.log(`lab "${name}": ${report.interruptedTaskIds.length} interrupted task(s) marked failed`);
        return { name, engine, source };
      } catch (e) {
        const movedTo = await moveAside(this.store.stateFile(name), this.now());
        const why = (e as Error).message;
        this.notices.push({
          id: `lab-notice-${++this.noticeSeq}`,
          lab: name,
          message: `The saved state of lab "${name}" could not be read (${why}). It was moved aside to ${movedTo} and the lab was started again from its scenario.`,
          at: this.now().toISOString(),
          movedTo,
        });
        this.log(`lab "${name}": damaged state moved to ${movedTo}: ${why}`);
      }
    }
    const world = loadScenarioText(await this.store.readScenario(name));
    return { name, engine: createLabEngine(world), source };
  }

  private async switchTo(name: string): Promise<void> {
    // Save the lab being left first, so switching back finds it exactly as it was.
    await this.saver?.flush();
    await this.replace(await this.load(name));
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
      serialize: () => serializeEngineState(engine),
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
