/**
 * Loads once, on first call; a failed load is forgotten so the next call tries again
 * (a cold start must not pin a transient failure for the life of the environment).
 */
export const once = <T>(load: () => Promise<T>): (() => Promise<T>) => {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
};

type AsyncMethods<T> = {
  [K in keyof T]-?: T[K] extends (...args: never[]) => Promise<unknown> ? K : never;
}[keyof T];

/**
 * Stands in for a port whose adapter is imported on first use: every method waits for the
 * real object, then calls it. Listing the methods as a record makes the compiler insist
 * on all of them, so a method added to the port cannot be forgotten here.
 */
export const deferred = <T extends object>(
  load: () => Promise<T>,
  methods: Record<AsyncMethods<T>, true>,
): T => {
  let real: T | undefined;
  const stand: Record<string, unknown> = {};
  for (const name of Object.keys(methods)) {
    stand[name] = async (...args: unknown[]) => {
      real ??= await load();
      const method = real[name as keyof T] as (...args: unknown[]) => Promise<unknown>;
      return method.apply(real, args);
    };
  }
  return stand as T;
};
