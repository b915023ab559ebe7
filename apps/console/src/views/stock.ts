import { html } from 'htm/preact';
import type { Api } from '../api';
import { Empty, ErrorNote, MoreButton, RefreshButton, Section, usePages, when } from '../ui';

interface StockLevel {
  store: string;
  item: string;
  count: number;
  updatedAt: string;
}

export const StockView = ({ api }: { api: Api }) => {
  const stock = usePages<StockLevel>(api, '/inventory?limit=100');
  const out = stock.items?.filter((level) => level.count === 0).length ?? 0;
  return html`<${Section}
    title="Stock levels"
    actions=${html`<${RefreshButton} onClick=${stock.reload} loading=${stock.loading} />`}
  >
    <${ErrorNote} error=${stock.error} />
    ${out > 0 ? html`<p class="summary"><span class="badge out">${out} out of stock</span> in the levels shown</p>` : null}
    <table>
      <thead><tr><th>Store</th><th>Item</th><th class="num">Count</th><th>Updated</th></tr></thead>
      <tbody>
        ${stock.items?.map(
          (
            level,
          ) => html`<tr key=${`${level.store}/${level.item}`} class=${level.count === 0 ? 'out-of-stock' : ''}>
            <td>${level.store}</td><td>${level.item}</td>
            <td class="num">${level.count === 0 ? html`<span class="badge out">out of stock</span> 0` : level.count}</td>
            <td>${when(level.updatedAt)}</td>
          </tr>`,
        )}
      </tbody>
    </table>
    <${Empty} items=${stock.items} text="No stock levels yet: import a CSV (POST /inventory/imports)." />
    <${MoreButton} more=${stock.more} />
  <//>`;
};
