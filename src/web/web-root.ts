import { fileURLToPath } from 'node:url';

/** `web/` at the project root, from src/web (tests) and from dist/web (built) alike. */
export const WEB_ROOT = fileURLToPath(new URL('../../web/', import.meta.url));
export const WEB_ASSETS = fileURLToPath(new URL('../../web/dist/', import.meta.url));
