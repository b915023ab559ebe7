import type { Session } from './session';

/** The API's documented error shape, `{error:{code,message,details?},requestId}`, as thrown. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId?: string,
  ) {
    super(message);
  }
}

export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

export interface Api {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  /** A binary answer (a thumbnail), following the API's redirect to the object's URL. */
  blob(path: string): Promise<Blob>;
}

const errorOf = async (response: Response): Promise<ApiError> => {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as {
      error?: { code?: string; message?: string };
      requestId?: string;
    };
    if (body.error?.code) {
      return new ApiError(
        response.status,
        body.error.code,
        body.error.message ?? body.error.code,
        body.requestId,
      );
    }
  } catch {
    // Not the API's JSON (a proxy's page): shown by status below.
  }
  return new ApiError(
    response.status,
    `HTTP ${response.status}`,
    text.slice(0, 200) || response.statusText,
  );
};

/**
 * The public HTTP API and nothing else, with the key as a bearer token on every call. Works
 * against any door: the same origin, or a Lambda or Azure URL that allows this origin (CORS).
 */
export const createApi = (session: Session): Api => {
  const call = async (method: string, path: string, body?: unknown): Promise<Response> => {
    const headers: Record<string, string> = { authorization: `Bearer ${session.key}` };
    if (session.gatewayKey) headers['x-api-key'] = session.gatewayKey;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${session.base}${path}`, {
        method,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
        // The key goes in a header, never in cookies.
        credentials: 'omit',
      });
    } catch (error) {
      throw new ApiError(
        0,
        'NETWORK',
        `Cannot reach ${session.base || 'this server'} (${error instanceof Error ? error.message : String(error)}). Check the URL, and that the door lists this page's origin in its CORS_ORIGINS.`,
      );
    }
    if (!response.ok) throw await errorOf(response);
    return response;
  };
  return {
    get: async (path) => (await call('GET', path)).json(),
    post: async (path, body) => {
      const response = await call('POST', path, body);
      return response.status === 204 ? undefined : response.json();
    },
    blob: async (path) => (await call('GET', path)).blob(),
  };
};
