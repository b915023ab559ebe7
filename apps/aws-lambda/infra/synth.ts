import { relative } from 'node:path';
import { REPO_ROOT } from '../bundle';
import { CDK_OUT_DIR, STACK_NAME, synthesize } from './assembly';

/** `npm run synth`: the CloudFormation template under dist/aws/cdk.out, offline. */
const assembly = await synthesize({ outdir: CDK_OUT_DIR });
const stack = assembly.getStackByName(STACK_NAME);
const resources = Object.values(
  (stack.template as { Resources: Record<string, { Type: string }> }).Resources,
);
const byType = new Map<string, number>();
for (const { Type } of resources) byType.set(Type, (byType.get(Type) ?? 0) + 1);
console.log(`Synthesized ${STACK_NAME}: ${relative(REPO_ROOT, stack.templateFullPath)}`);
console.log(
  [...byType]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, count]) => `  ${type} x${count}`)
    .join('\n'),
);
console.log(
  `Deploy this assembly: npx cdk deploy --app ${relative(REPO_ROOT, CDK_OUT_DIR)} (after npx cdk bootstrap)`,
);
