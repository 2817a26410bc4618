// The overlay's own few words (`overlay.*` in the message catalogs; the scenes it borrows from the
// big screen bring theirs).
import { scoped } from '../core/i18n.js';

export const ot = scoped('overlay');
