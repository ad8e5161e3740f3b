import type { CallName, PushName, PushPayload } from '../../shared/contract';
import type { Result } from '../../shared/result';
import type { World } from '../engine/world/world';
import { dispatch, type CallContext, type Handlers } from './dispatch';
import { inventoryHandlers } from './handlers/inventory-handlers';

/** Receives push events; `clientId` set means "only for that client". */
export type PushSink = <K extends PushName>(name: K, payload: PushPayload<K>, clientId?: string) => void;

export interface LabServiceOptions {
  world: World;
  /** Where the world came from, shown to the user ("built-in: default" or a file path). */
  source: string;
}

/**
 * The one service behind both transports. It owns the lab (world and engine) and answers contract
 * calls; transports only move messages. Handlers are grouped by area in ./handlers.
 */
export class LabService {
  world: World;
  source: string;
  readonly handlers: Handlers;
  private readonly sinks = new Set<PushSink>();

  constructor(options: LabServiceOptions) {
    this.world = options.world;
    this.source = options.source;
    this.handlers = { ...inventoryHandlers(this) };
  }

  /** Runs one contract call: validated, dispatched, always answered with a Result. */
  call(name: CallName | string, args: unknown, ctx: CallContext): Promise<Result<unknown>> {
    return dispatch(this.handlers, name, args, ctx);
  }

  subscribe(sink: PushSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  emit<K extends PushName>(name: K, payload: PushPayload<K>, clientId?: string): void {
    for (const sink of this.sinks) sink(name, payload, clientId);
  }

  /** A client went away (window closed, socket dropped): forget what was kept for it. */
  disconnect(_clientId: string): void {}

  dispose(): void {
    this.sinks.clear();
  }
}
