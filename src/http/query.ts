// Strict query parameters: integers are decimal digits in range, and every error names the parameter.
// Query values are never type-coerced by the schema validator (the server turns coercion off): a route's
// schema declares an integer parameter as a string and its handler reads it with `intParam`.
import { invalid } from '../errors.js';

/** Schema of an integer query parameter (the value is checked and converted by `intParam`). */
export const INT_PARAM = { type: 'string', maxLength: 32 } as const;

const DECIMAL = /^-?[0-9]+$/;

/** The value of an integer parameter, or undefined when absent; a 400 naming `name` unless it is a decimal integer in [min, max]. */
export function intParam(
  value: string | undefined,
  name: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!DECIMAL.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw invalid(
      name,
      `must be a decimal integer from ${min} to ${max}, got ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`,
    );
  }
  return n;
}
