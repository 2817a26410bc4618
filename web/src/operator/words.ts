// The operator console's words: its keys (`operator.*`, shared `common.*`) in the message catalogs.
import { scoped, type Keys } from '../core/i18n.js';

export type Key = Keys<'operator'>;

export const t = scoped('operator');
