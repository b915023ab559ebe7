import { html } from 'htm/preact';
import {
  END,
  type LaidNode,
  type Layout,
  layoutMachine,
  type Machine,
  pathTaken,
  START,
} from './asl-layout';

interface Props {
  machine: Machine;
  history: readonly { type: string; state?: string }[];
  status: 'running' | 'succeeded' | 'failed';
}

const shape = (node: LaidNode, classes: string) => {
  const { x, y, width: w, height: h } = node;
  if (node.type === 'Choice') {
    const points = `${x + 12},${y} ${x + w - 12},${y} ${x + w},${y + h / 2} ${x + w - 12},${y + h} ${x + 12},${y + h} ${x},${y + h / 2}`;
    return html`<polygon class=${classes} points=${points} />`;
  }
  const radius =
    node.type === 'Start' || node.type === 'End' ? h / 2 : node.type === 'Parallel' ? 8 : 6;
  return html`<rect class=${classes} x=${x} y=${y} width=${w} height=${h} rx=${radius} />`;
};

const label = (node: LaidNode, visits: number) => {
  const text = node.name === START ? 'Start' : node.name === END ? 'End' : node.name;
  const y = node.type === 'Parallel' ? node.y + 17 : node.y + node.height / 2 + 4;
  return html`<text class="label" x=${node.x + node.width / 2} y=${y}>${text}${visits > 1 ? ` ×${visits}` : ''}</text>`;
};

let cached: { machine: Machine; layout: Layout } | undefined;
const layoutOf = (machine: Machine) => {
  if (cached?.machine !== machine) cached = { machine, layout: layoutMachine(machine) };
  return cached.layout;
};

/**
 * The draw's state machine as an SVG, laid out from the ASL document itself, with the states
 * its execution entered and the transitions it took highlighted (failed states in red).
 */
export const StateMachine = ({ machine, history, status }: Props) => {
  const layout = layoutOf(machine);
  const path = pathTaken(machine, history, status);
  const visited = (name: string) =>
    name === START
      ? history.length > 0
      : name === END
        ? [...path.edges].some((edge) => edge.endsWith(`->${END}`))
        : path.visits.has(name);
  // Containers first, so the states inside them are drawn on top.
  const nodes = [...layout.nodes].sort(
    (a, b) => Number(b.type === 'Parallel') - Number(a.type === 'Parallel'),
  );
  return html`<svg class="machine" viewBox=${`0 0 ${layout.width} ${layout.height}`}
      width=${layout.width} height=${layout.height} role="img" aria-label="The draw's state machine">
    <defs>
      <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse">
        <path d="M0,0 L10,5 L0,10 z" class="arrow-head" />
      </marker>
      <marker id="arrow-taken" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse">
        <path d="M0,0 L10,5 L0,10 z" class="arrow-head taken" />
      </marker>
    </defs>
    ${nodes.map((node) => {
      const classes = [
        'state',
        node.type.toLowerCase(),
        visited(node.name) ? 'visited' : '',
        path.failed.has(node.name) ? 'failed' : '',
      ].join(' ');
      return html`<g class=${classes} data-state=${node.name}>${shape(node, 'shape')}${label(node, path.visits.get(node.name) ?? 0)}</g>`;
    })}
    ${layout.edges.map((edge) => {
      const taken = path.edges.has(`${edge.from}->${edge.to}`);
      return html`<g class=${`edge ${edge.kind} ${taken ? 'taken' : ''}`}>
        <path d=${edge.d} marker-end=${taken ? 'url(#arrow-taken)' : 'url(#arrow)'} />
        ${edge.label ? html`<text class="edge-label" x=${edge.labelAt.x} y=${edge.labelAt.y} text-anchor=${edge.labelAt.anchor}>${edge.label}</text>` : null}
      </g>`;
    })}
  </svg>`;
};
