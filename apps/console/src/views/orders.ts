import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { Api } from '../api';
import { Empty, ErrorNote, MoreButton, RefreshButton, Section, usePages, when } from '../ui';

interface Order {
  id: string;
  userId: string;
  currency: string;
  total: number;
  status: string;
  flagged?: boolean;
  items: { sku: string; quantity: number }[];
  createdAt: string;
}

/** Amounts are integer minor units (cents). */
export const money = (amount: number, currency: string) =>
  `${(amount / 100).toFixed(2)} ${currency}`;

export const OrdersView = ({ api }: { api: Api }) => {
  const [flagged, setFlagged] = useState(false);
  const orders = usePages<Order>(api, `/orders?limit=50${flagged ? '&flagged=true' : ''}`);
  return html`<${Section}
    title="Orders"
    actions=${html`
      <label class="check">
        <input type="checkbox" name="flagged" checked=${flagged}
          onChange=${(event: Event) => setFlagged((event.target as HTMLInputElement).checked)} />
        Flagged for review only
      </label>
      <${RefreshButton} onClick=${orders.reload} loading=${orders.loading} />`}
  >
    <${ErrorNote} error=${orders.error} />
    <table>
      <thead><tr><th>Id</th><th>User</th><th>Items</th><th class="num">Total</th><th>Status</th><th>Created</th></tr></thead>
      <tbody>
        ${orders.items?.map(
          (order) => html`<tr key=${order.id} class=${order.flagged ? 'flagged' : ''}>
            <td class="id">${order.id}</td><td class="id">${order.userId}</td>
            <td>${order.items.map((item) => `${item.quantity} × ${item.sku}`).join(', ')}</td>
            <td class="num">${money(order.total, order.currency)}</td>
            <td><span class=${`badge ${order.status}`}>${order.status}</span>
              ${order.flagged ? html` <span class="badge warn">flagged</span>` : null}</td>
            <td>${when(order.createdAt)}</td>
          </tr>`,
        )}
      </tbody>
    </table>
    <${Empty} items=${orders.items} text=${flagged ? 'No order is flagged for review.' : 'No orders yet.'} />
    <${MoreButton} more=${orders.more} />
  <//>`;
};
