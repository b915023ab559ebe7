/** A dependency the service needs; `check` rejects when it cannot be used. */
export interface HealthCheck {
  readonly name: string;
  check(): Promise<void>;
}
