/** Dependency-injection identifiers; only apps/ binds them. */
export const TOKENS = {
  Clock: Symbol.for('Clock'),
  IdGenerator: Symbol.for('IdGenerator'),
  Logger: Symbol.for('Logger'),
  EventBus: Symbol.for('EventBus'),
  OutboxStore: Symbol.for('OutboxStore'),
  ProcessedEventStore: Symbol.for('ProcessedEventStore'),
  HealthChecks: Symbol.for('HealthChecks'),
  UserRepository: Symbol.for('UserRepository'),
  OrderRepository: Symbol.for('OrderRepository'),
  ObjectStore: Symbol.for('ObjectStore'),
  Notifier: Symbol.for('Notifier'),
  UserService: Symbol.for('UserService'),
  OrderService: Symbol.for('OrderService'),
} as const;
