/** What other domains may use of messaging. */

export type { JobCounts } from './job-counts';
export type { MessagingService } from './messaging-service';
export { EXPORT_PREFIX, EXPORT_URL_SECONDS } from './records';
