// Attribute and item access as SandboxedEnvironment does it: `x.name` tries the Python attribute
// first and then the item, `x[key]` the item first and then (for a str key) the attribute.
// Names starting with an underscore that exist are refused with a SecurityError; what exists
// nowhere becomes an undefined value that fails when used ("'dict object' has no attribute 'x'").
import { lookupAttribute, UNSAFE } from "./jinja-methods.js";
import { subscript } from "./jinja-protocol.js";
import { isStr, MISSING, strValue, typeName, Undefined } from "./jinja-values.js";

function unsafeUndefined(obj: unknown, name: string): Undefined {
  return new Undefined(
    `access to attribute '${name}' of '${typeName(obj)}' object is unsafe.`,
    obj,
    name,
    "SecurityError",
  );
}

/** The attribute itself (no item fallback), as the `attr` filter wants it; MISSING when absent. */
export function safeAttribute(obj: unknown, name: string): unknown {
  const value = lookupAttribute(obj, name);
  if (value === MISSING) return MISSING;
  if (value === UNSAFE || name.startsWith("_")) return unsafeUndefined(obj, name);
  return value;
}

/** environment.getattr(obj, name) of the sandbox. */
export function getAttr(obj: unknown, name: string): unknown {
  if (obj instanceof Undefined) {
    // Undefined objects have Python's own dunders (__class__, ...): the sandbox refuses those.
    if (lookupAttribute(obj, name) === UNSAFE) return unsafeUndefined(obj, name);
    obj.fail();
  }
  const value = safeAttribute(obj, name);
  if (value !== MISSING) return value;
  const item = subscript(obj, name);
  return item === MISSING ? new Undefined(null, obj, name) : item;
}

/** environment.getitem(obj, key) of the sandbox. */
export function getItem(obj: unknown, key: unknown): unknown {
  if (obj instanceof Undefined) obj.fail();
  const item = subscript(obj, key);
  if (item !== MISSING) return item;
  if (isStr(key)) {
    const value = safeAttribute(obj, strValue(key));
    if (value !== MISSING) return value;
  }
  return new Undefined(null, obj, key);
}
