/** What the console signs in with: an API key (or JWT) and the door it talks to. */
export interface Session {
  /** The API's base URL without a trailing slash; '' for the origin that served the page. */
  base: string;
  /** The live feed's WebSocket URL; '' for `<base>/ws`. API Gateway serves it at its own URL. */
  live: string;
  key: string;
  /** API Gateway's usage-plan key (`x-api-key`), which the AWS door asks for before our own; '' elsewhere. */
  gatewayKey: string;
}

const STORAGE_KEY = 'console.session';

/**
 * Kept in sessionStorage: it survives a reload but not the tab, and is never sent anywhere
 * but the door itself (the page loads no third-party code to read it).
 */
export const loadSession = (): Session | undefined => {
  const raw = sessionStorage.getItem(STORAGE_KEY);
  if (!raw) return undefined;
  try {
    const session = JSON.parse(raw) as Partial<Session>;
    if (typeof session.key !== 'string' || !session.key) return undefined;
    return {
      key: session.key,
      base: session.base ?? '',
      live: session.live ?? '',
      gatewayKey: session.gatewayKey ?? '',
    };
  } catch {
    return undefined;
  }
};

export const saveSession = (session: Session): void =>
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));

export const clearSession = (): void => sessionStorage.removeItem(STORAGE_KEY);

/** `https://x.example.com/prod/` -> `https://x.example.com/prod`; blank stays blank. */
export const normalizeBase = (url: string): string => url.trim().replace(/\/+$/, '');

/** The live feed's URL: the one given, else the API's base with ws(s): and /ws. */
export const liveUrlOf = (session: Session, origin: string): string => {
  if (session.live) return session.live;
  const base = new URL(`${session.base || origin}/ws`);
  base.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';
  return base.href;
};
