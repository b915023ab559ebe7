import { html } from 'htm/preact';
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { type Api, ApiError, type Page } from './api';

/** The API's message, its code and request id, as a person reads them. */
export const ErrorNote = ({ error }: { error: unknown }) => {
  if (!error) return null;
  const api = error instanceof ApiError ? error : undefined;
  return html`<div class="error" role="alert">
    <strong>${api?.code ?? 'Error'}</strong> ${error instanceof Error ? error.message : String(error)}
    ${api?.requestId ? html`<small>request ${api.requestId}</small>` : null}
  </div>`;
};

export const Section = ({
  title,
  actions,
  children,
}: {
  title: string;
  actions?: ComponentChildren;
  children: ComponentChildren;
}) => html`<section class="view">
  <header class="view-head"><h2>${title}</h2><div class="actions">${actions}</div></header>
  ${children}
</section>`;

export const when = (at: string | null | undefined): string =>
  at ? new Date(at).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' }) : '—';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
}

/** One GET, run when `path` changes and again on reload(). */
export const useGet = <T>(api: Api, path: string | undefined): Loaded<T> => {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({
    loading: path !== undefined,
  });
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (path === undefined) return;
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    api.get<T>(path).then(
      (data) => current && setState({ data, loading: false }),
      (error: unknown) => current && setState({ error, loading: false }),
    );
    return () => {
      current = false;
    };
  }, [api, path, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
};

/** Reads again every second while `busy` says the record is still changing (a running draw). */
export const useRefreshWhile = (loaded: Loaded<unknown>, busy: boolean): void => {
  useEffect(() => {
    if (!busy || loaded.loading) return;
    const timer = setTimeout(loaded.reload, 1000);
    return () => clearTimeout(timer);
  }, [busy, loaded.loading, loaded.reload]);
};

/** A list route's pages (`{items, nextCursor}`), the next one appended on more(). */
export const usePages = <T>(api: Api, path: string) => {
  const first = useGet<Page<T>>(api, path);
  const [extra, setExtra] = useState<{ items: T[]; nextCursor?: string | null; error?: unknown }>({
    items: [],
  });
  useEffect(() => setExtra({ items: [] }), [first.data]);
  const cursor = extra.nextCursor === undefined ? first.data?.nextCursor : extra.nextCursor;
  const more = cursor
    ? () =>
        api
          .get<Page<T>>(
            `${path}${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`,
          )
          .then(
            (page) =>
              setExtra((previous) => ({
                items: [...previous.items, ...page.items],
                nextCursor: page.nextCursor ?? null,
              })),
            (error: unknown) => setExtra((previous) => ({ ...previous, error })),
          )
    : undefined;
  return {
    items: first.data ? [...first.data.items, ...extra.items] : undefined,
    error: first.error ?? extra.error,
    loading: first.loading,
    reload: first.reload,
    more,
  };
};

export const RefreshButton = ({ onClick, loading }: { onClick: () => void; loading?: boolean }) =>
  html`<button type="button" class="secondary" onClick=${onClick} disabled=${loading}>
    ${loading ? 'Loading…' : 'Refresh'}
  </button>`;

export const MoreButton = ({ more }: { more: (() => unknown) | undefined }) =>
  more
    ? html`<button type="button" class="secondary more" onClick=${more}>Load more</button>`
    : null;

export const Empty = ({ items, text }: { items: unknown[] | undefined; text: string }) =>
  items && items.length === 0 ? html`<p class="empty">${text}</p>` : null;

/** Whether an error says the door has no such route (an older door, or a server-only route). */
export const isMissingRoute = (error: unknown): boolean =>
  error instanceof ApiError &&
  (error.status === 404 || error.status === 405) &&
  error.code.startsWith('HTTP.');
