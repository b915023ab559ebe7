import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import type { Api } from '../api';
import { ErrorNote, RefreshButton, Section, useGet, when } from '../ui';

interface JobRun {
  name: string;
  startedAt: string;
  durationMs: number;
  outcome: 'succeeded' | 'failed';
  summary: Record<string, unknown>;
}
interface Job {
  name: string;
  description: string;
  cron: { cron: string; eventBridge: string; ncrontab: string };
  lastRun: JobRun | null;
}

const LastRun = ({ run }: { run: JobRun | null }) =>
  run
    ? html`<span class=${`badge ${run.outcome}`}>${run.outcome}</span>
        <span class="last-run">${when(run.startedAt)}</span> <small>${run.durationMs} ms</small>`
    : html`<span class="muted">never</span>`;

export const JobsView = ({ api }: { api: Api }) => {
  const jobs = useGet<{ items: Job[] }>(api, '/jobs');
  const [running, setRunning] = useState<string | undefined>();
  const [runs, setRuns] = useState<Record<string, JobRun>>({});
  const [error, setError] = useState<unknown>();
  const runNow = async (name: string) => {
    setRunning(name);
    setError(undefined);
    try {
      const run = await api.post<JobRun>(`/jobs/${encodeURIComponent(name)}/run`);
      setRuns((previous) => ({ ...previous, [name]: run }));
    } catch (failure) {
      setError(failure);
    } finally {
      setRunning(undefined);
    }
  };
  return html`<${Section}
    title="Scheduled jobs"
    actions=${html`<${RefreshButton} onClick=${jobs.reload} loading=${jobs.loading} />`}
  >
    <${ErrorNote} error=${error ?? jobs.error} />
    <table class="jobs">
      <thead><tr><th>Job</th><th>Schedule (UTC)</th><th>Last run</th><th></th></tr></thead>
      <tbody>
        ${jobs.data?.items.map(
          (job) => html`<tr key=${job.name} data-job=${job.name}>
            <td><strong>${job.name}</strong><br /><small>${job.description}</small></td>
            <td><code>${job.cron.cron}</code><br /><small>EventBridge <code>${job.cron.eventBridge}</code></small></td>
            <td><${LastRun} run=${runs[job.name] ?? job.lastRun} /></td>
            <td><button type="button" onClick=${() => runNow(job.name)} disabled=${running !== undefined}>
              ${running === job.name ? 'Running…' : 'Run now'}
            </button></td>
          </tr>`,
        )}
      </tbody>
    </table>
  <//>`;
};
