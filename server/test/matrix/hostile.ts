import fc from 'fast-check';

/**
 * Hostile input generated from a route's zod contracts (issue #14 §14, decision 0019): a value that
 * mostly fits the schema (so the request gets past the easy checks and reaches the code behind
 * them), with one place made hostile — a wrong type, a huge or deeply nested value, unicode edge
 * cases, null, an extra field — or the whole input replaced by something else entirely.
 */

// biome-ignore lint: zod's internal definition is untyped here
type Def = any;
/** zod 4 keeps a schema's definition under this key. */
const ZOD = '_zod';
const defOf = (schema: unknown): Def => (schema as Record<string, { def?: Def } | undefined> | null)?.[ZOD]?.def ?? { type: 'unknown' };

/** Text that has broken servers: lone surrogates, NUL, bidi overrides, stacked combining marks, 4-byte emoji, full-width forms. */
export const EDGE_TEXT = [
  '\ud800', 'a\udfffb', '\udc00\ud800', '\u0000', 'x\u0000y', '\u202etxt.exe', '\u200f\u200e\u2066', 'e\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301',
  '👩‍👩‍👧‍👦', '𠮷野家', '🏳️‍🌈'.repeat(20), 'ＡＢＣ１２３　ｱｲｳ', '\ufeff', '\uffff', '\r\n\t', "'; DROP TABLE people; --", '<script>alert(1)</script>', '../../etc/passwd', '%00', '{{7*7}}',
];

const edge = fc.constantFrom(...EDGE_TEXT);
const huge = fc.constantFrom('あ'.repeat(100_000), 'x'.repeat(20_000), '9'.repeat(400));
/** A value nested far deeper than any contract. */
const deep = fc.integer({ min: 50, max: 400 }).map((n) => {
  let v: unknown = 'core';
  for (let i = 0; i < n; i++) v = i % 2 ? [v] : { a: v };
  return v;
});
const wrongType = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant([]), fc.constant({}), fc.string({ maxLength: 6 }), fc.constant(1e308), fc.constant(-0));

/** Anything hostile in place of one value. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: edge, weight: 6 },
  { arbitrary: edge.map((e) => `テスト${e}テスト`), weight: 4 },
  { arbitrary: wrongType, weight: 4 },
  { arbitrary: huge, weight: 1 },
  { arbitrary: deep, weight: 1 },
  { arbitrary: fc.array(edge, { minLength: 1, maxLength: 3 }), weight: 1 },
);

function checks(def: Def): Def[] {
  return (def.checks ?? []).map((c: Def) => c?.[ZOD]?.def ?? c);
}

/** A value that mostly fits `schema` (not always: references and refinements are not known here). */
export function fitting(schema: unknown, depth = 0): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  if (depth > 6) return fc.constant(null);
  switch (def.type) {
    case 'string': {
      const cs = checks(def);
      const pattern = (def.pattern as RegExp | undefined) ?? cs.find((c) => c.check === 'string_format' && c.pattern)?.pattern;
      if (pattern) return fc.stringMatching(pattern).map((s) => s.slice(0, 200));
      const max = cs.find((c) => c.check === 'max_length')?.maximum ?? 40;
      const min = cs.find((c) => c.check === 'min_length')?.minimum ?? 0;
      return fc.oneof(fc.constantFrom('テスト', '大嶺', 'matrix'), fc.string({ minLength: min, maxLength: Math.min(max, 20) })).filter((s) => s.length >= min && s.length <= max);
    }
    case 'number': {
      const cs = checks(def);
      const lo = cs.find((c) => c.check === 'greater_than')?.value ?? 0;
      const hi = cs.find((c) => c.check === 'less_than')?.value ?? 100;
      return fc.integer({ min: Math.ceil(Number(lo)), max: Math.max(Math.ceil(Number(lo)), Math.floor(Number(hi))) });
    }
    case 'int':
      return fc.integer({ min: 0, max: 100 });
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries as Record<string, string>));
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'null':
      return fc.constant(null);
    case 'optional':
      return fc.option(fitting(def.innerType, depth + 1), { nil: undefined, freq: 3 });
    case 'nullable':
      return fc.option(fitting(def.innerType, depth + 1), { nil: null, freq: 5 });
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return fitting(def.innerType, depth + 1);
    case 'pipe':
      return fitting(def.in, depth + 1);
    case 'lazy':
      return fitting(def.getter(), depth + 1);
    case 'array':
      return fc.array(fitting(def.element, depth + 1), { maxLength: 2 });
    case 'tuple':
      return fc.tuple(...(def.items as unknown[]).map((i) => fitting(i, depth + 1)));
    case 'union':
      return fc.oneof(...(def.options as unknown[]).map((o) => fitting(o, depth + 1)));
    case 'intersection':
      return fc.tuple(fitting(def.left, depth + 1), fitting(def.right, depth + 1)).map(([a, b]) => (isObject(a) && isObject(b) ? { ...a, ...b } : a));
    case 'record':
      return fc.dictionary(fc.constantFrom('a', 'b'), fitting(def.valueType, depth + 1), { maxKeys: 2 });
    case 'object':
      return fc.record(Object.fromEntries(Object.entries(def.shape as Record<string, unknown>).map(([k, v]) => [k, fitting(v, depth + 1)])), { requiredKeys: [] }).map(dropUndefined);
    default:
      return fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.constant(null));
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const dropUndefined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** The field names of an object schema (through optional, default, pipe …), or [] when it is not one. */
export function fieldsOf(schema: unknown): string[] {
  const def = defOf(schema);
  if (def.type === 'object') return Object.keys(def.shape);
  if (['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch'].includes(def.type)) return fieldsOf(def.innerType);
  if (def.type === 'pipe') return fieldsOf(def.in);
  return [];
}

/** Replaces one path of a (nested) value: the first string, array or object found along keys. */
export function setAt(v: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [h, ...rest] = path;
  if (Array.isArray(v)) {
    const copy = [...v];
    copy[Number(h)] = setAt(copy[Number(h)], rest, value);
    return copy;
  }
  const o = isObject(v) ? v : {};
  return { ...o, [h as string]: setAt(o[h as string], rest, value) };
}

/** Every path to a leaf of a JSON value (strings, numbers, …), for choosing where to put the hostile value. */
export function leafPaths(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (Array.isArray(v)) v.forEach((x, i) => leafPaths(x, [...at, i], out));
  else if (isObject(v)) for (const [k, x] of Object.entries(v)) leafPaths(x, [...at, k], out);
  else out.push(at);
  return out;
}

/** A body for `schema`: mostly fitting, with one hostile place, an extra field, or wholly replaced. */
export function hostileBody(schema: unknown): fc.Arbitrary<unknown> {
  const fields = fieldsOf(schema);
  return fc.oneof(
    // One field (by name, present or not) made hostile.
    { arbitrary: fc.tuple(fitting(schema), fields.length ? fc.constantFrom(...fields) : fc.constant('extra'), hostileValue).map(([b, k, h]) => ({ ...(isObject(b) ? b : {}), [k]: h })), weight: 5 },
    // One leaf anywhere (inside arrays and nested objects) made hostile.
    { arbitrary: fc.tuple(fitting(schema), hostileValue, fc.nat()).map(([b, h, i]) => { const ps = leafPaths(b); return ps.length ? setAt(b, ps[i % ps.length]!, h) : h; }), weight: 3 },
    // Every field null.
    { arbitrary: fc.constant(Object.fromEntries(fields.map((k) => [k, null]))), weight: 1 },
    // A fitting body with an extra field.
    { arbitrary: fc.tuple(fitting(schema), fc.constantFrom('__proto__', 'constructor', 'isAdmin', 'municipalityCode', 'x'), hostileValue).map(([b, k, h]) => ({ ...(isObject(b) ? b : {}), [k]: h })), weight: 2 },
    // Not an object at all.
    { arbitrary: fc.oneof(hostileValue, deep, fc.constant([{}]), fc.constant('null')), weight: 1 },
  );
}

/** A query string for `schema`: fitting values as text, one made hostile, sometimes a key repeated or unknown. */
export function hostileQuery(schema: unknown): fc.Arbitrary<string> {
  const fields = fieldsOf(schema);
  const text = fc.oneof({ arbitrary: edge, weight: 5 }, { arbitrary: huge, weight: 1 }, { arbitrary: fc.constantFrom('', '-1', '1e309', 'null', '[]', 'true'), weight: 2 });
  return fc
    .tuple(fitting(schema), fields.length ? fc.constantFrom(...fields, 'unknownParam') : fc.constant('unknownParam'), text, fc.boolean())
    .map(([q, k, h, repeat]) => {
      const base = Object.entries(isObject(q) ? q : {}).filter(([, v]) => v !== null && typeof v !== 'object').map(([name, v]) => [name, String(v)] as [string, string]);
      const parts = base.filter(([name]) => name !== k);
      parts.push([k, h]);
      if (repeat) parts.push([k, h]);
      return parts.map(([name, v]) => `${percentEncode(name)}=${percentEncode(v)}`).join('&');
    });
}

/** A path parameter value: hostile text, huge, traversal, encoded NUL. */
export const hostileParam: fc.Arbitrary<string> = fc.oneof(edge, fc.constantFrom('x'.repeat(5000), '..', '%2e%2e%2f', ' ', 'null', '-1', '0'.repeat(70)));

/**
 * Percent-encodes any JavaScript string, lone surrogates included (as the WTF-8 bytes a careless
 * client sends; `encodeURIComponent` throws on them).
 */
export function percentEncode(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0xd800 && c <= 0xdfff) out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    else out += encodeURIComponent(ch);
  }
  return out;
}

/**
 * A known-good body (a fresh one per call: new ids) with one text leaf replaced by edge-case text —
 * the input that gets past every check and reaches the database, where broken text shows.
 */
export function seededBody(seed: () => unknown): fc.Arbitrary<unknown> {
  return fc.tuple(edge, fc.nat()).map(([text, i]) => {
    const b = seed();
    const texts = leafPaths(b).filter((p) => {
      let v: unknown = b;
      for (const k of p) v = (v as Record<string | number, unknown>)[k];
      return typeof v === 'string';
    });
    return texts.length ? setAt(b, texts[i % texts.length]!, text) : b;
  });
}
