/**
 * The simple commands of a documentation shell block, as bash would split them, for the static
 * checks of test/docs/commands.test.ts. Not a shell: enough of one for the commands the docs show
 * (quotes, `\` line continuations, comments, `|`, `&&`, `;`, `$( … )`, redirections, `for`/`if`
 * and function bodies). `bash -n` checks the whole block's syntax beside it.
 */

/** One word after quote removal; `dynamic` when its value depends on an expansion (`$X`, `$( … )`, backticks). */
export interface Word {
  text: string;
  dynamic: boolean;
}

export interface ShellCommand {
  /** 1-based line within the block where the command starts. */
  line: number;
  /** `NAME=value` words before the command's name: its environment (`export NAME=value` too). */
  env: { name: string; value: Word }[];
  /** The command's name and arguments; empty for a line of assignments only (shell variables). */
  argv: Word[];
  /** The `# comment` ending the command's last line, if any. */
  comment?: string;
}

/** Words that open or close a compound command: what follows them is the command. */
const RESERVED = new Set(['{', '}', '!', 'do', 'done', 'then', 'else', 'elif', 'fi', 'if', 'while', 'until', 'time']);

/**
 * Every simple command of `code`, including those inside `$( … )`, in the order they start; a line
 * that only sets shell variables (`ID=$(…)`) or only opens or closes a compound command is none.
 */
export function shellCommands(code: string): ShellCommand[] {
  const commands: ShellCommand[] = [];
  // The commands being read: the innermost `$( … )` last.
  const stack: { words: Word[]; word: Word | null; line: number; redirect: boolean }[] = [];
  let line = 1;
  let current = { words: [] as Word[], word: null as Word | null, line, redirect: false };

  const wordOf = (): Word => {
    if (current.word === null) {
      current.word = { text: '', dynamic: false };
      if (current.words.length === 0) current.line = line;
    }
    return current.word;
  };
  const endWord = (): void => {
    if (current.word === null) return;
    if (current.redirect) current.redirect = false;
    else current.words.push(current.word);
    current.word = null;
  };
  const endCommand = (comment?: string): void => {
    endWord();
    const words = current.words;
    current.words = [];
    current.redirect = false;
    const command = toCommand(words, current.line, comment);
    if (command) commands.push(command);
  };

  let i = 0;
  while (i < code.length) {
    const c = code[i];
    const next = code[i + 1];
    if (c === '\\') {
      if (next === '\n') line++;
      else if (next !== undefined) wordOf().text += next;
      i += 2;
    } else if (c === "'") {
      const end = code.indexOf("'", i + 1);
      if (end < 0) throw new Error(`line ${line}: an unclosed '`);
      const text = code.slice(i + 1, end);
      wordOf().text += text;
      line += text.split('\n').length - 1;
      i = end + 1;
    } else if (c === '"') {
      const word = wordOf();
      i++;
      while (i < code.length && code[i] !== '"') {
        const d = code[i];
        if (d === '\\' && code[i + 1] === '\n') {
          line++;
          i += 2;
        } else if (d === '\\' && '"\\$`'.includes(code[i + 1])) {
          word.text += code[i + 1];
          i += 2;
        } else if (d === '$' && code[i + 1] === '(') {
          const end = closingParen(code, i + 1);
          word.text += code.slice(i, end + 1);
          word.dynamic = true;
          line += code.slice(i, end + 1).split('\n').length - 1;
          i = end + 1;
        } else {
          if (d === '$' && /[\w{?@#*!-]/.test(code[i + 1] ?? '')) word.dynamic = true;
          if (d === '`') word.dynamic = true;
          if (d === '\n') line++;
          word.text += d;
          i++;
        }
      }
      if (i >= code.length) throw new Error(`line ${line}: an unclosed "`);
      i++;
    } else if (c === '$' && next === '(') {
      // A command substitution: its commands are read as commands of their own.
      const word = wordOf();
      word.text += '$(…)';
      word.dynamic = true;
      stack.push(current);
      current = { words: [], word: null, line, redirect: false };
      i += 2;
    } else if (c === ')' && stack.length > 0) {
      endCommand();
      current = stack.pop()!;
      i++;
    } else if (c === '#' && current.word === null) {
      const end = code.indexOf('\n', i);
      const comment = code.slice(i + 1, end < 0 ? code.length : end).trim();
      if (current.words.length > 0) endCommand(comment);
      i = end < 0 ? code.length : end;
    } else if (c === '\n') {
      endCommand();
      line++;
      i++;
    } else if (c === ' ' || c === '\t') {
      endWord();
      i++;
    } else if (c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
      endCommand();
      i += (c === '&' || c === '|') && next === c ? 2 : 1;
    } else if (c === '>' || c === '<') {
      // A redirection: its target is no argument of the command.
      endWord();
      current.redirect = true;
      i += next === c || next === '&' ? 2 : 1;
    } else {
      const word = wordOf();
      if ((c === '$' && /[\w{?@#*!-]/.test(next ?? '')) || c === '`') word.dynamic = true;
      word.text += c;
      i++;
    }
  }
  if (stack.length > 0) throw new Error('an unclosed $(');
  endCommand();
  return commands.sort((a, b) => a.line - b.line);
}

/** The index of the `)` closing the `(` at `open`, quotes inside taken into account. */
function closingParen(code: string, open: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = open; i < code.length; i++) {
    const c = code[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  throw new Error('an unclosed $(');
}

function toCommand(words: Word[], line: number, comment: string | undefined): ShellCommand | null {
  let rest = words;
  while (rest.length > 0 && !rest[0].dynamic && RESERVED.has(rest[0].text)) rest = rest.slice(1);
  if (rest.length === 0) return null;
  const env: ShellCommand['env'] = [];
  const exported = rest[0]?.text === 'export';
  if (exported) rest = rest.slice(1);
  while (rest.length > 0 && /^[A-Za-z_]\w*=/.test(rest[0].text)) {
    const [name] = rest[0].text.split('=', 1);
    env.push({ name, value: { text: rest[0].text.slice(name.length + 1), dynamic: rest[0].dynamic } });
    rest = rest.slice(1);
  }
  // `NAME=value` alone sets a shell variable, not a command's environment (unless exported).
  if (rest.length === 0 && !exported) return null;
  return { line, env, argv: rest, comment };
}
