// The livestream overlay: one scene (poll, question, board or quiz) for a video mixer's browser
// source, on a transparent page. It shows the scene's live data in a side panel or a lower third,
// and nothing at all when the scene has nothing to show, when the token is missing or refused, or
// after a long loss of the network (a short one keeps the picture while the connection catches up).
import type { View } from '../core/component.js';
import { h } from '../core/dom.js';
import { LiveEvent, type Status } from '../core/live.js';
import type { EventState } from '../core/types.js';
import { ot } from './text.js';
import type { OverlayScene } from './params.js';
import { pick, type Pick } from './scenes.js';

/** How long a panel takes to leave (its fade-out; at once under prefers-reduced-motion). */
const LEAVE_MS = 450;
/** Offline this long, the last picture goes off air (it comes back with the next snapshot). */
export const STALE_MS = 60_000;

interface Shown {
  key: string;
  pick: Pick;
  view: View<EventState>;
  panel: HTMLElement;
}

export class OverlayApp {
  /** The connection, for the tests and the curious: never visible on air. */
  private readonly status = h('div', { class: 'status', attrs: { hidden: true } });
  private current: Shown | null = null;
  private state: EventState | null = null;
  private live: LiveEvent | null = null;
  private stale: ReturnType<typeof setTimeout> | null = null;
  /** Off air after a long loss of the network, until the connection is live again. */
  private offAir = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly scene: OverlayScene | null,
  ) {
    root.dataset.scene = scene ?? 'none';
    root.append(this.status);
    let resize: ReturnType<typeof setTimeout> | null = null;
    window.addEventListener('resize', () => {
      if (resize) clearTimeout(resize);
      resize = setTimeout(() => this.state && this.render(this.state), 200);
    });
  }

  start(token: string | null): void {
    document.title = ot('title');
    if (!token) {
      this.setStatus('unauthorized');
      return;
    }
    this.setStatus('connecting');
    this.live = new LiveEvent({
      token,
      onChange: (state) => this.render(state),
      onStatus: (status) => this.setStatus(status),
    });
  }

  private setStatus(status: Status): void {
    this.status.dataset.status = status;
    this.root.dataset.status = status;
    if (status === 'live' || status === 'connecting') {
      if (this.stale) clearTimeout(this.stale);
      this.stale = null;
      this.offAir = false;
      return;
    }
    if (status === 'unauthorized') {
      this.state = null;
      this.show(null);
      return;
    }
    // Reconnecting or offline: the picture stays a while, then goes off air.
    this.stale ??= setTimeout(() => {
      this.stale = null;
      this.offAir = true;
      this.show(null);
    }, STALE_MS);
  }

  private render(state: EventState): void {
    this.state = state;
    document.title = `${state.name} · ${ot('title')}`;
    if (this.offAir) return;
    this.show(pick(this.scene, state, () => this.live?.quiz ?? null));
  }

  private show(next: Pick | null): void {
    const state = this.state;
    if (next && state && this.current?.key === next.key) {
      this.current.view.update(next.view(state));
      return;
    }
    const old = this.current;
    this.current = null;
    if (old) this.leave(old);
    this.root.dataset.shown = next && state ? 'true' : 'false';
    if (!next || !state) return;
    const view = next.make();
    const panel = h('div', { class: `ov-panel ov-${next.layout} entering` }, view.el);
    const entered = (event: AnimationEvent): void => {
      if (event.target !== panel) return;
      panel.classList.remove('entering');
      panel.removeEventListener('animationend', entered);
    };
    panel.addEventListener('animationend', entered);
    this.current = { key: next.key, pick: next, view, panel };
    this.root.append(panel);
    view.update(next.view(state));
  }

  private leave(old: Shown): void {
    old.view.destroy();
    old.panel.classList.remove('entering');
    old.panel.classList.add('leaving');
    old.panel.setAttribute('aria-hidden', 'true');
    const reduced = matchMedia('(prefers-reduced-motion: reduce)').matches;
    setTimeout(() => old.panel.remove(), reduced ? 0 : LEAVE_MS);
  }
}
