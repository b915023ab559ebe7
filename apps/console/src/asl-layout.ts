/**
 * A layout of an Amazon States Language document for an SVG: states top to bottom in the order
 * the flow (Next, Choices, Default) reaches them, a Parallel state as a box holding its branches
 * side by side, and the states reached only by Catch in a column to the right. Walks the document
 * as apps/docs/asl-mermaid.ts does for the README; this one computes coordinates, as the browser
 * has no Mermaid (and should not load it).
 */
interface Rule {
  Next: string;
  [test: string]: unknown;
}
export interface State {
  Type: string;
  Next?: string;
  End?: boolean;
  Default?: string;
  Choices?: Rule[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
  Branches?: Machine[];
}
export interface Machine {
  StartAt: string;
  States: Record<string, State>;
}

export interface LaidNode {
  name: string;
  /** The ASL type, or Start/End for the two ends of the flow. */
  type: string;
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface LaidEdge {
  from: string;
  to: string;
  kind: 'next' | 'choice' | 'catch';
  label?: string;
  /** SVG path data. */
  d: string;
  /** Where its label goes, and which end of the text is there (left of a loop back: its end). */
  labelAt: { x: number; y: number; anchor: 'start' | 'middle' | 'end' };
}
export interface Layout {
  nodes: LaidNode[];
  edges: LaidEdge[];
  width: number;
  height: number;
}

export const START = '(start)';
export const END = '(end)';

const NODE_W = 190;
const NODE_H = 34;
const GAP_Y = 30;
const GAP_X = 24;
const PAD = 16;
const BOX_HEAD = 26;
const MARGIN = 130;

const flowTargets = (state: State): string[] => [
  ...(state.Next ? [state.Next] : []),
  ...(state.Choices ?? []).map((rule) => rule.Next),
  ...(state.Default ? [state.Default] : []),
];

/** The states in the order the flow reaches them from StartAt, breadth first. */
const flowOrder = (machine: Machine): string[] => {
  const order: string[] = [];
  const queue = [machine.StartAt];
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (order.includes(name) || !machine.States[name]) continue;
    order.push(name);
    queue.push(...flowTargets(machine.States[name]));
  }
  return order;
};

const OPERATORS: [RegExp, string][] = [
  [/GreaterThanEquals$/, '≥'],
  [/LessThanEquals$/, '≤'],
  [/GreaterThan$/, '>'],
  [/LessThan$/, '<'],
  [/Equals$/, '='],
];

/** `{"Variable": "$.pastWinner", "BooleanEquals": true}` -> `pastWinner = true`. */
const ruleLabel = (rule: Rule): string => {
  const [test, value] = Object.entries(rule).find(
    ([key]) => key !== 'Variable' && key !== 'Next',
  ) ?? ['', ''];
  const variable = typeof rule.Variable === 'string' ? rule.Variable.replace(/^\$\./, '') : '';
  const operator = OPERATORS.find(([suffix]) => suffix.test(test))?.[1] ?? test;
  return `${variable} ${operator} ${JSON.stringify(value)}`.trim();
};

/** Lays a machine out from (x, y); returns its nodes and its height. Branches recurse. */
const layColumn = (
  machine: Machine,
  x: number,
  y: number,
  nodes: LaidNode[],
): { width: number; bottom: number } => {
  let top = y;
  let width = NODE_W;
  for (const name of flowOrder(machine)) {
    const state = machine.States[name]!;
    if (state.Type === 'Parallel' && state.Branches?.length) {
      const box: LaidNode = { name, type: 'Parallel', x, y: top, width: 0, height: 0 };
      nodes.push(box);
      let branchX = x + PAD;
      let bottom = top + BOX_HEAD;
      for (const branch of state.Branches) {
        const laid = layColumn(branch, branchX, top + BOX_HEAD, nodes);
        branchX += laid.width + GAP_X;
        bottom = Math.max(bottom, laid.bottom);
      }
      box.width = branchX - GAP_X + PAD - x;
      box.height = bottom - top + PAD - GAP_Y;
      width = Math.max(width, box.width);
      top += box.height + GAP_Y;
    } else {
      nodes.push({ name, type: state.Type, x, y: top, width: NODE_W, height: NODE_H });
      top += NODE_H + GAP_Y;
    }
  }
  return { width, bottom: top };
};

const centreX = (node: LaidNode) => node.x + node.width / 2;

/** The layout of a whole document, with Start and End and every transition as a path. */
export const layoutMachine = (machine: Machine): Layout => {
  const nodes: LaidNode[] = [];
  const start: LaidNode = { name: START, type: 'Start', x: 0, y: PAD, width: 60, height: 24 };
  const column = layColumn(machine, MARGIN, start.y + start.height + GAP_Y, nodes);
  const mainWidth = column.width;
  // Centre the single states of the main column on the widest (a Parallel box).
  for (const node of nodes) {
    if (node.x === MARGIN && node.width === NODE_W && machine.States[node.name]) {
      node.x = MARGIN + (mainWidth - NODE_W) / 2;
    }
  }
  start.x = MARGIN + mainWidth / 2 - start.width / 2;
  const end: LaidNode = {
    name: END,
    type: 'End',
    x: MARGIN + mainWidth / 2 - 30,
    y: column.bottom,
    width: 60,
    height: 24,
  };
  const byName = new Map(nodes.map((node) => [node.name, node]));

  // States no flow reaches (a Fail reached by Catch only) go right, level with their catchers.
  const placed = new Set(nodes.map((node) => node.name));
  const sideX = MARGIN + mainWidth + 90;
  for (const [name, state] of Object.entries(machine.States)) {
    if (placed.has(name)) continue;
    const catchers = Object.entries(machine.States)
      .filter(([, other]) => other.Catch?.some((caught) => caught.Next === name))
      .map(([other]) => byName.get(other))
      .filter((node): node is LaidNode => node !== undefined);
    const middle =
      catchers.length > 0
        ? catchers.reduce((sum, node) => sum + node.y + node.height / 2, 0) / catchers.length
        : column.bottom;
    const node = {
      name,
      type: state.Type,
      x: sideX,
      y: middle - NODE_H / 2,
      width: NODE_W,
      height: NODE_H,
    };
    nodes.push(node);
    byName.set(name, node);
  }
  nodes.unshift(start);
  nodes.push(end);
  byName.set(START, start);
  byName.set(END, end);

  const edges: LaidEdge[] = [];
  const down = (from: LaidNode, to: LaidNode, kind: LaidEdge['kind'], label?: string) => {
    const x1 = centreX(from);
    const y1 = from.y + from.height;
    const x2 = centreX(to);
    const y2 = to.y;
    const d =
      x1 === x2
        ? `M${x1},${y1} L${x2},${y2}`
        : `M${x1},${y1} C${x1},${(y1 + y2) / 2} ${x2},${(y1 + y2) / 2} ${x2},${y2}`;
    edges.push({
      from: from.name,
      to: to.name,
      kind,
      label,
      d,
      labelAt: { x: x1 + 6, y: (y1 + y2) / 2 + 4, anchor: 'start' },
    });
  };
  const back = (from: LaidNode, to: LaidNode, label?: string) => {
    // A loop back up runs down the left margin, so it never crosses the states between.
    const x = Math.min(from.x, to.x) - 30;
    const y1 = from.y + from.height / 2;
    const y2 = to.y + to.height / 2;
    const d = `M${from.x},${y1} L${x},${y1} L${x},${y2} L${to.x},${y2}`;
    edges.push({
      from: from.name,
      to: to.name,
      kind: 'choice',
      label,
      d,
      labelAt: { x: x - 4, y: (y1 + y2) / 2, anchor: 'end' },
    });
  };
  // Catch arrows carry no label (they would pile up beside the Fail state): dashed says Catch.
  const side = (from: LaidNode, to: LaidNode) => {
    const x1 = from.x + from.width;
    const y1 = from.y + from.height / 2;
    const x2 = to.x;
    const y2 = to.y + to.height / 2;
    const mid = (x1 + x2) / 2;
    const d = `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`;
    edges.push({
      from: from.name,
      to: to.name,
      kind: 'catch',
      d,
      labelAt: { x: mid, y: (y1 + y2) / 2, anchor: 'middle' },
    });
  };
  const connect = (from: LaidNode, to: LaidNode, kind: 'next' | 'choice', label?: string) =>
    to.y > from.y ? down(from, to, kind, label) : back(from, to, label);

  down(start, byName.get(machine.StartAt)!, 'next');
  const wire = (states: Record<string, State>, topLevel: boolean) => {
    for (const [name, state] of Object.entries(states)) {
      const from = byName.get(name)!;
      if (state.Next) connect(from, byName.get(state.Next)!, 'next');
      for (const rule of state.Choices ?? [])
        connect(from, byName.get(rule.Next)!, 'choice', ruleLabel(rule));
      if (state.Default) connect(from, byName.get(state.Default)!, 'choice', 'otherwise');
      for (const caught of state.Catch ?? []) side(from, byName.get(caught.Next)!);
      if (state.End && topLevel) down(from, end, 'next');
      for (const branch of state.Branches ?? []) wire(branch.States, false);
    }
  };
  wire(machine.States, true);

  const width = Math.max(...nodes.map((node) => node.x + node.width)) + PAD;
  return { nodes, edges, width, height: end.y + end.height + PAD };
};

/** What a draw's history says of the path: states entered (how often), failed, transitions taken. */
export const pathTaken = (
  machine: Machine,
  history: readonly { type: string; state?: string }[],
  finished: 'running' | 'succeeded' | 'failed',
): { visits: Map<string, number>; failed: Set<string>; edges: Set<string> } => {
  const visits = new Map<string, number>();
  const failed = new Set<string>();
  const edges = new Set<string>();
  let previous: string | undefined = START;
  for (const entry of history) {
    if (!entry.state) continue;
    if (entry.type === 'StateEntered') {
      visits.set(entry.state, (visits.get(entry.state) ?? 0) + 1);
      if (machine.States[entry.state]) {
        if (previous) edges.add(`${previous}->${entry.state}`);
        previous = entry.state;
      }
    }
    if (entry.type === 'StateFailed') failed.add(entry.state);
  }
  for (const [name, state] of Object.entries(machine.States)) {
    if (state.Type === 'Fail' && visits.has(name)) failed.add(name);
  }
  if (finished === 'succeeded' && previous && machine.States[previous]?.End) {
    edges.add(`${previous}->${END}`);
  }
  return { visits, failed, edges };
};
