import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import type { Identity } from './identity.js';
import { personDigest } from './person-digest.js';
import { REVOCATION_STORE, type RevocationStore } from './revocation.store.js';

/** How old this node's copy of an event's list may be when a handshake or HTTP call reads it. */
export const REVOCATIONS_REFRESH_MS = 5000;

/**
 * Which audience tokens are refused: those of erased people (the store's revocation list) and
 * those of an older generation than the event's (issued before a reset). Every check reads this
 * node's copy of the list, which costs a map lookup while nobody of the event was erased: an erasure
 * reaches every node at once (the events' signals); the handshake and HTTP also re-read the list
 * from the store when the copy is older than REVOCATIONS_REFRESH_MS, so a signal a node missed (its
 * Redis connection was down) is made up within that time.
 */
@Injectable()
export class Revocations {
  /** Per event: the digests revoked, as this node knows them. */
  private readonly local = new Map<string, Set<string>>();
  /** Per event: the last read of the store's list (in flight or done), and when it was asked. */
  private readonly reads = new Map<string, { at: number; done: Promise<void> }>();
  /** Per event: the audience tokens' generation, as this node last saw it. */
  private readonly generations = new Map<string, number>();
  /** A socket's identity is one object for its life: its digest is computed once. */
  private readonly digests = new WeakMap<Identity, string>();

  constructor(
    private readonly config: AppConfig,
    @Inject(REVOCATION_STORE) private readonly store: RevocationStore,
  ) {}

  digest(eventId: string, personId: string): string {
    return personDigest(this.config.authSecret, eventId, personId);
  }

  /** Handshake and HTTP: this node's copy, re-read from the store first when it is old. */
  async isRevoked(identity: Identity, event: { generation?: number }): Promise<boolean> {
    if (identity.role !== 'audience') return false;
    this.generation(identity.eventId, event.generation ?? 0, false);
    await this.refresh(identity.eventId);
    return this.refusedHere(identity);
  }

  /** Every socket command: this node's copy, synchronously. */
  refusedHere(identity: Identity): boolean {
    if (identity.role !== 'audience') return false;
    if (this.stale(identity)) return true;
    const revoked = this.local.get(identity.eventId);
    return revoked !== undefined && revoked.size > 0 && revoked.has(this.digestOf(identity));
  }

  /** Erasure: stored, then known here; other nodes learn it from the signal (`learn`). */
  async revoke(eventId: string, personId: string): Promise<string> {
    const digest = this.digest(eventId, personId);
    await this.store.revoke(eventId, digest);
    this.learn(eventId, digest);
    return digest;
  }

  learn(eventId: string, digest: string): void {
    let set = this.local.get(eventId);
    if (!set) this.local.set(eventId, (set = new Set<string>()));
    set.add(digest);
  }

  /** The event's generation as read; `reset`: a reset raised it, and cleared the revocation list. */
  generation(eventId: string, generation: number, reset = true): void {
    const known = this.generations.get(eventId) ?? 0;
    if (generation > known) this.generations.set(eventId, generation);
    if (!reset) return;
    this.local.delete(eventId);
    this.reads.delete(eventId);
  }

  /** The event was deleted: nothing of it is kept here. */
  forget(eventId: string): void {
    this.local.delete(eventId);
    this.reads.delete(eventId);
    this.generations.delete(eventId);
  }

  private stale(identity: Identity): boolean {
    return (identity.generation ?? 0) < (this.generations.get(identity.eventId) ?? 0);
  }

  private digestOf(identity: Identity): string {
    let digest = this.digests.get(identity);
    if (digest === undefined) {
      digest = this.digest(identity.eventId, identity.id);
      this.digests.set(identity, digest);
    }
    return digest;
  }

  /** This node's copy of the event's list, read again from the store once it is older than the refresh time. */
  private refresh(eventId: string): Promise<void> {
    const now = Date.now();
    const last = this.reads.get(eventId);
    if (last && now - last.at < REVOCATIONS_REFRESH_MS) return last.done;
    // What the store lists is added, never replaced: a digest learnt while the read was on its way stays.
    const done = this.store.list(eventId).then(
      (digests) => digests.forEach((d) => this.learn(eventId, d)),
      (err: unknown) => {
        if (this.reads.get(eventId)?.done === done) this.reads.delete(eventId);
        throw err;
      },
    );
    this.reads.set(eventId, { at: now, done });
    return done;
  }
}
