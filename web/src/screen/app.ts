// The big screen: one stage where scenes fade in and out, the join QR in a corner, the reaction
// meter along the side, stage cues on top, and a tiny status dot while the screen is not live.
// A screen that loses the network keeps its last picture: nothing is cleared until a new state says so.
import { View } from '../core/component.js';
import { fill, h } from '../core/dom.js';
import { localeSwitch, onLocale, statusText } from '../core/i18n.js';
import { LiveEvent, type Status } from '../core/live.js';
import type { EventState } from '../core/types.js';
import { BoardScene } from './board.js';
import { choose, keyOf, type Choice } from './choose.js';
import { CueOverlay } from './cue.js';
import { t } from './words.js';
import { BlankScene, JoinScene } from './join.js';
import { PollScene } from './poll.js';
import { PredictorsScene } from './predictors.js';
import { breakable, joinUrl, qrSvg, shortUrl } from './qr.js';
import { QuestionScene } from './question.js';
import { QuizScene } from './quiz.js';
import { ReactionMeter } from './reactions.js';

const LEAVE_MS = 700;

function sceneFor(choice: Choice, state: EventState, live: LiveEvent | null): View<EventState> {
  switch (choice.kind) {
    case 'quiz':
      return new QuizScene(choice.quiz.id, () => live?.quiz ?? null);
    case 'poll':
      return new PollScene(choice.poll.id);
    case 'question':
      return new QuestionScene(choice.question);
    case 'board':
      return new BoardScene();
    case 'predictors':
      return new PredictorsScene();
    case 'join':
      return new JoinScene(state);
    case 'blank':
      return new BlankScene();
  }
}

export class ScreenApp {
  private readonly stage = h('main', { class: 'stage' });
  private readonly eventName = h('div', { class: 'event-name', attrs: { dir: 'auto' } });
  private readonly corner = h('aside', { class: 'corner-qr' });
  private readonly status = h('div', { class: 'status', attrs: { role: 'status' } });
  private readonly notice = h('div', { class: 'notice hidden' });
  private readonly meter = new ReactionMeter();
  private readonly cue = new CueOverlay((full) => this.root.classList.toggle('cue-full', full));
  private current: { key: string; view: View<EventState> } | null = null;
  private state: EventState | null = null;
  /** Server time minus local time, measured at each snapshot (countdowns run on the server's clock). */
  private offset = 0;
  private cornerFor = '';
  private live: LiveEvent | null = null;

  constructor(private readonly root: HTMLElement) {
    this.build();
    onLocale(() => this.relabel());
    let resize: ReturnType<typeof setTimeout> | null = null;
    window.addEventListener('resize', () => {
      if (resize) clearTimeout(resize);
      resize = setTimeout(() => this.state && this.current?.view.update(this.state), 200);
    });
  }

  /** Connects with the screen token; without one, says how to open the screen. */
  start(token: string | null): void {
    if (!token) {
      this.showNotice(t('noToken'));
      this.setStatus('unauthorized');
      return;
    }
    this.setStatus('connecting');
    this.live = new LiveEvent({
      token,
      onChange: (state) => this.render(state),
      onStatus: (status) => this.setStatus(status),
      onBurst: (burst) => {
        if (this.root.dataset.scene !== 'blank') this.meter.update(burst);
      },
    });
  }

  private build(): void {
    const language = localeSwitch();
    language.setAttribute('aria-label', t('language'));
    fill(
      this.root,
      h('header', { class: 'screen-top' }, this.eventName),
      this.stage,
      this.corner,
      this.meter.el,
      this.cue.el,
      this.notice,
      this.status,
      h('div', { class: 'locale-corner' }, language),
    );
  }

  /** The language changed: every word on the screen again, the scene rebuilt in place. */
  private relabel(): void {
    this.cornerFor = '';
    const old = this.current;
    this.current = null;
    old?.view.destroy();
    old?.view.el.remove();
    const language = this.root.querySelector('.locale-switch');
    language?.setAttribute('aria-label', t('language'));
    this.meter.el.setAttribute('aria-label', t('reactions'));
    this.setStatus(this.live?.status ?? 'unauthorized');
    if (this.state) this.render(this.state, false);
    else if (!this.live) this.showNotice(t('noToken'));
  }

  private setStatus(status: Status): void {
    this.status.dataset.status = status;
    this.status.title = statusText(status);
    this.status.setAttribute('aria-label', statusText(status));
    // Only a screen that never had a picture says so in words; otherwise the dot is enough.
    if (!this.state && status !== 'live' && status !== 'connecting') this.showNotice(statusText(status));
    else if (this.state || status === 'live') this.notice.classList.add('hidden');
  }

  private showNotice(text: string): void {
    this.notice.textContent = text;
    this.notice.classList.remove('hidden');
  }

  private render(state: EventState, animate = true): void {
    if (state !== this.state) this.offset = state.serverTime - Date.now();
    this.state = state;
    this.notice.classList.add('hidden');
    this.eventName.textContent = state.name;
    document.title = `${state.name} · Screen`;
    this.renderCorner(state);
    const choice = choose(state);
    this.show(choice, state, animate);
    this.cue.update({ cue: state.stage.cue, offset: this.offset });
  }

  private renderCorner(state: EventState): void {
    const url = joinUrl(state.eventId);
    if (url === this.cornerFor) return;
    this.cornerFor = url;
    fill(
      this.corner,
      qrSvg(url, t('scanToJoin')),
      h('span', { class: 'corner-label' }, t('scanToJoin')),
      h('span', { class: 'corner-url', attrs: { dir: 'ltr' } }, ...breakable(shortUrl(url))),
    );
  }

  private show(choice: Choice, state: EventState, animate: boolean): void {
    const key = keyOf(choice);
    this.root.dataset.scene = choice.kind;
    if (this.current?.key === key) {
      this.current.view.update(state);
      return;
    }
    const old = this.current;
    const view = sceneFor(choice, state, this.live);
    this.current = { key, view };
    if (animate) {
      view.el.classList.add('entering');
      const done = (event: AnimationEvent): void => {
        if (event.target !== view.el) return;
        view.el.classList.remove('entering');
        view.el.removeEventListener('animationend', done);
      };
      view.el.addEventListener('animationend', done);
    }
    this.stage.append(view.el);
    view.update(state);
    if (old) {
      old.view.destroy();
      old.view.el.classList.add('leaving');
      old.view.el.setAttribute('aria-hidden', 'true');
      setTimeout(() => old.view.el.remove(), LEAVE_MS);
    }
  }
}
