// The event's report for operators, after the event: /report#token=<operator token>. Headline
// figures, people over time, countries, every poll, the quizzes, the forum and the crash boards,
// printable, with the export's download.
import '../../styles/base.css';
import '../../styles/report.css';
import { byId, tokenFromHash } from '../core/dom.js';
import { ReportPage, readClaims } from './page.js';

const icon = document.createElement('link');
icon.rel = 'icon';
icon.href =
  'data:image/svg+xml,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="#0072b2"/>' +
      '<path d="M8 24V14h4v10zm6 0V8h4v16zm6 0v-7h4v7z" fill="#fff"/></svg>',
  );
document.head.append(icon);

window.addEventListener('hashchange', () => location.reload());
const token = tokenFromHash();
const claims = token ? readClaims(token) : null;
const page = new ReportPage(byId('app'), token, claims?.ev ?? '');
if (!token) page.refuse({ kind: 'missing' });
else if (claims?.role !== undefined && claims.role !== 'operator') page.refuse({ kind: 'role', role: claims.role });
else void page.load();
