import { describe, expect, it } from 'vitest';
import {
  END,
  layoutMachine,
  type Machine,
  pathTaken,
  START,
} from '../../apps/console/src/asl-layout';
import definition from '../../domain/lottery/draw-workflow.asl.json';
import { DRAW_STATES } from '../support/draw-states';

const machine = definition as unknown as Machine;

const overlap = (a: { x: number; y: number; width: number; height: number }, b: typeof a) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('the state machine layout of the draw workflow', () => {
  const layout = layoutMachine(machine);
  const node = (name: string) => layout.nodes.find((candidate) => candidate.name === name)!;

  it('places every state of the document, branches inside their Parallel box', () => {
    expect(layout.nodes.map((laid) => laid.name).sort()).toEqual(
      [START, END, ...DRAW_STATES].sort(),
    );
    const box = node('Send SNS and Record In Dynamodb');
    for (const inner of [node('Notify Winners'), node('Record Winner Queue')]) {
      expect(inner.x).toBeGreaterThan(box.x);
      expect(inner.x + inner.width).toBeLessThan(box.x + box.width);
      expect(inner.y + inner.height).toBeLessThan(box.y + box.height);
    }
    const singles = layout.nodes.filter((laid) => laid.type !== 'Parallel');
    for (const [i, a] of singles.entries()) {
      for (const b of singles.slice(i + 1))
        expect(overlap(a, b), `${a.name} / ${b.name}`).toBe(false);
    }
    // The flow runs downwards; the Fail state reached only by Catch sits to the right.
    expect(node('Validate Winners').y).toBeGreaterThan(node('Random Select Winners').y);
    expect(node('Draw Failed').x).toBeGreaterThan(box.x + box.width);
  });

  it('draws every transition: Next, each Choice rule, Default, Catch, and the ends', () => {
    const edges = layout.edges.map(
      (edge) => `${edge.kind} ${edge.from} -> ${edge.to}${edge.label ? ` [${edge.label}]` : ''}`,
    );
    expect(edges.sort()).toEqual(
      [
        `next ${START} -> Input Lottery Winners`,
        'next Input Lottery Winners -> Random Select Winners',
        'next Random Select Winners -> Validate Winners',
        'next Validate Winners -> Is Winner In Past Draw',
        'choice Is Winner In Past Draw -> Random Select Winners [pastWinner = true]',
        'choice Is Winner In Past Draw -> Send SNS and Record In Dynamodb [otherwise]',
        'catch Random Select Winners -> Draw Failed',
        'catch Validate Winners -> Draw Failed',
        'catch Send SNS and Record In Dynamodb -> Draw Failed',
        `next Send SNS and Record In Dynamodb -> ${END}`,
      ].sort(),
    );
  });

  it('reads the path a history took: the loop back counted, the failure marked', () => {
    const entered = (state: string) => ({ type: 'StateEntered', state });
    const looped = pathTaken(
      machine,
      [
        { type: 'ExecutionStarted' },
        entered('Input Lottery Winners'),
        entered('Random Select Winners'),
        entered('Validate Winners'),
        entered('Is Winner In Past Draw'),
        entered('Random Select Winners'),
        entered('Validate Winners'),
        entered('Is Winner In Past Draw'),
        entered('Send SNS and Record In Dynamodb'),
        entered('Notify Winners'),
        entered('Record Winner Queue'),
      ],
      'succeeded',
    );
    expect(looped.visits.get('Random Select Winners')).toBe(2);
    expect(looped.edges).toEqual(
      new Set([
        `${START}->Input Lottery Winners`,
        'Input Lottery Winners->Random Select Winners',
        'Random Select Winners->Validate Winners',
        'Validate Winners->Is Winner In Past Draw',
        'Is Winner In Past Draw->Random Select Winners',
        'Is Winner In Past Draw->Send SNS and Record In Dynamodb',
        `Send SNS and Record In Dynamodb->${END}`,
      ]),
    );
    const failed = pathTaken(
      machine,
      [
        entered('Input Lottery Winners'),
        entered('Random Select Winners'),
        { type: 'StateFailed', state: 'Random Select Winners' },
        entered('Draw Failed'),
      ],
      'failed',
    );
    expect(failed.failed).toEqual(new Set(['Random Select Winners', 'Draw Failed']));
    expect(failed.edges.has('Random Select Winners->Draw Failed')).toBe(true);
    expect([...failed.edges].some((edge) => edge.endsWith(END))).toBe(false);
  });
});
