// A small, strict interpreter for the subset of Go text/template (+ the few Helm/Sprig
// functions) that deploy/helm/botanu uses. helm is not available here, so the tests render
// the chart with this. Anything outside the subset throws instead of rendering something wrong:
// actions with {{- -}} trimming, comments, fields (.a.b, $.a, $v.a), variables (:=),
// string/number/bool literals, parentheses, pipelines, if/else if/else, range (lists,
// maps by sorted key, `$i, $v :=`), with/else, define + include, and the functions in FUNCS.
import { stringify } from 'yaml';

const TOKEN = /\{\{(-\s)?([\s\S]*?)(\s-)?\}\}/g;

/** Splits a template into text and action tokens, applying the trim markers. */
function tokenize(src) {
  const out = [];
  let last = 0;
  for (const m of src.matchAll(TOKEN)) {
    let text = src.slice(last, m.index);
    if (m[1]) text = text.replace(/\s+$/, '');
    out.push({ t: 'text', v: text });
    out.push({ t: 'action', v: m[2].trim(), trimRight: Boolean(m[3]) });
    last = m.index + m[0].length;
  }
  out.push({ t: 'text', v: src.slice(last) });
  for (let i = 1; i < out.length; i++) if (out[i - 1].trimRight) out[i].v = out[i].v.replace(/^\s+/, '');
  return out;
}

/** Lexes one action's contents into words: strings, parens, pipes, := and bare words. */
function lex(s) {
  const words = [];
  const re = /\s*("(?:[^"\\]|\\.)*"|`[^`]*`|\(|\)|\||:=|,|[^\s()|,]+)/gy;
  let m;
  while ((m = re.exec(s)) && m[1] !== undefined) words.push(m[1]);
  if (re.lastIndex !== 0 && s.slice(re.lastIndex).trim()) throw new Error(`cannot lex template action: ${s}`);
  return words;
}

/** Parses a pipeline (with an optional `$v :=` / `$i, $v :=` declaration) from words. */
function parsePipeline(words) {
  let decl;
  const at = words.indexOf(':=');
  if (at >= 0) {
    decl = words.slice(0, at).filter((w) => w !== ',');
    words = words.slice(at + 1);
  }
  const cmds = [];
  let cur = [];
  let depth = 0;
  for (const w of words) {
    if (w === '(') depth++;
    if (w === ')') depth--;
    if (w === '|' && depth === 0) {
      cmds.push(parseCommand(cur));
      cur = [];
    } else cur.push(w);
  }
  cmds.push(parseCommand(cur));
  return { decl, cmds };
}

function parseCommand(words) {
  const terms = [];
  for (let i = 0; i < words.length; i++) {
    if (words[i] === '(') {
      let depth = 1;
      let j = i + 1;
      for (; j < words.length && depth; j++) depth += words[j] === '(' ? 1 : words[j] === ')' ? -1 : 0;
      terms.push({ k: 'pipe', v: parsePipeline(words.slice(i + 1, j - 1)) });
      i = j - 1;
    } else terms.push(parseTerm(words[i]));
  }
  if (!terms.length) throw new Error('empty command in template');
  return terms;
}

function parseTerm(w) {
  if (w.startsWith('"')) return { k: 'lit', v: JSON.parse(w) };
  if (w.startsWith('`')) return { k: 'lit', v: w.slice(1, -1) };
  if (/^-?\d+(\.\d+)?$/.test(w)) return { k: 'lit', v: Number(w) };
  if (w === 'true' || w === 'false') return { k: 'lit', v: w === 'true' };
  if (w === 'nil') return { k: 'lit', v: null };
  if (w.startsWith('.') || w.startsWith('$')) return { k: 'ref', v: w };
  if (/^[A-Za-z_]\w*$/.test(w)) return { k: 'fn', v: w };
  throw new Error(`unsupported template term: ${w}`);
}

/** Builds the node tree from tokens; returns [nodes, index of the closing keyword]. */
function parseNodes(tokens, i, defines, stopAt) {
  const nodes = [];
  for (; i < tokens.length; i++) {
    const tok = tokens[i];
    if (tok.t === 'text') {
      if (tok.v) nodes.push({ n: 'text', v: tok.v });
      continue;
    }
    const a = tok.v;
    if (a.startsWith('/*')) {
      if (!a.endsWith('*/')) throw new Error(`unterminated template comment: ${a}`);
      continue;
    }
    const [kw] = a.split(/\s+/, 1);
    if (stopAt.includes(kw)) return [nodes, i];
    const rest = a.slice(kw.length).trim();
    if (kw === 'if' || kw === 'with' || kw === 'range') {
      const node = { n: kw, p: parsePipeline(lex(rest)), body: [], else: [] };
      let [body, j] = parseNodes(tokens, i + 1, defines, ['else', 'end']);
      node.body = body;
      let cur = node;
      while (tokens[j].v.startsWith('else')) {
        const after = tokens[j].v.slice(4).trim();
        if (after.startsWith('if ') && cur.n === 'if') {
          const next = { n: 'if', p: parsePipeline(lex(after.slice(3))), body: [], else: [] };
          [next.body, j] = parseNodes(tokens, j + 1, defines, ['else', 'end']);
          cur.else = [next];
          cur = next;
        } else if (!after) {
          [cur.else, j] = parseNodes(tokens, j + 1, defines, ['end']);
        } else throw new Error(`unsupported else clause: ${tokens[j].v}`);
      }
      nodes.push(node);
      i = j;
    } else if (kw === 'define') {
      const name = JSON.parse(rest);
      const [body, j] = parseNodes(tokens, i + 1, defines, ['end']);
      defines[name] = body;
      i = j;
    } else if (['else', 'end', 'block', 'template', 'break', 'continue'].includes(kw)) {
      throw new Error(`unexpected or unsupported "{{ ${kw} }}" in template`);
    } else nodes.push({ n: 'action', p: parsePipeline(lex(a)) });
  }
  if (stopAt.length) throw new Error(`missing {{ end }} in template (expected one of ${stopAt.join(', ')})`);
  return [nodes, i];
}

export function truthy(v) {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

function str(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') throw new Error(`cannot print a map or list directly; use toYaml (${JSON.stringify(v).slice(0, 60)})`);
  return String(v);
}

function printf(fmt, ...args) {
  let n = 0;
  return fmt.replace(/%([svdq%])/g, (_, c) => (c === '%' ? '%' : c === 'q' ? JSON.stringify(str(args[n++])) : str(args[n++])));
}

const indent = (n, s) => str(s).split('\n').map((l) => ' '.repeat(n) + l).join('\n');

function makeFuncs(defines, render) {
  return {
    quote: (...a) => a.map((v) => JSON.stringify(str(v))).join(' '),
    default: (dflt, v) => (truthy(v) ? v : dflt),
    required: (msg, v) => {
      if (v === null || v === undefined || v === '') throw new Error(`required value missing: ${msg}`);
      return v;
    },
    fail: (msg) => {
      throw new Error(`template fail: ${msg}`);
    },
    toYaml: (v) => (v === null || v === undefined ? 'null' : stringify(v, { lineWidth: 0 }).replace(/\n$/, '')),
    indent: (n, s) => indent(n, s),
    nindent: (n, s) => '\n' + indent(n, s),
    printf,
    eq: (a, ...b) => b.some((x) => x === a),
    ne: (a, b) => a !== b,
    not: (v) => !truthy(v),
    and: (...a) => a.reduce((acc, v) => (truthy(acc) ? v : acc)),
    or: (...a) => a.reduce((acc, v) => (truthy(acc) ? acc : v)),
    include: (name, dot) => {
      if (!defines[name]) throw new Error(`include of undefined template "${name}"`);
      return render(defines[name], { dot, vars: { $: dot } });
    },
  };
}

function lookup(ref, scope) {
  const parts = ref.split('.');
  let v;
  if (ref === '.') return scope.dot;
  if (parts[0] === '') {
    v = scope.dot;
    parts.shift();
  } else {
    if (!(parts[0] in scope.vars)) throw new Error(`undefined template variable ${parts[0]}`);
    v = scope.vars[parts.shift()];
  }
  for (const p of parts) {
    if (v === null || v === undefined) return undefined;
    if (typeof v !== 'object') throw new Error(`cannot read .${p} of a ${typeof v} in ${ref}`);
    v = v[p];
  }
  return v;
}

export class GoTemplate {
  constructor() {
    this.defines = {};
    this.funcs = makeFuncs(this.defines, (nodes, scope) => this.renderNodes(nodes, scope));
  }

  /** Parses a file: its {{ define }}s are registered, the rest is returned for rendering. */
  parse(src) {
    return parseNodes(tokenize(src), 0, this.defines, [])[0];
  }

  render(nodes, root) {
    return this.renderNodes(nodes, { dot: root, vars: { $: root } });
  }

  evalPipeline(p, scope) {
    let piped;
    let has = false;
    for (const cmd of p.cmds) {
      piped = this.evalCommand(cmd, scope, has ? [piped] : []);
      has = true;
    }
    if (p.decl) {
      if (p.decl.length !== 1) throw new Error('multi-variable declaration only works in range');
      scope.vars[p.decl[0]] = piped;
    }
    return piped;
  }

  evalCommand(terms, scope, piped) {
    const [head, ...rest] = terms;
    const val = (t) => (t.k === 'lit' ? t.v : t.k === 'ref' ? lookup(t.v, scope) : t.k === 'pipe' ? this.evalPipeline(t.v, { ...scope, vars: { ...scope.vars } }) : this.callFn(t.v, [], scope));
    if (head.k === 'fn') return this.callFn(head.v, [...rest.map(val), ...piped], scope);
    if (rest.length || piped.length) throw new Error('only a function can take arguments in a template command');
    return val(head);
  }

  callFn(name, args) {
    const f = this.funcs[name];
    if (!f) throw new Error(`template function "${name}" is not supported by this renderer`);
    return f(...args);
  }

  renderNodes(nodes, scope) {
    let out = '';
    for (const node of nodes) {
      if (node.n === 'text') out += node.v;
      else if (node.n === 'action') {
        const v = this.evalPipeline(node.p, scope);
        if (!node.p.decl) out += str(v);
      } else if (node.n === 'if') {
        // Variables declared inside a branch end with it, as in Go.
        const inner = { dot: scope.dot, vars: { ...scope.vars } };
        out += this.renderNodes(truthy(this.evalPipeline(node.p, inner)) ? node.body : node.else, inner);
      } else if (node.n === 'with') {
        const v = this.evalPipeline(node.p, { ...scope, vars: { ...scope.vars } });
        out += truthy(v) ? this.renderNodes(node.body, { dot: v, vars: { ...scope.vars } }) : this.renderNodes(node.else, scope);
      } else if (node.n === 'range') {
        const { decl, cmds } = node.p;
        const coll = this.evalPipeline({ cmds }, scope);
        const entries = Array.isArray(coll) ? coll.map((v, i) => [i, v]) : coll && typeof coll === 'object' ? Object.keys(coll).sort().map((k) => [k, coll[k]]) : [];
        if (coll !== null && coll !== undefined && typeof coll !== 'object') throw new Error('range over a non-collection');
        if (!entries.length) out += this.renderNodes(node.else, scope);
        for (const [k, v] of entries) {
          const vars = { ...scope.vars };
          if (decl?.length === 1) vars[decl[0]] = v;
          if (decl?.length === 2) [vars[decl[0]], vars[decl[1]]] = [k, v];
          out += this.renderNodes(node.body, { dot: v, vars });
        }
      }
    }
    return out;
  }
}
