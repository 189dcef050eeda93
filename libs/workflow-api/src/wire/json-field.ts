// Mistral's JsonType body fields (`input`, `params`, `variables`, `output`, `env`...): a client may
// send a JSON-encoded string or an object; an empty value means `{}`; anything else must decode to an
// object. Decoding goes through pyJsonLoads so that `1.0` stays a float and big ints stay exact.
import { pyJsonLoads, pyStr } from "@ops/dsl";
import { ApiError } from "../errors/api-error.js";

type Dict = Record<string, unknown>;

function isPlainObject(value: unknown): value is Dict {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined || value === "" || value === false || value === 0) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isPlainObject(value) && Object.keys(value).length === 0;
}

function pythonTypeName(value: unknown): string {
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  if (typeof value === "boolean") return "bool";
  if (Array.isArray(value)) return "list";
  return typeof value;
}

/**
 * Reads a JsonType field of a request body: `undefined` when absent, `{}` when empty, else the object.
 * Throws `WF_API_ERR_BAD_FIELD` (400) with Mistral's wording when it is not JSON or not an object.
 */
export function readJsonObjectField(field: string, value: unknown): Dict | undefined {
  if (value === undefined) return undefined;
  let decoded: unknown = value;
  if (typeof value === "string") {
    if (value === "") return {};
    try {
      decoded = pyJsonLoads(value);
    } catch (error) {
      throw new ApiError(
        "WF_API_ERR_BAD_FIELD",
        `Invalid input for field/attribute ${field}. Value: '${value}'. ${(error as Error).message}`,
        { context: { field }, cause: error },
      );
    }
  } else if (value !== null && !isPlainObject(value)) {
    throw new ApiError(
      "WF_API_ERR_BAD_FIELD",
      `Invalid input for field/attribute ${field}. Value: '${pyStr(value)}'. ` +
        `the JSON object must be str, bytes or bytearray, not ${pythonTypeName(value)}`,
      { context: { field } },
    );
  }
  if (isEmpty(decoded)) return {};
  if (!isPlainObject(decoded)) {
    throw new ApiError(
      "WF_API_ERR_BAD_FIELD",
      `JsonType field value must be a dictionary [actual=${pyStr(decoded)}]`,
      { context: { field } },
    );
  }
  return decoded;
}

/** Whether a value is a plain JSON object (not an array, not null). */
export { isPlainObject };
