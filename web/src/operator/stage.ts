// The stage: what the big screens show (the scene) and the cues (announcement, countdown, reveal, clear).
import { fill, h } from '../core/dom.js';
import { pickText } from '../core/i18n.js';
import type { Cue, EventState, Scene } from '../core/types.js';
import type { Ctx, Section } from './context.js';
import { t } from './i18n.js';
import { button, choice, command, field, toast, time, tr, trAttr, uid } from './ui.js';

const SCENES = ['auto', 'poll', 'question', 'board', 'predictors', 'join', 'blank'] as const;
const CUE_KINDS = ['announcement', 'countdown', 'reveal'] as const;
const QUICK = [30, 60, 120, 300];

function remaining(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

function screensCard(ctx: Ctx): { el: HTMLElement; update(state: EventState): void } {
  const now = h('div', { class: 'scene-now' });
  const pollPick = h('select');
  trAttr(pollPick, 'aria-label', 'stage.pollToShow');
  const buttons = new Map<string, HTMLButtonElement>();
  const grid = h('div', { class: 'scene-grid' });
  for (const kind of SCENES) {
    const b = button(
      `scene.${kind}`,
      (btn) => {
        const payload: { kind: string; pollId?: string } = { kind };
        if (kind === 'poll' && pollPick.value) payload.pollId = pollPick.value;
        return command<Scene>(ctx.live, 'screen:scene', payload, [btn]);
      },
      'secondary scene-button',
    );
    b.dataset.scene = kind;
    buttons.set(kind, b);
    grid.append(b);
  }
  const el = h(
    'div',
    { class: 'card screens' },
    h('h2', {}, tr('stage.screens')),
    now,
    grid,
    field('stage.pollToShow', pollPick),
  );
  let seen = '';
  return {
    el,
    update(state: EventState): void {
      const scene = state.screen.scene;
      const polls = state.polls.filter((p) => p.status !== 'draft');
      const sig = JSON.stringify([
        scene,
        polls.map((p) => [p.id, p.question.en, p.status]),
        document.documentElement.lang,
      ]);
      if (sig === seen) return;
      seen = sig;
      for (const [kind, b] of buttons) {
        const active = (scene?.kind ?? 'auto') === kind;
        b.setAttribute('aria-pressed', String(active));
        b.classList.toggle('active', active);
      }
      const poll = scene?.pollId ? state.polls.find((p) => p.id === scene.pollId) : undefined;
      fill(
        now,
        h('span', { class: 'muted' }, t('stage.nowShowing')),
        ' ',
        h('strong', {}, scene ? t(`scene.${scene.kind}`) : t('stage.followAction')),
        poll ? h('div', { class: 'small', attrs: { dir: 'auto' } }, pickText(poll.question)) : null,
        scene ? h('div', { class: 'muted small' }, t('stage.since', { time: time(scene.at) })) : null,
      );
      const chosen = pollPick.value;
      pollPick.replaceChildren(
        h('option', { attrs: { value: '' } }, t('stage.newestOpen')),
        ...polls.map((p) =>
          h('option', { attrs: { value: p.id } }, `${t(`status.${p.status}`)} · ${pickText(p.question)}`),
        ),
      );
      pollPick.value = polls.some((p) => p.id === chosen) ? chosen : (scene?.pollId ?? '');
    },
  };
}

function cueCard(ctx: Ctx): { el: HTMLElement; update(state: EventState): void } {
  const current = h('div', { class: 'cue-now' });
  const kind = choice(CUE_KINDS, (k) => `cue.${k}`, 'announcement');
  const title = h('input', { attrs: { type: 'text', maxlength: 120, dir: 'auto' } });
  const body = h('textarea', { attrs: { rows: 3, maxlength: 1000, dir: 'auto' } });
  const minutes = h('input', { attrs: { type: 'number', min: 0, max: 600, step: 1, inputmode: 'numeric' } });
  const seconds = h('input', { attrs: { type: 'number', min: 0, max: 59, step: 1, inputmode: 'numeric' } });
  trAttr(minutes, 'placeholder', 'cue.min');
  trAttr(seconds, 'placeholder', 'cue.sec');
  trAttr(minutes, 'aria-label', 'cue.min');
  trAttr(seconds, 'aria-label', 'cue.sec');
  const quick = h('div', { class: 'chips' });
  for (const s of QUICK) {
    quick.append(
      h(
        'button',
        {
          class: 'chip',
          attrs: { type: 'button' },
          on: {
            click: () => {
              minutes.value = String(Math.floor(s / 60));
              seconds.value = String(s % 60);
            },
          },
        },
        s < 60 ? `${s}s` : `${s / 60}m`,
      ),
    );
  }
  const durationId = uid('dur');
  const durationLabel = h('label', { attrs: { for: durationId } }, tr('cue.duration'));
  minutes.id = durationId;
  const durationHint = h('p', { class: 'muted small' });
  const syncKind = (): void => {
    fill(durationHint, t(kind.value === 'countdown' ? 'cue.durationCountdown' : 'cue.durationOptional'));
  };
  kind.addEventListener('change', syncKind);
  syncKind();

  const send = h('button', { attrs: { type: 'submit' } }, tr('cue.send'));
  const clear = button('cue.clear', (b) => command<Cue>(ctx.live, 'stage:cue', { kind: 'clear' }, [b, send]), 'danger');
  const form = h(
    'form',
    { class: 'cue-form', attrs: { novalidate: true } },
    field('cue.kind', kind),
    field('cue.titleField', title),
    field('cue.body', body),
    h(
      'div',
      { class: 'field' },
      durationLabel,
      h('div', { class: 'row duration', attrs: { dir: 'ltr' } }, minutes, h('span', {}, ':'), seconds, quick),
    ),
    durationHint,
    h('div', { class: 'row actions' }, send, clear),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void (async () => {
      const duration = (Number(minutes.value || 0) * 60 + Number(seconds.value || 0)) * 1000;
      const payload: Record<string, unknown> = { kind: kind.value };
      if (title.value.trim()) payload.title = title.value.trim();
      if (body.value.trim()) payload.body = body.value.trim();
      if (!Number.isFinite(duration) || duration < 0) return toast(t('cue.badDuration'), 'error');
      if (duration > 0) payload.until = Math.round(ctx.serverNow() + duration);
      if (kind.value === 'countdown' && duration <= 0) return toast(t('cue.needDuration'), 'error');
      if (kind.value === 'announcement' && !payload.title && !payload.body) return toast(t('cue.needText'), 'error');
      const cue = await command<Cue>(ctx.live, 'stage:cue', payload, [send, clear]);
      if (cue) toast(t('cue.sent', { kind: t(`cue.${cue.kind}`) }));
    })();
  });

  let cue: Cue | null = null;
  const countdown = h('strong', { class: 'cue-countdown' });
  const tick = (): void => {
    countdown.textContent = cue?.until !== undefined ? remaining(cue.until - ctx.serverNow()) : '';
  };
  setInterval(tick, 500);
  const el = h('div', { class: 'card cue' }, h('h2', {}, tr('stage.cue')), current, form);
  let seen = '';
  return {
    el,
    update(state: EventState): void {
      cue = state.stage.cue;
      const sig = JSON.stringify([cue, document.documentElement.lang]);
      if (sig === seen) return;
      seen = sig;
      tick();
      fill(
        current,
        cue
          ? h(
              'div',
              { class: `cue-live cue-${cue.kind}` },
              h('span', { class: 'chip' }, t(`cue.${cue.kind}`)),
              ' ',
              cue.until !== undefined ? countdown : null,
              cue.title ? h('div', { class: 'cue-title', attrs: { dir: 'auto' } }, cue.title) : null,
              cue.body ? h('div', { class: 'small', attrs: { dir: 'auto' } }, cue.body) : null,
              h('div', { class: 'muted small' }, t('stage.since', { time: time(cue.at) })),
            )
          : h('p', { class: 'muted' }, t('stage.noCue')),
      );
    },
  };
}

/** The rail: always in view on a laptop, its own tab on a tablet. */
export function stageSection(ctx: Ctx): Section {
  const screens = screensCard(ctx);
  const cue = cueCard(ctx);
  return {
    el: h('div', { class: 'stage' }, screens.el, cue.el),
    update(state: EventState): void {
      screens.update(state);
      cue.update(state);
    },
  };
}
