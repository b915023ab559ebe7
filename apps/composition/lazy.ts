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

/**
 * Stands in for an object whose adapter is loaded on first use (a function that answers a
 * preflight or a 404 never imports the AWS SDK): every method waits for the real object, then
 * calls it. For ports whose members are all async methods (repositories, the object store);
 * any other member reads as such a method. Not a thenable, so it can be returned from `async`.
 */
export const lazyObject = <T extends object>(load: () => Promise<T>): T => {
  let real: T | undefined;
  const methods = new Map<PropertyKey, (...args: unknown[]) => Promise<unknown>>();
  return new Proxy({} as T, {
    get: (_target, name) => {
      if (name === 'then') return undefined;
      let method = methods.get(name);
      if (!method) {
        method = async (...args: unknown[]) => {
          real ??= await load();
          return (real[name as keyof T] as (...a: unknown[]) => Promise<unknown>).apply(real, args);
        };
        methods.set(name, method);
      }
      return method;
    },
  });
};

/**
 * A record of such ports (a module's repositories), all loaded by one `load`. Its ports are
 * known only by name until then, so a spread or `Object.keys` of it would find none and
 * silently drop them all: that throws instead, saying to name each port.
 */
export const lazyPorts = <T extends object>(load: () => Promise<T>): T => {
  const loadOnce = once(load);
  const ports = new Map<PropertyKey, unknown>();
  return new Proxy({} as T, {
    ownKeys: () => {
      throw new TypeError(
        'A module’s stores load on first use and cannot be listed or spread: name each port (stores.jobs)',
      );
    },
    get: (_target, name) => {
      if (name === 'then') return undefined;
      if (!ports.has(name)) {
        ports.set(
          name,
          lazyObject(async () => (await loadOnce())[name as keyof T] as object),
        );
      }
      return ports.get(name);
    },
  });
};
