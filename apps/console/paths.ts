import { fileURLToPath } from 'node:url';

/** Where `npm run build:console` writes the console and where the server serves it from. */
export const CONSOLE_DIST = fileURLToPath(new URL('../../dist/console', import.meta.url));
