// The stage: what the big screens show (the scene) and the cues (announcement, countdown, reveal, clear).
import { View } from '../core/component.js';
import { fill, h, onSubmit } from '../core/dom.js';
import { pickText } from '../core/i18n.js';
import type { Cue, EventState, SceneKind } from '../core/types.js';
import type { Ctx } from './context.js';
import { t } from './words.js';
import { button, choice, command, field, toast, time, tr, trAttr, uid } from './ui.js';

const SCENES = ['auto', 'poll', 'question', 'board', 'predictors', 'join', 'blank'] as const;
const CUE_KINDS = ['announcement', 'countdown', 'reveal'] as const;
const QUICK = [30, 60, 120, 300];

function remaining(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** What the big screens show: a button per scene, and the poll to show. */
class ScreensCard extends View<EventState> {
  readonly el: HTMLElement;
  private readonly now = h('div', { class: 'scene-now' });
  private readonly pollPick = h('select');
  private readonly buttons = new Map<string, HTMLButtonElement>();
  private seen = '';

  constructor(ctx: Ctx) {
    super();
    trAttr(this.pollPick, 'aria-label', 'stage.pollToShow');
    const grid = h('div', { class: 'scene-grid' });
    for (const kind of SCENES) {
      const b = button(
        `scene.${kind}`,
        (btn) => {
          const payload: { kind: SceneKind; pollId?: string } = { kind };
          if (kind === 'poll' && this.pollPick.value) payload.pollId = this.pollPick.value;
          return command(ctx.live, 'screen:scene', payload, [btn]);
        },
        'secondary scene-button',
      );
      b.dataset.scene = kind;
      this.buttons.set(kind, b);
      grid.append(b);
    }
    this.el = h(
      'div',
      { class: 'card screens' },
      h('h2', {}, tr('stage.screens')),
      this.now,
      grid,
      field('stage.pollToShow', this.pollPick),
    );
  }

  update(state: EventState): void {
    const scene = state.screen.scene;
    const polls = state.polls.filter((p) => p.status !== 'draft');
    const sig = JSON.stringify([
      scene,
      polls.map((p) => [p.id, p.question.en, p.status]),
      document.documentElement.lang,
    ]);
    if (sig === this.seen) return;
    this.seen = sig;
    for (const [kind, b] of this.buttons) {
      const active = (scene?.kind ?? 'auto') === kind;
      b.setAttribute('aria-pressed', String(active));
      b.classList.toggle('active', active);
    }
    const poll = scene?.pollId ? state.polls.find((p) => p.id === scene.pollId) : undefined;
    fill(
      this.now,
      h('span', { class: 'muted' }, t('stage.nowShowing')),
      ' ',
      h('strong', {}, scene ? t(`scene.${scene.kind}`) : t('stage.followAction')),
      poll ? h('div', { class: 'small', attrs: { dir: 'auto' } }, pickText(poll.question)) : null,
      scene ? h('div', { class: 'muted small' }, t('stage.since', { time: time(scene.at) })) : null,
    );
    const chosen = this.pollPick.value;
    this.pollPick.replaceChildren(
      h('option', { attrs: { value: '' } }, t('stage.newestOpen')),
      ...polls.map((p) =>
        h('option', { attrs: { value: p.id } }, `${t(`status.${p.status}`)} · ${pickText(p.question)}`),
      ),
    );
    this.pollPick.value = polls.some((p) => p.id === chosen) ? chosen : (scene?.pollId ?? '');
  }
}

/** The cue on stage now (a countdown ticking), and the form that sends the next one. */
class CueCard extends View<EventState> {
  readonly el: HTMLElement;
  private readonly current = h('div', { class: 'cue-now' });
  private readonly kind = choice(CUE_KINDS, (k) => `cue.${k}`, 'announcement');
  private readonly title = h('input', { attrs: { type: 'text', maxlength: 120, dir: 'auto' } });
  private readonly body = h('textarea', { attrs: { rows: 3, maxlength: 1000, dir: 'auto' } });
  private readonly minutes = h('input', { attrs: { type: 'number', min: 0, max: 600, step: 1, inputmode: 'numeric' } });
  private readonly seconds = h('input', { attrs: { type: 'number', min: 0, max: 59, step: 1, inputmode: 'numeric' } });
  private readonly send = h('button', { attrs: { type: 'submit' } }, tr('cue.send'));
  private readonly clear: HTMLButtonElement;
  private readonly countdown = h('strong', { class: 'cue-countdown' });
  private cue: Cue | null = null;
  private seen = '';

  constructor(private readonly ctx: Ctx) {
    super();
    const duration = this.durationField();
    this.clear = button(
      'cue.clear',
      (b) => command(ctx.live, 'stage:cue', { kind: 'clear' }, [b, this.send]),
      'danger',
    );
    const form = h(
      'form',
      { class: 'cue-form', attrs: { novalidate: true } },
      field('cue.kind', this.kind),
      field('cue.titleField', this.title),
      field('cue.body', this.body),
      ...duration,
      h('div', { class: 'row actions' }, this.send, this.clear),
    );
    form.addEventListener(
      'submit',
      onSubmit(() => this.submit()),
    );
    setInterval(() => this.tick(), 500);
    this.el = h('div', { class: 'card cue' }, h('h2', {}, tr('stage.cue')), this.current, form);
  }

  /** Minutes and seconds with quick picks, and a hint that says whether the kind needs them. */
  private durationField(): HTMLElement[] {
    const { minutes, seconds } = this;
    trAttr(minutes, 'placeholder', 'cue.min');
    trAttr(seconds, 'placeholder', 'cue.sec');
    trAttr(minutes, 'aria-label', 'cue.min');
    trAttr(seconds, 'aria-label', 'cue.sec');
    const quick = h('div', { class: 'chips' });
    for (const s of QUICK) {
      const pick = (): void => {
        minutes.value = String(Math.floor(s / 60));
        seconds.value = String(s % 60);
      };
      quick.append(
        h('button', { class: 'chip', attrs: { type: 'button' }, on: { click: pick } }, s < 60 ? `${s}s` : `${s / 60}m`),
      );
    }
    const durationId = uid('dur');
    const durationLabel = h('label', { attrs: { for: durationId } }, tr('cue.duration'));
    minutes.id = durationId;
    const durationHint = h('p', { class: 'muted small' });
    const syncKind = (): void => {
      fill(durationHint, t(this.kind.value === 'countdown' ? 'cue.durationCountdown' : 'cue.durationOptional'));
    };
    this.kind.addEventListener('change', syncKind);
    syncKind();
    return [
      h(
        'div',
        { class: 'field' },
        durationLabel,
        h('div', { class: 'row duration', attrs: { dir: 'ltr' } }, minutes, h('span', {}, ':'), seconds, quick),
      ),
      durationHint,
    ];
  }

  private async submit(): Promise<void> {
    const kind = this.kind.value as (typeof CUE_KINDS)[number];
    const duration = (Number(this.minutes.value || 0) * 60 + Number(this.seconds.value || 0)) * 1000;
    const payload: Omit<Cue, 'id' | 'at'> = { kind };
    if (this.title.value.trim()) payload.title = this.title.value.trim();
    if (this.body.value.trim()) payload.body = this.body.value.trim();
    if (!Number.isFinite(duration) || duration < 0) return toast(t('cue.badDuration'), 'error');
    if (duration > 0) payload.until = Math.round(this.ctx.serverNow() + duration);
    if (kind === 'countdown' && duration <= 0) return toast(t('cue.needDuration'), 'error');
    if (kind === 'announcement' && !payload.title && !payload.body) return toast(t('cue.needText'), 'error');
    const cue = await command(this.ctx.live, 'stage:cue', payload, [this.send, this.clear]);
    if (cue) toast(t('cue.sent', { kind: t(`cue.${cue.kind}`) }));
  }

  private tick(): void {
    const cue = this.cue;
    this.countdown.textContent = cue?.until !== undefined ? remaining(cue.until - this.ctx.serverNow()) : '';
  }

  update(state: EventState): void {
    const cue = state.stage.cue;
    this.cue = cue;
    const sig = JSON.stringify([cue, document.documentElement.lang]);
    if (sig === this.seen) return;
    this.seen = sig;
    this.tick();
    fill(
      this.current,
      cue
        ? h(
            'div',
            { class: `cue-live cue-${cue.kind}` },
            h('span', { class: 'chip' }, t(`cue.${cue.kind}`)),
            ' ',
            cue.until !== undefined ? this.countdown : null,
            cue.title ? h('div', { class: 'cue-title', attrs: { dir: 'auto' } }, cue.title) : null,
            cue.body ? h('div', { class: 'small', attrs: { dir: 'auto' } }, cue.body) : null,
            h('div', { class: 'muted small' }, t('stage.since', { time: time(cue.at) })),
          )
        : h('p', { class: 'muted' }, t('stage.noCue')),
    );
  }
}

/** The rail: always in view on a laptop, its own tab on a tablet. */
export class StageSection extends View<EventState> {
  readonly el: HTMLElement;
  private readonly screens: ScreensCard;
  private readonly cue: CueCard;

  constructor(ctx: Ctx) {
    super();
    this.screens = new ScreensCard(ctx);
    this.cue = new CueCard(ctx);
    this.el = h('div', { class: 'stage' }, this.screens.el, this.cue.el);
  }

  update(state: EventState): void {
    this.screens.update(state);
    this.cue.update(state);
  }
}
