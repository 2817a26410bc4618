// The livestream overlay: /overlay#token=<screen or operator token>&scene=poll|question|board|quiz[&lang=ar]
// for a video mixer's browser source (OBS, vMix) at 1920x1080, on a transparent page.
import '../../styles/base.css';
import { byId } from '../core/dom.js';
import { locale, setLocale } from '../core/i18n.js';
import { OverlayApp } from './app.js';
import { readParams } from './params.js';
import '../../styles/overlay.css';

const params = readParams();
// English unless the address says otherwise: the stream's language, not the mixer's browser.
const wanted = params.lang ?? 'en';
if (wanted !== locale()) setLocale(wanted);
// The mixer's operator edits the address: start again with the new scene, language or token.
window.addEventListener('hashchange', () => location.reload());
new OverlayApp(byId('app'), params.scene).start(params.token);
