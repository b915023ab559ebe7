import { en } from 'zod/locales';
import { config, globalRegistry, type ZodMiniType } from 'zod/mini';

/**
 * The domain writes its schemas with zod/mini (`import * as z from 'zod/mini'` in each
 * file): the same validation and JSON Schema as classic zod, but tree-shakable, so a
 * Lambda bundle carries only what it uses. Re-exporting the namespace from here would
 * defeat that. Mini ships no messages; the English locale alone keeps errors human.
 */
config(en());

/** Gives a schema a name: it becomes a component in the OpenAPI document. */
export const named = <T extends ZodMiniType>(schema: T, id: string): T => {
  globalRegistry.add(schema as ZodMiniType, { id });
  return schema;
};
