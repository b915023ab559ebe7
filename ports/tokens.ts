/**
 * Dependency-injection identifiers of the ports every app provides; only apps/ binds them.
 * A domain's own services are looked up through its module (apps/server/container.ts), so a new
 * domain adds no token here.
 */
export const TOKENS = {
  Clock: Symbol.for('Clock'),
  IdGenerator: Symbol.for('IdGenerator'),
  Logger: Symbol.for('Logger'),
  ObjectStore: Symbol.for('ObjectStore'),
  Notifier: Symbol.for('Notifier'),
  NotificationLog: Symbol.for('NotificationLog'),
  ProcessedEventStore: Symbol.for('ProcessedEventStore'),
  HealthChecks: Symbol.for('HealthChecks'),
} as const;
