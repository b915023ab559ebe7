/*
 * aws-local-stepfunctions calls Promise.withResolvers, a Node 22 API; Node 20 (which the server
 * still supports) lacks it. The standard's own definition, installed only where missing.
 */
const PromiseWithResolvers = Promise as unknown as {
  withResolvers?: <T>() => {
    promise: Promise<T>;
    resolve: (value: T) => void;
    reject: (reason: unknown) => void;
  };
};
if (!PromiseWithResolvers.withResolvers) {
  PromiseWithResolvers.withResolvers = <T>() => {
    let resolve!: (value: T) => void;
    let reject!: (reason: unknown) => void;
    const promise = new Promise<T>((yes, no) => {
      resolve = yes;
      reject = no;
    });
    return { promise, resolve, reject };
  };
}

export {};
