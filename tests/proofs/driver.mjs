// Runs one example module under Node for the fix proofs (runner.py): imports it,
// awaits each of the calls the harness appended to it, and prints what they
// returned or threw and what the code printed, as JSON.
import { pathToFileURL } from 'node:url';

const printed = [];
console.log = (...args) => printed.push(args.map(String).join(' '));

function plain(value) {
  if (value === undefined) return null;
  if (Buffer.isBuffer(value)) return value.toString();
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof Set) return [...value].map(plain).sort();
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), plain(v)]));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return typeof value === 'function' ? 'function' : value;
}

const outcomes = [];
try {
  const mod = await import(pathToFileURL(process.argv[2]).href);
  const calls = mod.__proofCalls ?? mod.default?.__proofCalls ?? [];
  for (const call of calls) {
    try {
      outcomes.push({ value: plain(await call()) });
    } catch (error) {
      outcomes.push({ raised: error?.constructor?.name ?? 'Error' });
    }
  }
} catch (error) {
  outcomes.push({ raised: error?.constructor?.name ?? 'Error' });
}
process.stdout.write(JSON.stringify({ outcomes, printed }));
process.exit(0);
