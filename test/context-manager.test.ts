// The agent's context manager binds emitters by wrapping emit() once and
// functions with an arity-preserving wrapper (agent/context-manager.ts). What
// instrumentations rely on must hold: listeners run in the bound context
// whoever emits, removal and once() work, `length` is kept, attach() restores.
import { EventEmitter } from 'node:events';
import { ROOT_CONTEXT, createContextKey, type Context } from '@opentelemetry/api';
import { AgentContextManager } from '../agent/run/context-manager';

const KEY = createContextKey('test');
const ctx = (v: string): Context => ROOT_CONTEXT.setValue(KEY, v);
const valueIn = (m: AgentContextManager) => m.active().getValue(KEY);

describe('AgentContextManager', () => {
  const m = new AgentContextManager().enable();

  test('with() runs in the context and restores it', () => {
    expect(m.with(ctx('a'), () => valueIn(m))).toBe('a');
    expect(valueIn(m)).toBeUndefined();
    expect(m.with(ctx('a'), function (this: { x: number }, y: number) { return this.x + y; }, { x: 1 }, 2)).toBe(3);
  });

  test('a bound emitter runs listeners added before and after binding in the bound context, whoever emits', () => {
    const ee = new EventEmitter();
    const seen: unknown[] = [];
    ee.on('early', () => seen.push(['early', valueIn(m)]));
    m.bind(ctx('request'), ee);
    m.bind(ctx('second binding is ignored'), ee);
    const late = () => seen.push(['late', valueIn(m)]);
    m.with(ctx('listener added elsewhere'), () => ee.on('late', late));
    ee.once('once', (arg) => seen.push(['once', valueIn(m), arg]));
    m.with(ctx('emitter'), () => {
      ee.emit('early');
      ee.emit('late');
      ee.emit('once', 42);
      ee.emit('once', 43);
    });
    expect(seen).toEqual([['early', 'request'], ['late', 'request'], ['once', 'request', 42]]);
    // The original listener is what was registered: removal works without bookkeeping.
    ee.removeListener('late', late);
    expect(ee.listenerCount('late')).toBe(0);
    expect(ee.emit('late')).toBe(false);
    expect(ee.emit('nobody')).toBe(false);
    expect(() => ee.emit('error', new Error('unhandled stays unhandled'))).toThrow('unhandled stays unhandled');
  });

  test('a bound function keeps its arity (express tells error handlers by it) and this', () => {
    const fns = [() => valueIn(m), (_a: unknown) => valueIn(m), (_a: unknown, _b: unknown) => valueIn(m), (_a: unknown, _b: unknown, _c: unknown) => valueIn(m), (_err: unknown, _req: unknown, _res: unknown, _next: unknown) => valueIn(m), (_a: unknown, _b: unknown, _c: unknown, _d: unknown, _e: unknown) => valueIn(m)];
    fns.forEach((f, arity) => {
      const bound = m.bind(ctx(`arity ${arity}`), f);
      expect(bound.length).toBe(arity);
      expect((bound as (...a: unknown[]) => unknown)(1, 2, 3, 4, 5)).toBe(`arity ${arity}`);
    });
    const obj = { n: 7, get(this: { n: number }, k: number) { return this.n * k; } };
    obj.get = m.bind(ctx('x'), obj.get);
    expect(obj.get(2)).toBe(14);
    expect(m.bind(ctx('x'), 'not a function')).toBe('not a function');
  });

  test('attach() sets the context until the token is disposed', () => {
    const token = m.attach(ctx('attached'));
    expect(valueIn(m)).toBe('attached');
    token.dispose();
    token.dispose();
    expect(valueIn(m)).toBeUndefined();
  });
});
