import { REQUEST_ID } from '../../adapters/http/http-api';

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * What every answer must be, whatever was sent: never a 5xx, a valid x-request-id, and every
 * error in the documented shape with that id. Returns what is wrong, or undefined.
 */
export const problemWith = (answer: Answer, method: string): string | undefined => {
  if (answer.status === 0) return 'no answer';
  if (answer.status >= 500) return `status ${answer.status}: ${answer.body.slice(0, 200)}`;
  const id = answer.headers['x-request-id'];
  if (!id || !REQUEST_ID.test(id)) return `x-request-id ${JSON.stringify(id)}`;
  if (answer.status < 400 || method.toUpperCase() === 'HEAD') return undefined;
  let body: { error?: { code?: unknown; message?: unknown }; requestId?: unknown };
  try {
    body = JSON.parse(answer.body);
  } catch {
    return `status ${answer.status} with a body that is not JSON: ${answer.body.slice(0, 100)}`;
  }
  const keys = Object.keys(body).sort().join(',');
  const errorKeys = Object.keys(body.error ?? {})
    .filter((k) => k !== 'details')
    .sort()
    .join(',');
  if (
    keys !== 'error,requestId' ||
    errorKeys !== 'code,message' ||
    typeof body.error?.code !== 'string' ||
    typeof body.error.message !== 'string' ||
    body.requestId !== id
  ) {
    return `status ${answer.status} not in the error shape: ${answer.body.slice(0, 200)}`;
  }
  return undefined;
};
