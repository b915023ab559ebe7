/** A handler returning the bench user's JSON with no routing, validation or store: the floor. */
import { benchUser } from './stub-store';

export const handler = async () => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json; charset=utf-8', etag: '"1"' },
  body: JSON.stringify(benchUser),
  isBase64Encoded: false,
});
