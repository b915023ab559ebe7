import * as z from 'zod/mini';

/**
 * The domain writes its schemas with zod/mini: the same validation and JSON Schema
 * as classic zod, tree-shakable, so a Lambda bundle carries a fraction of zod.
 * Mini ships no messages by default; the English locale keeps errors human.
 */
z.config(z.locales.en());

/** Gives a schema a name: it becomes a component in the OpenAPI document. */
export const named = <T extends z.ZodMiniType>(schema: T, id: string): T => {
  z.globalRegistry.add(schema as z.ZodMiniType, { id });
  return schema;
};

export { z };
