import { h } from '../core/dom.js';
import type { ErrorBody } from '../core/types.js';
import type { Ctx } from './context.js';
import { t } from './words.js';
import { errorToast, toast } from './ui.js';

/**
 * GET `path` with the operator's token and hand the answer to the browser as the file `filename`
 * (a Blob URL: a plain link cannot send the Authorization header). `link` is busy meanwhile.
 */
export async function downloadWithToken(ctx: Ctx, path: string, filename: string, link: HTMLElement): Promise<void> {
  link.setAttribute('aria-busy', 'true');
  try {
    const res = await fetch(path, { headers: { Authorization: `Bearer ${ctx.token}` } });
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { error?: ErrorBody } | null;
      errorToast(body?.error ?? { code: 'INTERNAL', message: `HTTP ${res.status}` });
      return;
    }
    const url = URL.createObjectURL(await res.blob());
    const a = h('a', { attrs: { href: url, download: filename } });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 30000);
  } catch {
    toast(t('polls.csvFailed'), 'error');
  } finally {
    link.removeAttribute('aria-busy');
  }
}
