import { html } from 'htm/preact';
import type { LiveEvent, LiveStatus } from '../live';
import { Section } from '../ui';

export interface FeedState {
  events: LiveEvent[];
  status: LiveStatus;
  detail?: string | undefined;
}

const payloadText = (payload: unknown) => {
  const text = JSON.stringify(payload) ?? '';
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
};

/** Every domain event as it is delivered, newest first. */
export const FeedView = ({ feed, clear }: { feed: FeedState; clear: () => void }) =>
  html`<${Section}
    title="Live events"
    actions=${html`
      <span class=${`live-status ${feed.status}`} role="status">${feed.status}${feed.detail ? `: ${feed.detail}` : ''}</span>
      <button type="button" class="secondary" onClick=${clear}>Clear</button>`}
  >
    <ol class="feed">
      ${feed.events.map(
        (event) => html`<li key=${event.id} class="event" data-type=${event.type}>
          <time>${new Date(event.occurredAt).toLocaleTimeString()}</time>
          <strong class="type">${event.type}</strong>
          <span class="aggregate">${event.aggregateType} <code>${event.aggregateId}</code></span>
          <code class="payload">${payloadText(event.payload)}</code>
        </li>`,
      )}
    </ol>
    ${feed.events.length === 0 ? html`<p class="empty">Waiting for events: every committed change appears here as it is delivered.</p>` : null}
  <//>`;
