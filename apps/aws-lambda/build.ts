import { relative } from 'node:path';
import { buildFunctions, bundleComposition, kb, REPO_ROOT } from './bundle';

/** `npm run build:aws`: one zip per function under dist/aws/, then what went into them. */
const started = performance.now();
const built = await buildFunctions();
console.log(`Built ${built.length} functions in ${Math.round(performance.now() - started)} ms`);
console.table(
  Object.fromEntries(
    built.map((fn) => [
      fn.name,
      {
        'cold start': kb(fn.entryBytes),
        'on demand': kb(fn.chunkBytes),
        zip: kb(fn.zipBytes),
        path: relative(REPO_ROOT, fn.zip),
      },
    ]),
  ),
);
for (const fn of built) {
  const top = bundleComposition(fn).slice(0, 8);
  console.log(
    `${fn.name}, loaded at cold start, largest inputs: ${top.map((s) => `${s.input} ${kb(s.bytes)}`).join(', ')}`,
  );
}
