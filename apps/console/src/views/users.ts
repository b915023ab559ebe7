import { html } from 'htm/preact';
import type { Api } from '../api';
import { Empty, ErrorNote, MoreButton, RefreshButton, Section, usePages, when } from '../ui';

interface User {
  id: string;
  name: string;
  email: string;
  age: number | null;
  createdAt: string;
}

export const UsersView = ({ api }: { api: Api }) => {
  const users = usePages<User>(api, '/users?limit=50');
  return html`<${Section}
    title="Users"
    actions=${html`<${RefreshButton} onClick=${users.reload} loading=${users.loading} />`}
  >
    <${ErrorNote} error=${users.error} />
    <table>
      <thead><tr><th>Name</th><th>Email</th><th>Age</th><th>Id</th><th>Created</th></tr></thead>
      <tbody>
        ${users.items?.map(
          (user) => html`<tr key=${user.id}>
            <td>${user.name}</td><td>${user.email}</td><td>${user.age ?? '—'}</td>
            <td class="id">${user.id}</td><td>${when(user.createdAt)}</td>
          </tr>`,
        )}
      </tbody>
    </table>
    <${Empty} items=${users.items} text="No users yet." />
    <${MoreButton} more=${users.more} />
  <//>`;
};
