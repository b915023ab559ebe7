import { html } from 'htm/preact';
import type { Api } from '../api';
import { Picker } from '../picker';
import { ErrorNote, useGet, useRefreshWhile, when } from '../ui';

interface ImportRecord {
  id: string;
  source: string;
  status: 'queued' | 'running' | 'completed' | 'failed';
  rowsRead: number;
  rowsImported: number;
  rowsRejected: number;
  rejected: { line: number; reason: string }[];
  failure?: string;
  createdAt: string;
  finishedAt?: string | null;
}

const ImportDetail = ({ api, id }: { api: Api; id: string }) => {
  const record = useGet<ImportRecord>(api, `/inventory/imports/${encodeURIComponent(id)}`);
  const data = record.data;
  useRefreshWhile(record, data?.status === 'queued' || data?.status === 'running');
  return html`<${ErrorNote} error=${record.error} />
    ${
      data &&
      html`<div class="card">
        <h3>Import <code>${data.id}</code> <span class=${`badge ${data.status}`}>${data.status}</span></h3>
        <p><code>${data.source}</code>, ${when(data.createdAt)}</p>
        <p>
          ${`${data.rowsRead} rows read, ${data.rowsImported} imported, `}
          <strong class=${data.rowsRejected > 0 ? 'alert' : ''}>${data.rowsRejected} rejected</strong>
        </p>
        ${data.failure ? html`<p class="error">${data.failure}</p>` : null}
        ${
          data.rejected.length > 0 &&
          html`<table class="rejected">
            <thead><tr><th class="num">Line</th><th>Why it was rejected</th></tr></thead>
            <tbody>${data.rejected.map((row) => html`<tr><td class="num">${row.line}</td><td>${row.reason}</td></tr>`)}</tbody>
          </table>
          ${data.rowsRejected > data.rejected.length ? html`<p class="muted">The first ${data.rejected.length} of ${data.rowsRejected} are listed.</p>` : null}`
        }
      </div>`
    }`;
};

export const ImportsView = ({ api }: { api: Api }) =>
  html`<${Picker}
    api=${api}
    title="Inventory imports"
    noun="imports"
    listPath="/inventory/imports?limit=20"
    columns=${['Created', 'Status', 'Rows', 'Rejected']}
    cells=${(item: ImportRecord) => [
      when(item.createdAt),
      html`<span class=${`badge ${item.status}`}>${item.status}</span>`,
      item.rowsRead,
      item.rowsRejected > 0 ? html`<strong class="alert">${item.rowsRejected}</strong>` : 0,
    ]}
    detail=${(id: string) => html`<${ImportDetail} key=${id} api=${api} id=${id} />`}
  />`;
