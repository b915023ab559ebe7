/**
 * A Mermaid flowchart of an Amazon States Language document: each state a node shaped by its
 * type, Next and Default as arrows, Choice rules as labelled arrows, Catch as dotted arrows,
 * Retry in the node's label, Parallel branches as a subgraph. For the README, which must show the
 * state machine as the document defines it: generated, never drawn by hand.
 */
interface Rule {
  Variable?: string;
  Next: string;
  [test: string]: unknown;
}
interface State {
  Type: string;
  Next?: string;
  End?: boolean;
  Default?: string;
  Resource?: string;
  Choices?: Rule[];
  Retry?: {
    ErrorEquals: string[];
    IntervalSeconds?: number;
    MaxAttempts?: number;
    BackoffRate?: number;
  }[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
  Branches?: Machine[];
}
interface Machine {
  StartAt: string;
  States: Record<string, State>;
}

const quote = (text: string) => `"${text.replaceAll('"', '#quot;')}"`;

const retryText = (state: State) =>
  (state.Retry ?? [])
    .map((retry) =>
      (retry.MaxAttempts ?? 3) === 0
        ? `no retry: ${retry.ErrorEquals.join(', ')}`
        : `retry ${retry.ErrorEquals.join(', ')}: ${retry.MaxAttempts ?? 3} x ${retry.IntervalSeconds ?? 1} s`,
    )
    .join('<br/>');

const ruleText = (rule: Rule) => {
  const [test, value] = Object.entries(rule).find(
    ([key]) => key !== 'Variable' && key !== 'Next',
  ) ?? ['', ''];
  return `${rule.Variable ?? ''} ${test} ${JSON.stringify(value)}`.trim();
};

export const aslToMermaid = (definition: Machine): string => {
  const lines = ['flowchart TD'];
  const ids = new Map<string, string>();
  const idOf = (name: string) => {
    if (!ids.has(name)) ids.set(name, `s${ids.size}`);
    return ids.get(name)!;
  };
  const node = (name: string, state: State) => {
    const details = [
      name,
      state.Resource?.startsWith('arn:aws:states:::') ? state.Resource : '',
      retryText(state),
    ]
      .filter(Boolean)
      .join('<br/>');
    const text = quote(details);
    switch (state.Type) {
      case 'Pass':
        return `[/${text}/]`;
      case 'Choice':
        return `{${text}}`;
      case 'Fail':
        return `[[${text}]]`;
      case 'Succeed':
        return `([${text}])`;
      default:
        return `[${text}]`;
    }
  };
  let ends = 0;
  const walk = (machine: Machine, indent: string) => {
    for (const [name, state] of Object.entries(machine.States)) {
      const id = idOf(name);
      if (state.Type === 'Parallel') {
        lines.push(
          `${indent}subgraph ${id}[${quote([name, retryText(state)].filter(Boolean).join('<br/>'))}]`,
        );
        lines.push(`${indent}  direction LR`);
        for (const branch of state.Branches ?? []) walk(branch, `${indent}  `);
        lines.push(`${indent}end`);
      } else {
        lines.push(`${indent}${id}${node(name, state)}`);
      }
      if (state.Next) lines.push(`${indent}${id} --> ${idOf(state.Next)}`);
      for (const rule of state.Choices ?? [])
        lines.push(`${indent}${id} -- ${quote(ruleText(rule))} --> ${idOf(rule.Next)}`);
      if (state.Default) lines.push(`${indent}${id} -- "Default" --> ${idOf(state.Default)}`);
      for (const caught of state.Catch ?? []) {
        lines.push(
          `${indent}${id} -. ${quote(`Catch ${caught.ErrorEquals.join(', ')}`)} .-> ${idOf(caught.Next)}`,
        );
      }
      if (state.End && indent === '  ') {
        ends += 1;
        lines.push(`${indent}${id} --> done${ends}([End])`);
      }
    }
  };
  lines.push(`  start([Start]) --> ${idOf(definition.StartAt)}`);
  walk(definition, '  ');
  return lines.join('\n');
};
