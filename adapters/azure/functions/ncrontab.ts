// The translation is pure and shared with the routes that show it (GET /jobs) on every door.
export { cronToNcrontab } from '../../../domain/shared/cron/ncrontab';
