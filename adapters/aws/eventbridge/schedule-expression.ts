// The translation is pure and shared with the routes that show it (GET /jobs) on every door.
export { cronToEventBridge } from '../../../domain/shared/cron/eventbridge-cron';
