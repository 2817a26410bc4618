// The join scene: the QR code, large, and the address to type for those who cannot scan.
import { View } from '../core/component.js';
import { h } from '../core/dom.js';
import type { EventState } from '../core/types.js';
import { t } from './words.js';
import { joinUrl, qrSvg, shortUrl } from './qr.js';

export class JoinScene extends View<EventState> {
  readonly el: HTMLElement;

  constructor(state: EventState) {
    super();
    const url = joinUrl(state.eventId);
    this.el = h(
      'section',
      { class: 'scene scene-join' },
      h('div', { class: 'join-qr' }, qrSvg(url, t('scanToJoin'))),
      h(
        'div',
        { class: 'join-text' },
        h('p', { class: 'join-event', attrs: { dir: 'auto' } }, state.name),
        h('h1', { class: 'big-title' }, t('joinTitle')),
        h('p', { class: 'big-sub' }, t('joinBody')),
        h('p', { class: 'join-url', attrs: { dir: 'ltr' } }, shortUrl(url)),
      ),
    );
  }

  update(): void {
    // The address does not change with the state.
  }
}

/** The blank scene: nothing at all (a video is playing, the stage has the light). */
export class BlankScene extends View<EventState> {
  readonly el = h('section', { class: 'scene scene-blank' });
  update(): void {}
}
