import { html } from 'htm/preact';
import definition from '../../../../domain/lottery/draw-workflow.asl.json';
import type { Api } from '../api';
import type { Machine } from '../asl-layout';
import { Picker } from '../picker';
import { StateMachine } from '../state-machine';
import { ErrorNote, useGet, useRefreshWhile, when } from '../ui';

interface Draw {
  id: string;
  winners: number;
  status: 'running' | 'succeeded' | 'failed';
  selected: { employeeId: string; employeeName: string }[];
  message: string | null;
  history: {
    at: string;
    type: string;
    state?: string;
    attempt?: number;
    error?: string;
    cause?: string;
  }[];
  error: { code: string; cause: string } | null;
  createdAt: string;
  finishedAt: string | null;
}

/** The one document every door runs (domain/lottery), bundled into the page. */
const MACHINE = definition as unknown as Machine;

const DrawDetail = ({ api, id }: { api: Api; id: string }) => {
  const draw = useGet<Draw>(api, `/lottery/draws/${encodeURIComponent(id)}`);
  const data = draw.data;
  useRefreshWhile(draw, data?.status === 'running');
  return html`<${ErrorNote} error=${draw.error} />
    ${
      data &&
      html`<div class="card">
        <h3>Draw <code>${data.id}</code> <span class=${`badge ${data.status}`}>${data.status}</span></h3>
        <p>${data.winners} winner${data.winners === 1 ? '' : 's'} asked, started ${when(data.createdAt)}${data.finishedAt ? `, finished ${when(data.finishedAt)}` : ''}</p>
        ${data.selected.length > 0 ? html`<p>Winners: ${data.selected.map((winner) => winner.employeeName).join(', ')}</p>` : null}
        ${data.error ? html`<p class="error"><strong>${data.error.code}</strong> ${data.error.cause}</p>` : null}
        <${StateMachine} machine=${MACHINE} history=${data.history} status=${data.status} />
        <p class="legend"><span class="key visited"></span> entered <span class="key failed"></span> failed
          <span class="key taken"></span> transition taken; dashed: Catch</p>
        <details>
          <summary>Execution history (${data.history.length} events)</summary>
          <table class="history">
            <thead><tr><th>At</th><th>Event</th><th>State</th><th>Detail</th></tr></thead>
            <tbody>${data.history.map(
              (
                entry,
              ) => html`<tr><td>${when(entry.at)}</td><td>${entry.type}</td><td>${entry.state ?? ''}</td>
                <td>${entry.error ? `${entry.error}: ${entry.cause ?? ''}` : entry.attempt ? `attempt ${entry.attempt}` : ''}</td></tr>`,
            )}</tbody>
          </table>
        </details>
      </div>`
    }`;
};

export const DrawsView = ({ api }: { api: Api }) =>
  html`<${Picker}
    api=${api}
    title="Lottery draws"
    noun="draws"
    listPath="/lottery/draws?limit=20"
    columns=${['Started', 'Status', 'Winners']}
    cells=${(item: Draw) => [
      when(item.createdAt),
      html`<span class=${`badge ${item.status}`}>${item.status}</span>`,
      item.winners,
    ]}
    detail=${(id: string) => html`<${DrawDetail} key=${id} api=${api} id=${id} />`}
  />`;
