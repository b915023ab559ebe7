import { html } from 'htm/preact';
import type { Api } from '../api';
import { Empty, ErrorNote, isMissingRoute, RefreshButton, Section, useGet, when } from '../ui';

interface Sent {
  id: string;
  subject: string;
  message: string;
  attributes?: Record<string, string>;
  sentAt: string;
}

export const NotificationsView = ({ api }: { api: Api }) => {
  const sent = useGet<{ items: Sent[] }>(api, '/notifications?limit=100');
  return html`<${Section}
    title="Notifications"
    actions=${html`<${RefreshButton} onClick=${sent.reload} loading=${sent.loading} />`}
  >
    ${
      isMissingRoute(sent.error)
        ? html`<p class="note">This door keeps no notifications: only the embedded server lists
            them. On AWS they go to the SNS topic, on Azure to the notifications Storage Queue.</p>`
        : html`<${ErrorNote} error=${sent.error} />`
    }
    <table>
      <thead><tr><th>Sent</th><th>Subject</th><th>Message</th><th>Attributes</th></tr></thead>
      <tbody>
        ${sent.data?.items.map(
          (notice) => html`<tr key=${notice.id}>
            <td>${when(notice.sentAt)}</td><td>${notice.subject}</td><td class="message">${notice.message}</td>
            <td class="attributes">${Object.entries(notice.attributes ?? {})
              .map(([name, value]) => `${name}=${value}`)
              .join(' ')}</td>
          </tr>`,
        )}
      </tbody>
    </table>
    <${Empty} items=${sent.data?.items} text="Nothing sent yet." />
  <//>`;
};
