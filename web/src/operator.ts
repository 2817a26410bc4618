// The operator console: /operator#token=... Polls, the forum's moderation queue, the crash
// challenge, the stage and the screens, live figures. Everything goes over the socket (live.send).
import '../styles/base.css';
import '../styles/operator.css';
import { byId, tokenFromHash } from './core/dom.js';
import { readClaims, showAccess } from './operator/access.js';
import { OperatorApp } from './operator/app.js';

const app = byId('app');

// A page icon of its own: without one the browser asks for /favicon.ico, and its 404 lands in the console.
const icon = document.createElement('link');
icon.rel = 'icon';
icon.href =
  'data:image/svg+xml,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="#3aa7ff"/>' +
      '<path d="M8 22V10h4v12zm6 0V14h4v8zm6 0v-6h4v6z" fill="#04121f"/></svg>',
  );
document.head.append(icon);

window.addEventListener('hashchange', () => location.reload());
const token = tokenFromHash();
const claims = token ? readClaims(token) : null;
if (!token) showAccess(app, 'missing', null);
else if (claims?.role !== undefined && claims.role !== 'operator') showAccess(app, 'role', claims);
else new OperatorApp(app, token, claims);
