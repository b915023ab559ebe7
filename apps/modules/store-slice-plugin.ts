import type { Plugin } from 'esbuild';
import type { StoreKind } from './domain-module';

/** The file suffix of each technology's slice: apps/modules/<name>/<name>.<suffix>.ts. */
const SUFFIX: Record<StoreKind, string> = {
  memory: 'memory',
  sqlite: 'sqlite',
  dynamodb: 'dynamodb',
  'azure-tables': 'tables',
};

const SLICE = /[\\/]apps[\\/]modules[\\/][^\\/]+[\\/][^\\/]+\.(memory|sqlite|dynamodb|tables)\.ts$/;

/**
 * Keeps one record-store technology in a function bundle: every module's slice for another
 * technology is replaced by a stub that throws if loaded. The module list names all slices
 * (each a lazy import), so without this a Lambda bundle would carry the SQLite and Table
 * Storage adapters, and the Azure one the DynamoDB adapters and the AWS SDK.
 */
export const onlyStoreSlices = (kept: StoreKind): Plugin => ({
  name: 'only-store-slices',
  setup(build) {
    build.onLoad({ filter: SLICE }, (args) => {
      const suffix = SLICE.exec(args.path)?.[1];
      if (suffix === SUFFIX[kept]) return undefined;
      return {
        contents: `throw new Error(${JSON.stringify(`This bundle holds the ${kept} store only, not ${args.path}`)});`,
        loader: 'js',
      };
    });
  },
});
