// Module loader hooks (they run on the loader thread): append the URL of every module resolved to a file.
import { appendFileSync } from 'node:fs';

let out = '';

export function initialize(data) {
  out = data.out;
}

export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(out, r.url + '\n');
  return r;
}
