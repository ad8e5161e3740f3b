import { join } from 'node:path';
import type { CallName, PushName, PushPayload } from '../../shared/contract';
import type { Result } from '../../shared/result';
import type { Engine } from '../engine/engine';
import type { World } from '../engine/world/world';
import { createConnections, type Connections } from './connections/connections';
import { SessionManager } from './connections/sessions';
import { dispatch, type CallContext, type Handlers } from './dispatch';
import { appHandlers, type PickFile } from './handlers/app-handlers';
import { certificateHandlers } from './handlers/certificate-handlers';
import { connectionHandlers } from './handlers/connection-handlers';
import { consoleHandlers } from './handlers/console-handlers';
import { hostClusterHandlers } from './handlers/host-cluster-handlers';
import { inventoryHandlers } from './handlers/inventory-handlers';
import { labControlsHandlers } from './handlers/lab-controls-handlers';
import { labHandlers } from './handlers/lab-handlers';
import { migrationHandlers } from './handlers/migration-handlers';
import { pingHandlers } from './handlers/ping-handlers';
import { placementHandlers } from './handlers/placement-handlers';
import { sessionHandlers } from './handlers/session-handlers';
import { taskEventHandlers } from './handlers/task-event-handlers';
import { vmHandlers } from './handlers/vm-handlers';
import type { LabContext } from './lab-context';
import { createLabEngine, forwardEngineUpdates } from './lab-engine';
import type { LabLibrary } from './persistence/lab-library';
import { memoryConnectionStorage } from './storage/memory-connection-storage';
import type { ConnectionStorage } from './storage/secret-protector';
import { exerciseHandlers } from './handlers/exercise-handlers';
import { ExerciseCatalog } from './exercises/catalog';
import { ExerciseService } from './exercises/exercise-service';
import { defaultLabPath, resourcesDir } from '../paths';
import type { CertificateIssuer, VsphereApiControl } from './vsphere-api-control';
import { vsphereApiHandlers } from './handlers/vsphere-api-handlers';
import { scopePush } from './push-scope';

/**
 * How vCenter records logins in its event log: event type, message, severity. A failed login is a
 * BadUsernameSessionEvent ("Cannot login user@address"; the lab's clients all come from loopback).
 */
const AUDIT_EVENTS: Record<
  'login' | 'logout' | 'failed',
  (user: string) => [string, string, 'info' | 'warning' | 'error']
> = {
  login: (user) => ['UserLoginSessionEvent', `User ${user} logged in as VMware vSphere Client`, 'info'],
  logout: (user) => ['UserLogoutSessionEvent', `User ${user} logged out`, 'info'],
  failed: (user) => ['BadUsernameSessionEvent', `Cannot login ${user}@127.0.0.1`, 'error'],
};

/** Receives push events; `clientId` set means "only for that client". */
export type PushSink = <K extends PushName>(name: K, payload: PushPayload<K>, clientId?: string) => void;

export interface LabServiceOptions {
  world: World;
  /** Where the world came from, shown to the user ("built-in: default" or a file path). */
  source: string;
  /**
   * Where saved connections live: openBrowserConnectionStorage(dir) in browser mode,
   * openElectronConnectionStorage() in Electron. Default: in memory, nothing persisted.
   */
  connectionStorage?: ConnectionStorage;
  /** Idle time before a login session ends (default 120 minutes, the vSphere Client's). */
  sessionIdleMs?: number;
  /** The OS file dialog (Electron only); absent in browser mode, where the UI asks for a path. */
  pickFile?: PickFile;
  /** Wall clock in ms for session expiry; injected by tests. */
  now?: () => number;
  /** An engine already built for `world` (a lab restored from its saved state); default: a new one. */
  engine?: Engine;
  /**
   * The saved labs the world came from (switch, reset, delete); the service attaches itself so
   * switching labs swaps its world and engine. Absent: nothing is persisted (tests, in-memory labs).
   */
  labs?: LabLibrary;
}

/**
 * The one service behind both transports. It owns the lab (world and engine) and answers contract
 * calls; transports only move messages. Handlers are grouped by area in ./handlers.
 */
export class LabService implements LabContext {
  world: World;
  source: string;
  readonly handlers: Handlers;
  /** Login sessions; the gate every vCenter-scoped call asks (`this.sessions.require(ctx, vcId)`). */
  readonly sessions: SessionManager;
  /** Saved connections, their password vault, certificate trust and login. */
  readonly connections: Connections;
  /** The simulation: clock, tasks and events, migrations, DRS, maintenance mode (src/main/engine). */
  engine: Engine;
  /** Saved labs (switch, reset, delete); null when nothing is persisted (tests, in-memory labs). */
  readonly labs: LabLibrary | null;
  /** Wall clock for certificate dates, lastUsed and notices; injected by tests. */
  readonly wallClock: () => Date;
  /** Guided exercises graded from this lab's updates (src/main/services/exercises). */
  readonly exercises: ExerciseService;
  /** Real certificates for the vCenters (attached by the host; null: simulated thumbprints only). */
  certificates: CertificateIssuer | null = null;
  /** The vSphere API endpoints (attached by the host that can serve them; null: not available). */
  vsphereApi: VsphereApiControl | null = null;
  private readonly sinks = new Set<PushSink>();
  private unforward: () => void;

  constructor(options: LabServiceOptions) {
    this.world = options.world;
    this.source = options.source;
    const now = options.now;
    this.wallClock = now ? () => new Date(now()) : () => new Date();
    this.sessions = new SessionManager({
      world: () => this.world,
      idleMs: options.sessionIdleMs,
      now,
      onEnded: ({ clientId, ...end }) => this.emit('session.ended', end, clientId),
      // vCenter records logins in its event log (UserLoginSessionEvent and friends).
      onAudit: ({ vcenterId, user, kind }) => {
        const [type, message, severity] = AUDIT_EVENTS[kind](user);
        this.engine.addEvent(vcenterId, type, message, { user, severity });
      },
    });
    this.connections = createConnections({
      world: () => this.world,
      sessions: this.sessions,
      storage: options.connectionStorage ?? memoryConnectionStorage(),
      emit: (name, payload, clientId) => this.emit(name, payload, clientId),
      now: this.wallClock,
    });
    this.engine = options.engine ?? createLabEngine(this.world);
    this.unforward = forwardEngineUpdates(this.engine, (name, payload) => this.emit(name, payload));
    this.exercises = new ExerciseService(this, {
      catalog: new ExerciseCatalog(join(resourcesDir, 'exercises'), defaultLabPath),
    });
    this.handlers = {
      ...inventoryHandlers(this),
      ...placementHandlers(this),
      ...sessionHandlers(this),
      ...certificateHandlers(this),
      ...connectionHandlers(this),
      ...migrationHandlers(this),
      ...taskEventHandlers(this),
      ...consoleHandlers(this),
      ...hostClusterHandlers(this),
      ...pingHandlers(this),
      ...labControlsHandlers(this),
      ...labHandlers(this),
      ...vmHandlers(this),
      ...appHandlers(options.pickFile),
      ...exerciseHandlers(this),
      ...vsphereApiHandlers(this),
    };
    this.labs = options.labs ?? null;
    this.labs?.attach(this);
  }

  /** Runs one contract call: validated, dispatched, always answered with a Result. */
  call(name: CallName | string, args: unknown, ctx: CallContext): Promise<Result<unknown>> {
    return dispatch(this.handlers, name, args, ctx).then((result) => {
      this.exercises.observeAnswer(name, result);
      return result;
    });
  }

  subscribe(sink: PushSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  emit<K extends PushName>(name: K, payload: PushPayload<K>, clientId?: string): void {
    for (const sink of this.sinks) sink(name, payload, clientId);
  }

  /**
   * What of a push one client may see (push-scope.ts): only what concerns vCenters it has a session
   * on; null when nothing is left for it. Every transport asks this for each of its clients.
   */
  pushFor<K extends PushName>(clientId: string, name: K, payload: PushPayload<K>): PushPayload<K> | null {
    return scopePush(name, payload, this.world, this.sessions.vcentersOf(clientId));
  }

  /**
   * Swaps in another lab (switch, reset, scenario file): the old engine stops, the new one's updates
   * are forwarded, and clients are told to reload. Login sessions stay; the inventory they see changes.
   */
  replaceLab(engine: Engine, source: string): void {
    this.unforward();
    this.engine.dispose();
    this.engine = engine;
    this.world = engine.world;
    this.source = source;
    this.unforward = forwardEngineUpdates(engine, (name, payload) => this.emit(name, payload));
    this.emit('lab.reloaded', { revision: engine.world.revision });
  }

  /** A client went away (window closed, socket dropped): forget what was kept for it. */
  disconnect(clientId: string): void {
    this.sessions.dropClient(clientId);
  }

  dispose(): void {
    this.engine.dispose();
    this.sinks.clear();
  }
}
