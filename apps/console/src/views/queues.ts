import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { Api } from '../api';
import { Empty, ErrorNote, RefreshButton, Section, useGet, when } from '../ui';

interface QueueStats {
  name: string;
  depth: number;
  inFlight: number | null;
  delayed: number | null;
  deadLetters: number;
}
interface DeadLetter {
  id: string;
  body: string;
  reason: string;
  receiveCount: number;
  deadAt: string;
}

const count = (value: number | null) => (value === null ? 'n/a' : value);

export const QueuesView = ({ api }: { api: Api }) => {
  const queues = useGet<{ queues: QueueStats[] }>(api, '/queues');
  const letters = useGet<{ items: DeadLetter[] }>(api, '/queues/dead-letters?limit=100');
  const [redrive, setRedrive] = useState<{ busy?: boolean; moved?: number; error?: unknown }>({});
  const reload = () => {
    queues.reload();
    letters.reload();
  };
  const redriveAll = async () => {
    setRedrive({ busy: true });
    try {
      const { moved } = await api.post<{ moved: number }>('/queues/dead-letters/redrive');
      setRedrive({ moved });
    } catch (error) {
      setRedrive({ error });
    }
    reload();
  };
  const dead = letters.data?.items.length ?? 0;
  return html`<${Section}
    title="Queues and dead letters"
    actions=${html`<${RefreshButton} onClick=${reload} loading=${queues.loading || letters.loading} />`}
  >
    <${ErrorNote} error=${queues.error} />
    <table class="queues">
      <thead><tr><th>Queue</th><th class="num">Ready</th><th class="num">In flight</th><th class="num">Delayed</th><th class="num">Dead letters</th></tr></thead>
      <tbody>
        ${queues.data?.queues.map(
          (queue) => html`<tr key=${queue.name}>
            <td>${queue.name}</td><td class="num">${queue.depth}</td><td class="num">${count(queue.inFlight)}</td>
            <td class="num">${count(queue.delayed)}</td>
            <td class=${`num ${queue.deadLetters > 0 ? 'alert' : ''}`}>${queue.deadLetters}</td>
          </tr>`,
        )}
      </tbody>
    </table>
    <div class="view-head">
      <h3>Dead letters</h3>
      <div class="actions">
        ${redrive.moved !== undefined ? html`<span class="done" role="status">${redrive.moved} moved back to the queue</span>` : null}
        <button type="button" class="danger" onClick=${redriveAll} disabled=${redrive.busy || dead === 0}>
          ${redrive.busy ? 'Redriving…' : `Redrive ${dead === 0 ? '' : `${dead} `}dead letter${dead === 1 ? '' : 's'}`}
        </button>
      </div>
    </div>
    <${ErrorNote} error=${redrive.error ?? letters.error} />
    <table class="dead-letters">
      <thead><tr><th>Dead since</th><th>Reason</th><th class="num">Received</th><th>Body</th></tr></thead>
      <tbody>
        ${letters.data?.items.map(
          (letter) => html`<tr key=${letter.id}>
            <td>${when(letter.deadAt)}</td><td>${letter.reason}</td>
            <td class="num">${letter.receiveCount}</td><td class="body"><code>${letter.body.slice(0, 200)}</code></td>
          </tr>`,
        )}
      </tbody>
    </table>
    <${Empty} items=${letters.data?.items} text="No dead letters." />
  <//>`;
};
