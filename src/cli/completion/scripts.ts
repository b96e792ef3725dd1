import type { CommandSpec, CompletionSpec, FlagSpec } from './spec.js';

/**
 * Completion scripts for bash, zsh and fish, generated from the program's own definitions
 * (commands, flags, choices) and the model and route names known when it is generated (the
 * catalogue and the config file): regenerate after adding models to the config.
 */

const words = (list: readonly string[]): string => list.join(' ');
const flagWords = (flags: readonly FlagSpec[]): string[] =>
  flags.flatMap((f) => [f.short, f.long].filter((x): x is string => x !== undefined));
/** Safe inside single quotes in every shell here (names are plain; anything odd is dropped). */
const safe = (list: readonly string[]): string[] => list.filter((n) => /^[\w.@/+:-]+$/.test(n));

function valueCases(spec: CompletionSpec): string {
  const all = [...spec.globals, ...spec.commands.flatMap((c) => c.flags)];
  // --baseline is a model for cost and a result file for bench: a case of its own.
  const pick = (kind: FlagSpec['kind']): string[] => [
    ...new Set(flagWords(all.filter((f) => f.kind === kind && f.long !== '--baseline'))),
  ];
  const choiceLines = [
    ...new Map(
      all
        .filter((f) => f.kind === 'choice')
        .map((f) => [
          f.long,
          `    ${flagWords([f]).join('|')}) COMPREPLY=( $(compgen -W '${words(f.choices ?? [])}' -- "$cur") ); return ;;`,
        ]),
    ).values(),
  ];
  const text = pick('text');
  return [
    `    --baseline) if [[ "$cmd" == cost ]]; then __shepherd_list "$models"; else COMPREPLY=( $(compgen -f -- "$cur") ); fi; return ;;`,
    `    ${pick('model').join('|')}) __shepherd_list "$models"; return ;;`,
    `    ${pick('route').join('|')}) COMPREPLY=( $(compgen -W "$routes" -- "$cur") ); return ;;`,
    ...choiceLines,
    `    ${pick('file').join('|')}) COMPREPLY=( $(compgen -f -- "$cur") ); return ;;`,
    ...(text.length > 0 ? [`    ${text.join('|')}) return ;;`] : []),
  ].join('\n');
}

function commandCases(spec: CompletionSpec): string {
  const lines = spec.commands.map((c: CommandSpec) => {
    const subs = spec.commands.filter((s) => s.path.startsWith(`${c.path} `)).map((s) => s.name);
    const globals = spec.globals.filter((f) => f.long !== '--version');
    const flags = words([...flagWords(c.flags), ...flagWords(globals)]);
    const args = c.modelArgs
      ? '__shepherd_list "$models"'
      : c.fileArgs
        ? 'COMPREPLY=( $(compgen -f -- "$cur") )'
        : subs.length + c.argChoices.length > 0
          ? `COMPREPLY=( $(compgen -W '${words([...subs, ...c.argChoices])}' -- "$cur") )`
          : ':';
    return `    '${c.path}') if [[ "$cur" == -* ]]; then COMPREPLY=( $(compgen -W '${flags}' -- "$cur") ); else ${args}; fi ;;`;
  });
  return lines.join('\n');
}

export function bashScript(spec: CompletionSpec): string {
  const valued = flagWords(
    [...spec.globals, ...spec.commands.flatMap((c) => c.flags)].filter((f) => f.value),
  );
  const top = spec.commands.filter((c) => !c.path.includes(' ')).map((c) => c.name);
  const nested = spec.commands.filter((c) => c.path.includes(' ')).map((c) => c.path);
  return `# shepherd completion for bash (also answers for llm-shepherd).
# Load it now:   source <(shepherd completion bash)
# Or for good:   shepherd completion bash > ~/.local/share/bash-completion/completions/shepherd
# Model and route names are those known when this was generated: regenerate after changing them.
__shepherd_list() {
  local pre=""
  [[ "$cur" == *,* ]] && pre="\${cur%,*},"
  COMPREPLY=( $(compgen -P "$pre" -W "$1" -- "\${cur##*,}") )
}
_shepherd() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  local models='${words(safe(spec.models))}'
  local routes='${words(safe(spec.routes))}'
  local valued=' ${words(valued)} '
  local nested=' ${nested.map((n) => n.replace(' ', ':')).join(' ')} '
  local cmd="" w i
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    if [[ "$valued" == *" $w "* ]]; then ((i++)); continue; fi
    [[ "$w" == -* ]] && continue
    if [[ -z "$cmd" ]]; then cmd="$w"
    elif [[ "$nested" == *" $cmd:$w "* ]]; then cmd="$cmd $w"
    fi
  done
  case "$prev" in
${valueCases(spec)}
  esac
  case "$cmd" in
    '') COMPREPLY=( $(compgen -W '${words([...top, ...flagWords(spec.globals)])}' -- "$cur") ) ;;
${commandCases(spec)}
  esac
}
complete -o default -F _shepherd shepherd llm-shepherd
`;
}

/** zsh runs the bash completion through bashcompinit: one definition of what to offer. */
export function zshScript(spec: CompletionSpec): string {
  return `#compdef shepherd llm-shepherd
# shepherd completion for zsh. Load it from ~/.zshrc:
#   source <(shepherd completion zsh)
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
${bashScript(spec)
  .split('\n')
  .filter((l) => !l.startsWith('#'))
  .join('\n')}`;
}

const fishQuote = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function fishFlag(f: FlagSpec, condition: string, spec: CompletionSpec): string {
  const parts = ['complete -c shepherd'];
  if (condition) parts.push(`-n ${fishQuote(condition)}`);
  if (f.short) parts.push(`-s ${f.short.slice(1)}`);
  if (f.long) parts.push(`-l ${f.long.slice(2)}`);
  if (f.kind === 'model') parts.push(`-x -a ${fishQuote(words(safe(spec.models)))}`);
  else if (f.kind === 'route') parts.push(`-x -a ${fishQuote(words(safe(spec.routes)))}`);
  else if (f.kind === 'choice') parts.push(`-x -a ${fishQuote(words(f.choices ?? []))}`);
  else if (f.kind === 'file') parts.push('-r -F');
  else if (f.value) parts.push('-x');
  parts.push(`-d ${fishQuote(f.description.slice(0, 60))}`);
  return parts.join(' ');
}

export function fishScript(spec: CompletionSpec): string {
  const top = spec.commands.filter((c) => !c.path.includes(' '));
  const lines = [
    '# shepherd completion for fish:',
    '#   shepherd completion fish > ~/.config/fish/completions/shepherd.fish',
    'complete -c shepherd -f',
    ...spec.globals.map((f) => fishFlag(f, '', spec)),
    ...top.map(
      (c) =>
        `complete -c shepherd -n '__fish_use_subcommand' -a ${c.name} -d ${fishQuote(c.description.slice(0, 60))}`,
    ),
  ];
  for (const c of spec.commands) {
    const names = c.path.split(' ');
    const cond = names.map((n) => `__fish_seen_subcommand_from ${n}`).join('; and ');
    const subs = spec.commands.filter((s) => s.path.startsWith(`${c.path} `));
    for (const s of subs) {
      lines.push(
        `complete -c shepherd -n ${fishQuote(cond)} -a ${s.name} -d ${fishQuote(s.description.slice(0, 60))}`,
      );
    }
    for (const f of c.flags) lines.push(fishFlag(f, cond, spec));
    if (c.modelArgs)
      lines.push(
        `complete -c shepherd -n ${fishQuote(cond)} -a ${fishQuote(words(safe(spec.models)))}`,
      );
    if (c.fileArgs) lines.push(`complete -c shepherd -n ${fishQuote(cond)} -F`);
    if (c.argChoices.length > 0) {
      lines.push(`complete -c shepherd -n ${fishQuote(cond)} -a ${fishQuote(words(c.argChoices))}`);
    }
  }
  lines.push('complete -c llm-shepherd -w shepherd');
  return `${lines.join('\n')}\n`;
}
