import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { aslToMermaid } from '../../apps/docs/asl-mermaid';
import { README, withLotteryDocs } from '../../apps/docs/lottery-diagram';
import { drawDefinition } from '../../domain/lottery/draw-definition';
import { DRAW_STATES } from '../support/draw-states';

describe('the README’s lottery state machine', () => {
  it('is the ASL document and the diagram generated from it (npm run docs:lottery rewrites them)', () => {
    const readme = readFileSync(README, 'utf8');
    expect(withLotteryDocs(readme)).toBe(readme);
  });

  it('draws every state, the Choice loop, the Parallel branches, retries and catches', () => {
    const diagram = aslToMermaid(drawDefinition as never);
    for (const name of DRAW_STATES) {
      expect(diagram).toContain(`"${name}`);
    }
    expect(diagram).toContain('-- "$.pastWinner BooleanEquals true" --> s1');
    expect(diagram).toMatch(
      /subgraph s\d+\["Send SNS and Record In Dynamodb<br\/>retry States.ALL: 2 x 1 s"\]/,
    );
    expect(diagram.match(/-\. "Catch States\.ALL" \.->/g)).toHaveLength(3);
    expect(diagram).toContain('no retry: LOTTERY.NOT_ENOUGH_ELIGIBLE, LOTTERY.TOO_MANY_ROUNDS');
  });
});
