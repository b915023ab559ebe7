import { liveErrorCodes } from '../../../domain/live';
import { errorTable } from '../error-table';

/**
 * The live feed's codes travel in WebSocket error frames, not responses; their statuses are those
 * of the HTTP refusals they stand for, so the catalogue reads the same everywhere.
 */
export const liveErrors = errorTable(liveErrorCodes, {
  'LIVE.INVALID_MESSAGE': 400,
  'LIVE.FORBIDDEN': 403,
});
