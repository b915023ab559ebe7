import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { ApiError, createApi } from './api';
import { normalizeBase, type Session } from './session';
import { ErrorNote } from './ui';

const value = (event: Event) => (event.target as HTMLInputElement).value;

/**
 * Signs in with an API key (or a JWT), checked by one call before it is kept: refused only when
 * the door does not know the credential (401) or cannot be reached. The base URL is
 * blank for the server that served this page, or any door's URL (a Lambda or Azure Functions
 * endpoint that lists this origin in its CORS origins).
 */
export const SignIn = ({ onSignedIn }: { onSignedIn: (session: Session) => void }) => {
  const [key, setKey] = useState('');
  const [base, setBase] = useState('');
  const [live, setLive] = useState('');
  const [gatewayKey, setGatewayKey] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    const session = {
      key: key.trim(),
      base: normalizeBase(base),
      live: live.trim(),
      gatewayKey: gatewayKey.trim(),
    };
    setBusy(true);
    setError(undefined);
    try {
      await createApi(session).get('/users?limit=1');
      onSignedIn(session);
    } catch (failure) {
      // 403: the credential is good but not an admin's; its views say what it may not see.
      if (failure instanceof ApiError && failure.status === 403) return onSignedIn(session);
      setError(failure);
      setBusy(false);
    }
  };
  return html`<main class="sign-in">
    <form onSubmit=${submit}>
      <h1>Admin console</h1>
      <label>API key
        <input name="key" type="password" autocomplete="off" required placeholder="ak_…"
          value=${key} onInput=${(event: Event) => setKey(value(event))} />
      </label>
      <label>API base URL <small>(blank: this server)</small>
        <input name="base" type="url" placeholder="https://abc123.execute-api.eu-west-1.amazonaws.com"
          value=${base} onInput=${(event: Event) => setBase(value(event))} />
      </label>
      <label>Live feed URL <small>(blank: the base URL's /ws)</small>
        <input name="live" type="url" placeholder="wss://xyz.execute-api.eu-west-1.amazonaws.com/live"
          value=${live} onInput=${(event: Event) => setLive(value(event))} />
      </label>
      <label>API Gateway key <small>(AWS only: the usage plan's x-api-key)</small>
        <input name="gatewayKey" type="password" autocomplete="off"
          value=${gatewayKey} onInput=${(event: Event) => setGatewayKey(value(event))} />
      </label>
      <${ErrorNote} error=${error} />
      <button type="submit" disabled=${busy}>${busy ? 'Signing in…' : 'Sign in'}</button>
    </form>
  </main>`;
};
