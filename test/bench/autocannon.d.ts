// autocannon ships no types and @types/autocannon is not installed: this declares only the
// part of its programmatic API (v9) that test/bench uses.
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  export interface Options {
    url: string;
    connections?: number;
    pipelining?: number;
    /** Seconds. */
    duration?: number;
    method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    headers?: Record<string, string>;
    body?: string;
    /** Requests cycled through; `setupRequest` may rewrite each one before it is sent. */
    requests?: { setupRequest?(request: { body?: string }): { body?: string } }[];
    /** Runs first with these overrides; its numbers are returned apart, as `warmup`. */
    warmup?: { connections?: number; duration?: number };
  }

  /** autocannon's summary of one histogram; latency values are in milliseconds. */
  export interface Histogram {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    total: number;
    p50: number;
    p90: number;
    p97_5: number;
    p99: number;
  }

  export interface Result {
    url: string;
    connections: number;
    pipelining: number;
    duration: number;
    latency: Histogram;
    requests: Histogram;
    throughput: Histogram;
    errors: number;
    timeouts: number;
    non2xx: number;
    statusCodeStats: Record<string, { count: number }>;
    warmup?: Result;
  }

  export type Instance = EventEmitter & PromiseLike<Result>;

  /** Without a callback the returned tracker is also a promise of the result. */
  function autocannon(options: Options): Instance;
  export default autocannon;
}
