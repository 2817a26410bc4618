import { Injectable } from '@nestjs/common';

/**
 * The in-process events between features. The core names none: the feature that emits one adds it
 * here by module augmentation, beside the code that emits it, so every emit and every handler is
 * type-checked against one payload type:
 *
 *     declare module '../common/app-events.js' {
 *       interface AppEventMap {
 *         '<feature>.<what>-changed': WhatChanged;
 *       }
 *     }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by module augmentation
export interface AppEventMap {}

export type EventHandler<T> = (payload: T) => void | Promise<void>;

/**
 * A typed event bus, one per app (never crosses nodes: handlers see the changes made on their own
 * node). Handlers are registered at module init; an emitter emits after its change is stored.
 *
 * `emit` runs the handlers one after another, in the order they were registered, and resolves when
 * all are done: a command's ack then comes after everything its change set off (say, a result's
 * ack after the predictions it decides are settled and scored). A failing handler does not stop the others;
 * `emit` then rejects with the first failure, so the command answers an error ack although its own
 * change is stored. The client sends it again, so handlers must be idempotent, and an emitter emits
 * again when it is sent the same change again.
 */
export class TypedEvents<M extends object> {
  private readonly handlers = new Map<keyof M, EventHandler<never>[]>();

  /** Adds a handler; answers a function that removes it. */
  on<K extends keyof M>(name: K, handler: EventHandler<M[K]>): () => void {
    const list = this.handlers.get(name) ?? [];
    list.push(handler);
    this.handlers.set(name, list);
    return () => {
      const at = list.indexOf(handler);
      if (at >= 0) list.splice(at, 1);
    };
  }

  async emit<K extends keyof M>(name: K, payload: M[K]): Promise<void> {
    const handlers = [...((this.handlers.get(name) ?? []) as EventHandler<M[K]>[])];
    let failure: { error: unknown } | null = null;
    for (const handler of handlers) {
      try {
        await handler(payload);
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }
}

/** The app's bus over every feature's events (provided by the global `CommonModule`). */
@Injectable()
export class AppEvents extends TypedEvents<AppEventMap> {}
