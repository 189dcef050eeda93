// One entry of `with-items`, read as Mistral reads it (WITH_ITEMS_PTRN in mistral/lang/v2/tasks.py):
// `var in <% expression %>`, `var in {{ expression }}` or `var in [json, list]`. Like Mistral's
// `re.match`, only the start of the text has to match; what follows the source is ignored.

/** A `with-items` entry split into its variable and the text of its source. */
export interface WithItemsEntry {
  readonly variable: string;
  /** The expression, or the JSON list as written. */
  readonly sourceText: string;
  /** Text after the source, which Mistral ignores; "" when none. */
  readonly ignored: string;
}

const WITH_ITEMS = /^\s*([\p{L}\p{N}_-]+)\s*in\s*(\[[^\n]+\]|\{\{[^\n]*?\}\}|<%[^\n]*?%>)/u;

/** Splits a `with-items` entry; undefined when it does not have the form `var in <source>`. */
export function parseWithItemsEntry(text: string): WithItemsEntry | undefined {
  const match = WITH_ITEMS.exec(text);
  if (match === null) return undefined;
  return {
    variable: match[1] ?? "",
    sourceText: match[2] ?? "",
    ignored: text.slice(match[0].length).trim(),
  };
}
