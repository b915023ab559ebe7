import { html } from 'htm/preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { createApi } from './api';
import { connectLive, type LiveEvent } from './live';
import { clearSession, liveUrlOf, loadSession, type Session, saveSession } from './session';
import { SignIn } from './sign-in';
import { DrawsView } from './views/draws';
import { type FeedState, FeedView } from './views/feed';
import { ImagesView } from './views/images';
import { ImportsView } from './views/imports';
import { JobsView } from './views/jobs';
import { NotificationsView } from './views/notifications';
import { OrdersView } from './views/orders';
import { QueuesView } from './views/queues';
import { StockView } from './views/stock';
import { UsersView } from './views/users';

export const VIEWS = [
  ['feed', 'Live events'],
  ['users', 'Users'],
  ['orders', 'Orders'],
  ['stock', 'Stock'],
  ['imports', 'Imports'],
  ['notifications', 'Notifications'],
  ['queues', 'Queues'],
  ['jobs', 'Jobs'],
  ['draws', 'Lottery draws'],
  ['images', 'Images'],
] as const;
type ViewName = (typeof VIEWS)[number][0];

/** Events kept in the feed: enough to read back, bounded so a busy system does not fill memory. */
const FEED_LIMIT = 200;

const routeOf = (hash: string): ViewName => {
  const name = hash.replace(/^#\/?/, '');
  return VIEWS.find(([view]) => view === name)?.[0] ?? 'feed';
};

const useRoute = () => {
  const [route, setRoute] = useState(routeOf(location.hash));
  useEffect(() => {
    const changed = () => setRoute(routeOf(location.hash));
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return route;
};

/** The live feed runs while signed in, whichever view is open, so no event is missed. */
const useFeed = (session: Session | undefined) => {
  const [feed, setFeed] = useState<FeedState>({ events: [], status: 'connecting' });
  useEffect(() => {
    if (!session) return;
    return connectLive(
      liveUrlOf(session, location.origin),
      session.key,
      {
        onEvent: (event: LiveEvent) =>
          setFeed((previous) => ({
            ...previous,
            events: [event, ...previous.events].slice(0, FEED_LIMIT),
          })),
        onStatus: (status, detail) => setFeed((previous) => ({ ...previous, status, detail })),
      },
      (url, protocols) => new WebSocket(url, protocols),
    );
  }, [session]);
  return { feed, clear: () => setFeed((previous) => ({ ...previous, events: [] })) };
};

export const App = () => {
  const [session, setSession] = useState<Session | undefined>(loadSession);
  const api = useMemo(() => session && createApi(session), [session]);
  const route = useRoute();
  const { feed, clear } = useFeed(session);
  if (!session || !api) {
    return html`<${SignIn} onSignedIn=${(signed: Session) => {
      saveSession(signed);
      setSession(signed);
    }} />`;
  }
  const signOut = () => {
    clearSession();
    setSession(undefined);
  };
  const views: Record<ViewName, () => unknown> = {
    feed: () => html`<${FeedView} feed=${feed} clear=${clear} />`,
    users: () => html`<${UsersView} api=${api} />`,
    orders: () => html`<${OrdersView} api=${api} />`,
    stock: () => html`<${StockView} api=${api} />`,
    imports: () => html`<${ImportsView} api=${api} />`,
    notifications: () => html`<${NotificationsView} api=${api} />`,
    queues: () => html`<${QueuesView} api=${api} />`,
    jobs: () => html`<${JobsView} api=${api} />`,
    draws: () => html`<${DrawsView} api=${api} />`,
    images: () => html`<${ImagesView} api=${api} />`,
  };
  return html`<div class="shell">
    <header class="top">
      <h1>Admin console</h1>
      <span class="door">${session.base || location.origin}</span>
      <span class=${`live-dot ${feed.status}`} title=${`live feed: ${feed.status}`}></span>
      <button type="button" class="secondary" onClick=${signOut}>Sign out</button>
    </header>
    <nav>
      ${VIEWS.map(
        ([name, title]) => html`<a href=${`#/${name}`} class=${route === name ? 'current' : ''}
          aria-current=${route === name ? 'page' : undefined}>${title}${
            name === 'feed' && feed.events.length > 0
              ? html` <span class="count">${feed.events.length}</span>`
              : null
          }</a>`,
      )}
    </nav>
    <main>${views[route]()}</main>
  </div>`;
};
