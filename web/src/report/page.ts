// The report page once it has a token: loads GET /api/events/{id}/report, lays out the sections,
// draws the charts, and draws them again in another language. The export is fetched with the
// token (a plain link cannot send the header) and handed to the browser as a Blob.
import type { EventReport } from '../../../src/protocol/report.js';
import { fill, h } from '../core/dom.js';
import { localeSwitch, onLocale } from '../core/i18n.js';
import { crash, forum, quizzes } from './boards.js';
import { destroyCharts } from './charts.js';
import { dateTime, t, type Key } from './words.js';
import { countries, summary, timeline } from './overview.js';
import type { Built } from './parts.js';
import { polls } from './polls.js';

type Problem = { kind: 'missing' } | { kind: 'role'; role: string } | { kind: 'http'; status: number };

/** The token's claims, read (not checked: the server does that) to find the event and word the messages. */
export function readClaims(token: string): { role?: string; ev?: string } | null {
  try {
    const part = token.split('.')[1] ?? '';
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')), (c) => c.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return claims && typeof claims === 'object' ? claims : null;
  } catch {
    return null;
  }
}

export class ReportPage {
  private report: EventReport | null = null;
  private problem: Problem | null = null;
  /** One switch for the page's life: it keeps its focus when the report is laid out again. */
  private readonly switcher = localeSwitch();
  private readonly downloadStatus = h('p', { class: 'download-status', attrs: { role: 'status' } });

  constructor(
    private readonly root: HTMLElement,
    private readonly token: string | null,
    private readonly eventId: string,
  ) {
    onLocale(() => this.render());
  }

  /** No usable token: say so, and how to open the page. */
  refuse(problem: Problem): void {
    this.problem = problem;
    this.render();
  }

  async load(): Promise<void> {
    fill(this.root, h('main', {}, h('p', { class: 'loading', attrs: { role: 'status' } }, t('app.loading'))));
    this.root.setAttribute('aria-busy', 'true');
    try {
      const res = await fetch(`/api/events/${encodeURIComponent(this.eventId)}/report`, {
        headers: { Authorization: `Bearer ${this.token ?? ''}` },
      });
      if (!res.ok) {
        this.problem = { kind: 'http', status: res.status };
      } else {
        const body = (await res.json()) as EventReport | { ok: true; data: EventReport };
        this.report = 'ok' in body && 'data' in body ? body.data : body;
        this.problem = null;
      }
    } catch {
      this.problem = { kind: 'http', status: 0 };
    }
    this.root.removeAttribute('aria-busy');
    this.render();
  }

  private render(): void {
    this.switcher.setAttribute('aria-label', t('app.language'));
    destroyCharts();
    if (this.problem || !this.report) {
      document.title = `${t('app.title')} · ${t('app.brand')}`;
      fill(this.root, h('main', {}, this.problemPanel(this.problem ?? { kind: 'http', status: 0 })));
      return;
    }
    const report = this.report;
    document.title = `${report.event.name} · ${t('app.title')}`;
    const parts: Built[] = [
      summary(report),
      timeline(report),
      countries(report),
      polls(report),
      quizzes(report),
      forum(report),
      crash(report),
    ];
    const main = h('main', { class: 'report-main' }, ...parts.map((p) => p.el));
    fill(this.root, this.header(report), this.contents(parts), main);
    for (const part of parts) for (const draw of part.draws) draw();
    document.body.dataset.ready = 'true';
  }

  private header(report: EventReport): HTMLElement {
    const print = h('button', { class: 'secondary', attrs: { type: 'button' } }, t('app.print'));
    print.addEventListener('click', () => window.print());
    const download = h('button', { attrs: { type: 'button' }, data: { action: 'export' } }, t('app.download'));
    download.addEventListener('click', () => void this.download(download));
    return h(
      'header',
      { class: 'report-header' },
      h(
        'div',
        { class: 'brand' },
        h('p', { class: 'kicker' }, `${t('app.brand')} · ${t('app.title')}`),
        h('h1', { class: 'event-name' }, report.event.name),
        h('p', { class: 'meta' }, t('app.generated', { date: dateTime(report.generatedAt) })),
      ),
      h('div', { class: 'tools' }, this.switcher, print, download, this.downloadStatus),
    );
  }

  /** Links to the sections: they scroll and move the focus, and leave the hash (the token) alone. */
  private contents(parts: Built[]): HTMLElement {
    const items = parts.map((part) => {
      const heading = part.el.querySelector('h2');
      const link = h('a', { attrs: { href: `#${part.el.id}` } }, heading?.textContent ?? '');
      link.addEventListener('click', (e) => {
        e.preventDefault();
        if (!heading) return;
        heading.tabIndex = -1;
        heading.scrollIntoView({ block: 'start' });
        heading.focus({ preventScroll: true });
      });
      return h('li', {}, link);
    });
    return h('nav', { class: 'contents', attrs: { 'aria-label': t('app.contents') } }, h('ol', {}, ...items));
  }

  private problemPanel(problem: Problem): HTMLElement {
    let message: string;
    if (problem.kind === 'missing') message = t('error.noToken');
    else if (problem.kind === 'role') message = t('error.role', { role: problem.role });
    else if (problem.status === 401 || problem.status === 403) message = t('error.unauthorized');
    else if (problem.status === 404) message = t('error.notFound');
    else if (problem.status === 0) message = t('error.network');
    else message = t('error.failed', { status: problem.status });
    const retry =
      problem.kind === 'http' && problem.status !== 401 && problem.status !== 403
        ? h('button', { attrs: { type: 'button' } }, t('error.retry'))
        : null;
    retry?.addEventListener('click', () => void this.load());
    const title: Key =
      problem.kind === 'http' && problem.status !== 401 && problem.status !== 403 ? 'app.title' : 'error.title';
    return h(
      'section',
      { class: 'problem', attrs: { role: 'alert' }, data: { problem: problem.kind } },
      h('div', { class: 'row' }, h('h1', { class: 'grow' }, t(title)), this.switcher),
      h('p', {}, message),
      problem.kind !== 'http'
        ? h('p', {}, h('code', { attrs: { dir: 'ltr' } }, `${location.origin}/report#token=<token>`))
        : null,
      retry,
    );
  }

  private async download(button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    this.downloadStatus.textContent = t('app.downloading');
    try {
      const res = await fetch(`/api/events/${encodeURIComponent(this.eventId)}/export.zip`, {
        headers: { Authorization: `Bearer ${this.token ?? ''}` },
      });
      if (!res.ok) {
        this.downloadStatus.textContent = t('app.downloadFailed', { status: res.status });
        return;
      }
      const url = URL.createObjectURL(await res.blob());
      const link = h('a', { class: 'hidden', attrs: { href: url, download: `${this.eventId}-export.zip` } });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      this.downloadStatus.textContent = t('app.downloaded');
    } catch {
      this.downloadStatus.textContent = t('app.downloadFailed', { status: '—' });
    } finally {
      button.disabled = false;
    }
  }
}
