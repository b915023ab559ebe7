import { html } from 'htm/preact';
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Api } from './api';
import {
  Empty,
  ErrorNote,
  isMissingRoute,
  MoreButton,
  RefreshButton,
  Section,
  usePages,
} from './ui';

interface PickerProps<T extends { id: string }> {
  api: Api;
  title: string;
  /** What the records are called, in a sentence: "imports", "draws". */
  noun: string;
  listPath: string;
  columns: string[];
  cells(item: T): ComponentChildren[];
  detail(id: string): ComponentChildren;
}

/**
 * A list of records, newest first, and the one picked shown in full. A door without the list
 * route still opens a record by its id (the id a POST answered with, or its Location).
 */
export const Picker = <T extends { id: string }>(props: PickerProps<T>) => {
  const list = usePages<T>(props.api, props.listPath);
  const [picked, setPicked] = useState<string | undefined>();
  const [typed, setTyped] = useState('');
  const open = (event: Event) => {
    event.preventDefault();
    if (typed.trim()) setPicked(typed.trim());
  };
  return html`<${Section}
    title=${props.title}
    actions=${html`
      <form class="inline" onSubmit=${open}>
        <input name="id" placeholder="id" value=${typed}
          onInput=${(event: Event) => setTyped((event.target as HTMLInputElement).value)} />
        <button type="submit" class="secondary">Open</button>
      </form>
      <${RefreshButton} onClick=${list.reload} loading=${list.loading} />`}
  >
    ${
      isMissingRoute(list.error)
        ? html`<p class="note">This door does not list ${props.noun}; open one by its id.</p>`
        : html`<${ErrorNote} error=${list.error} />`
    }
    <div class="split">
      <div class="list">
        <table class="pick">
          <thead><tr>${props.columns.map((column) => html`<th>${column}</th>`)}</tr></thead>
          <tbody>
            ${list.items?.map(
              (item) => html`<tr key=${item.id} class=${item.id === picked ? 'picked' : ''}
                  onClick=${() => setPicked(item.id)}>
                ${props.cells(item).map((cell) => html`<td>${cell}</td>`)}
              </tr>`,
            )}
          </tbody>
        </table>
        <${Empty} items=${list.items} text=${`No ${props.noun} yet.`} />
        <${MoreButton} more=${list.more} />
      </div>
      <div class="detail">
        ${picked ? props.detail(picked) : html`<p class="muted">Pick one of the ${props.noun}.</p>`}
      </div>
    </div>
  <//>`;
};
