import type { ErrorTable } from '../../adapters/http/error-table';
import type { Route } from '../../adapters/http/route';
import { type BoundReaction, bindReaction } from '../../domain/shared/reaction';
import type { JobQueue, JobSettlement, ReceivedJob } from '../../ports/job-queue.port';
import type {
  AnyModule,
  DomainModule,
  Door,
  Platform,
  RouteContext,
  WorkSummary,
} from '../modules/domain-module';

/** An object handler of a composed module: its services are bound. */
export interface BoundObjectHandler {
  module: string;
  prefix: string;
  onCreated(key: string): Promise<WorkSummary>;
  resume?: { prefix: string; run(key: string): Promise<WorkSummary | null> };
  /** The AWS function of its own that handles this prefix, if any (ObjectHandler.ownFunction). */
  ownFunction?: string;
}

export interface BoundJob {
  module: string;
  name: string;
  cron: string;
  description: string;
  /** Every door when absent. */
  doors?: readonly Door[];
  run(): Promise<void>;
}

export interface BoundConsumer {
  module: string;
  queue: JobQueue;
  process(jobs: readonly ReceivedJob[]): Promise<JobSettlement[]>;
}

/** Every module composed on one platform: what the doors serve and run. */
export interface ComposedApp {
  modules: readonly AnyModule[];
  routes: Route[];
  errors: ErrorTable[];
  reactions: BoundReaction[];
  objectHandlers: BoundObjectHandler[];
  schedules: BoundJob[];
  /** The job queues the modules consume, each with its batch processing bound. */
  consumers: BoundConsumer[];
  /** A module's services (its routes, reactions and handlers use the same ones). */
  services<V>(module: DomainModule<unknown, V, never>): V;
}

export interface CompositionOptions {
  /** Each module's repositories on the app's record store (openStore, or stand-ins in tests). */
  storesOf(module: AnyModule): unknown;
  /** Per module name: what the app sets for it (the inventory's batch size...). */
  options?: Readonly<Record<string, unknown>>;
  routes?: RouteContext;
}

/**
 * The one composition every app uses (the server, the CLI, each Lambda function, the Azure
 * app): each module's services from the platform's ports and its own stores, then its routes,
 * reactions, object handlers and schedules bound to them. Modules come in list order, so one
 * may use an earlier one's stores and services (orders checks users).
 */
export const composeModules = (
  modules: readonly AnyModule[],
  platform: Platform,
  options: CompositionOptions,
): ComposedApp => {
  const composed = new Map<string, { stores: unknown; services: unknown }>();
  for (const module of modules) {
    if (composed.has(module.name)) throw new Error(`Two modules are named ${module.name}`);
    const stores = options.storesOf(module);
    const services = module.services({
      ...platform,
      stores,
      options: options.options?.[module.name] ?? {},
      use: (other: AnyModule) => {
        const found = composed.get(other.name);
        if (!found) {
          throw new Error(`Module ${module.name} uses ${other.name}: list ${other.name} before it`);
        }
        return found as never;
      },
    });
    composed.set(module.name, { stores, services });
  }
  const servicesOf = (module: AnyModule) => composed.get(module.name)!.services;
  return {
    modules,
    routes: modules.flatMap(
      (module) => module.routes?.(servicesOf(module), options.routes ?? {}) ?? [],
    ),
    errors: modules.map((module) => module.errors),
    reactions: modules.flatMap((module) =>
      (module.reactions ?? []).map((reaction) =>
        bindReaction(reaction, { ...platform, services: servicesOf(module) }),
      ),
    ),
    objectHandlers: modules.flatMap((module) =>
      (module.objects ?? []).map((handler) => {
        const services = servicesOf(module);
        const { resume } = handler;
        return {
          module: module.name,
          prefix: handler.prefix,
          onCreated: (key: string) => handler.onCreated(services, key),
          ...(handler.ownFunction ? { ownFunction: handler.ownFunction.name } : {}),
          ...(resume
            ? { resume: { prefix: resume.prefix, run: (key: string) => resume.run(services, key) } }
            : {}),
        };
      }),
    ),
    schedules: modules.flatMap((module) =>
      (module.schedules ?? []).map((job) => ({
        module: module.name,
        name: job.name,
        cron: job.cron,
        description: job.description,
        ...(job.doors ? { doors: job.doors } : {}),
        run: () => job.run(servicesOf(module), platform),
      })),
    ),
    consumers: modules.flatMap((module) => {
      const { jobs } = module;
      if (!jobs) return [];
      const services = servicesOf(module);
      return [
        {
          module: module.name,
          queue: jobs.queue(services),
          process: (received: readonly ReceivedJob[]) => jobs.process(services, received),
        },
      ];
    }),
    services: <V>(module: DomainModule<unknown, V, never>) => {
      if (!composed.has(module.name)) throw new Error(`Module ${module.name} is not composed`);
      return servicesOf(module as AnyModule) as V;
    },
  };
};
