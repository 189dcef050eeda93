// A YAML document as Mistral's PyYAML sees it, plus where every node and key sits in the source.
//
// js-yaml's `parseEvents` does the syntax and hands us a flat event stream with source offsets; this
// module builds the nodes itself so that it can (a) resolve scalars with PyYAML's YAML 1.1 rules,
// (b) keep the position of every node and key, (c) report duplicate keys instead of silently keeping
// the last one, and (d) bound what aliases may expand to.
//
// Known differences from Mistral's loader, which are deliberate: anchors and aliases work here as in
// plain PyYAML (Mistral's own SafeLoader reads `&x` and `*x` as text); a plain scalar cannot start
// with `@` (Mistral's loader allows it); timestamps stay strings.
import { EVENT_ID, getScalarValue, parseEvents, SCALAR_STYLE, YAMLException } from "js-yaml";
import type { Event, ScalarEvent } from "js-yaml";
import type { DslErrorCode, DslIssue } from "../errors.js";
import { formatPath, type PathSegment } from "./format-path.js";
import { LineIndex, type SourcePosition } from "./line-index.js";
import { constructTaggedScalar, resolvePlainScalar, type PyYamlNumberHooks } from "./py-yaml-scalar.js";
import type { ScalarResolution } from "./py-yaml-scalar.js";
import { setDictItem } from "../python/py-types.js";

/** How a scalar was written. */
export type YamlScalarStyle = "plain" | "single-quoted" | "double-quoted" | "literal" | "folded";

/** A scalar: its PyYAML value, its text as written (after unescaping) and its style. */
export interface YamlScalarNode {
  readonly kind: "scalar";
  readonly value: unknown;
  readonly text: string;
  readonly style: YamlScalarStyle;
  readonly position: SourcePosition;
}

/** A sequence; `value` is the plain array of its items' values. */
export interface YamlSequenceNode {
  readonly kind: "sequence";
  readonly value: unknown[];
  readonly items: readonly YamlNode[];
  readonly position: SourcePosition;
}

/** One key of a mapping, after merge keys (`<<`) are applied and duplicates resolved (the last wins). */
export interface YamlMappingEntry {
  /** The key as a string; keys PyYAML reads as non-strings are written as JSON would (`on` → `"true"`). */
  readonly key: string;
  /** False when PyYAML reads the key as something else than a string (`yes`, `1`, `~`...). */
  readonly keyIsString: boolean;
  /** The key as written (after unescaping), e.g. `on` for a key read as `true`. */
  readonly keyText: string;
  readonly keyPosition: SourcePosition;
  readonly node: YamlNode;
}

/** A mapping; `value` is the plain object of its entries' values, in document order. */
export interface YamlMappingNode {
  readonly kind: "mapping";
  readonly value: Record<string, unknown>;
  readonly entries: readonly YamlMappingEntry[];
  readonly byKey: ReadonlyMap<string, YamlMappingEntry>;
  readonly position: SourcePosition;
}

/** Any node of a parsed document. Aliases appear as the node they refer to. */
export type YamlNode = YamlScalarNode | YamlSequenceNode | YamlMappingNode;

/** Options of {@link parseYamlDocument}; the number hooks shape the values of scalars (not of keys). */
export interface YamlDocumentOptions extends PyYamlNumberHooks {
  /**
   * How many nodes aliases may add to the document when expanded; beyond it the document is refused
   * (a "billion laughs" document is a few lines that expand to billions of nodes).
   * @defaultValue 100000
   */
  readonly maxAliasExpansion?: number;
  /**
   * Deepest nesting of collections accepted.
   * @defaultValue 500
   */
  readonly maxDepth?: number;
}

/** A parsed document: its root node and plain value, the problems found, and position look-ups. */
export interface YamlDocument {
  /** The root node; undefined when the text holds no document or could not be parsed at all. */
  readonly root: YamlNode | undefined;
  /** The plain value of the root (mappings as objects, sequences as arrays); null when there is none. */
  readonly value: unknown;
  /** Syntax errors, duplicate keys, and what PyYAML's safe loader would refuse. */
  readonly issues: readonly DslIssue[];
  /** True when one of the issues means PyYAML (and so Mistral) would refuse the text. */
  readonly refused: boolean;
  /** The node at `path`, if there is one. */
  nodeAt(path: readonly PathSegment[]): YamlNode | undefined;
  /** The 1-based line and column of the node at `path`. */
  locate(path: readonly PathSegment[]): SourcePosition | undefined;
  /** The 1-based line and column of the key of the mapping entry at `path` (its last segment is the key). */
  locateKey(path: readonly PathSegment[]): SourcePosition | undefined;
}

const DEFAULT_MAX_ALIAS_EXPANSION = 100_000;
const DEFAULT_MAX_DEPTH = 500;
const YAML_TAG_PREFIX = "tag:yaml.org,2002:";

/**
 * Parses YAML text as PyYAML's `safe_load` would (YAML 1.1 scalars, merge keys, a single document) and
 * keeps the source position of every node and key. Never throws: every problem becomes an issue.
 */
export function parseYamlDocument(text: string, options: YamlDocumentOptions = {}): YamlDocument {
  const lines = new LineIndex(text);
  const builder = new DocumentBuilder(text, lines, options);
  let events: Event[];
  try {
    events = parseEvents(text, { maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH });
  } catch (error) {
    return documentOf(undefined, [syntaxIssue(error, lines)], true);
  }
  const root = builder.build(events);
  return documentOf(root, builder.issues, builder.refused);
}

function documentOf(root: YamlNode | undefined, issues: DslIssue[], refused: boolean): YamlDocument {
  const nodeAt = (path: readonly PathSegment[]): YamlNode | undefined => {
    let node = root;
    for (const segment of path) {
      if (node === undefined) return undefined;
      node = childOf(node, segment);
    }
    return node;
  };
  return {
    root,
    value: root === undefined ? null : root.value,
    issues,
    refused,
    nodeAt,
    locate: (path) => nodeAt(path)?.position,
    locateKey: (path) => {
      const last = path[path.length - 1];
      const parent = nodeAt(path.slice(0, -1));
      if (typeof last !== "string" || parent?.kind !== "mapping") return undefined;
      return parent.byKey.get(last)?.keyPosition;
    },
  };
}

function childOf(node: YamlNode, segment: PathSegment): YamlNode | undefined {
  if (node.kind === "sequence" && typeof segment === "number") return node.items[segment];
  if (node.kind === "mapping" && typeof segment === "string") return node.byKey.get(segment)?.node;
  return undefined;
}

function syntaxIssue(error: unknown, lines: LineIndex): DslIssue {
  let position: SourcePosition = { line: 1, column: 1, offset: 0 };
  let reason = error instanceof Error ? error.message : String(error);
  if (error instanceof YAMLException) {
    reason = error.reason;
    if (error.mark) position = lines.position(error.mark.position);
  }
  return {
    code: "DSL_ERR_YAML_SYNTAX",
    message: `The text is not valid YAML: ${reason}.`,
    path: "",
    line: position.line,
    column: position.column,
  };
}

interface PendingPair {
  readonly keyNode: YamlNode;
  readonly key: string;
  readonly keyIsString: boolean;
  readonly merge: boolean;
}

interface Frame {
  readonly kind: "mapping" | "sequence";
  readonly tag: string | undefined;
  readonly anchor: string | undefined;
  readonly position: SourcePosition;
  /** Where this collection sits in its parent (undefined for the root). */
  readonly segment: PathSegment | undefined;
  readonly items: YamlNode[];
  readonly pairs: Array<{ readonly key: PendingPair; readonly valueNode: YamlNode }>;
  pendingKey: PendingPair | undefined;
  hasMerge: boolean;
}

/** Turns the event stream of one document into nodes, collecting what PyYAML would complain about. */
class DocumentBuilder {
  readonly issues: DslIssue[] = [];
  refused = false;
  private readonly stack: Frame[] = [];
  private readonly anchors = new Map<string, YamlNode>();
  private readonly openAnchors = new Set<string>();
  /** Expanded sizes of nodes, kept only for documents with aliases (the others cannot blow up). */
  private readonly weights = new WeakMap<YamlNode, number>();
  private trackWeights = false;
  private readonly maxAliasExpansion: number;
  private aliasExpansion = 0;
  private tagHandles = new Map<string, string>();
  private lastOffset = 0;
  private root: YamlNode | undefined;

  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly options: YamlDocumentOptions,
  ) {
    this.maxAliasExpansion = options.maxAliasExpansion ?? DEFAULT_MAX_ALIAS_EXPANSION;
  }

  build(events: readonly Event[]): YamlNode | undefined {
    this.trackWeights = events.some((event) => event.type === EVENT_ID.ALIAS);
    let documents = 0;
    for (const event of events) {
      switch (event.type) {
        case EVENT_ID.DOCUMENT:
          documents += 1;
          if (documents > 1) {
            this.refuse(
              "DSL_ERR_YAML_SYNTAX",
              "The text holds more than one YAML document (`---`); a definition is a single document.",
              this.documentStartAfter(this.lastOffset),
              [],
            );
            return this.root;
          }
          this.tagHandles = new Map(
            event.directives.flatMap((d) => (d.kind === "tag" ? [[d.handle, d.prefix] as const] : [])),
          );
          break;
        case EVENT_ID.MAPPING:
        case EVENT_ID.SEQUENCE: {
          const offset = this.nodeOffset(event.start, event.anchorStart, event.tagStart);
          const anchor = this.slice(event.anchorStart, event.anchorEnd);
          if (anchor !== undefined) this.openAnchors.add(anchor);
          this.stack.push({
            kind: event.type === EVENT_ID.MAPPING ? "mapping" : "sequence",
            tag: this.expandTag(event.tagStart, event.tagEnd),
            anchor,
            position: this.lines.position(offset),
            segment: this.childSegment(),
            items: [],
            pairs: [],
            pendingKey: undefined,
            hasMerge: false,
          });
          break;
        }
        case EVENT_ID.SCALAR:
          this.deliver(this.scalar(event), this.slice(event.anchorStart, event.anchorEnd));
          break;
        case EVENT_ID.ALIAS: {
          const node = this.alias(event.anchorStart, event.anchorEnd);
          if (node === undefined) return undefined;
          this.deliver(node, undefined);
          break;
        }
        case EVENT_ID.POP: {
          const frame = this.stack.pop();
          if (frame === undefined) break; // the end of a document
          if (frame.anchor !== undefined) this.openAnchors.delete(frame.anchor);
          this.deliver(frame.kind === "mapping" ? this.mapping(frame) : this.sequence(frame), frame.anchor);
          break;
        }
      }
    }
    return this.root;
  }

  private scalar(event: ScalarEvent): YamlScalarNode {
    const offset = this.nodeOffset(
      event.valueStart < 0
        ? -1
        : event.style === SCALAR_STYLE.SINGLE_QUOTED || event.style === SCALAR_STYLE.DOUBLE_QUOTED
          ? event.valueStart - 1
          : event.valueStart,
      event.anchorStart,
      event.tagStart,
    );
    const position = this.lines.position(offset);
    const text = event.valueStart < 0 ? "" : getScalarValue(this.text, event);
    const style = scalarStyleName(event.style);
    const tag = this.expandTag(event.tagStart, event.tagEnd);
    const isKey = this.expectsKey();
    // Keys are looked up by name, so they never go through the caller's number hooks.
    const hooks = isKey ? {} : this.options;
    let resolution: ScalarResolution;
    if (tag === undefined) {
      resolution = style === "plain" ? resolvePlainScalar(text, hooks) : { kind: "value", value: text };
    } else if (isCollectionTag(tag)) {
      resolution = { kind: "error", message: `the tag '${tag}' needs a collection, not a scalar` };
    } else {
      resolution = constructTaggedScalar(tag, text, hooks);
    }
    if (resolution.kind === "error") {
      this.refuse(
        "DSL_ERR_YAML_SYNTAX",
        `PyYAML cannot read this value: ${resolution.message}.`,
        offset,
        this.childPath(),
      );
      return { kind: "scalar", value: text, text, style, position };
    }
    if (resolution.kind === "merge") {
      if (isKey) return { kind: "scalar", value: MERGE_KEY, text, style, position };
      this.refuse(
        "DSL_ERR_YAML_SYNTAX",
        "A plain `<<` is YAML's merge key and cannot be a value; quote it.",
        offset,
        this.childPath(),
      );
      return { kind: "scalar", value: text, text, style, position };
    }
    return { kind: "scalar", value: resolution.value, text, style, position };
  }

  private alias(start: number, end: number): YamlNode | undefined {
    const name = this.slice(start, end) ?? "";
    const offset = Math.max(0, start - 1);
    this.lastOffset = offset;
    const target = this.anchors.get(name);
    if (target === undefined) {
      const recursive = this.openAnchors.has(name);
      this.refuse(
        "DSL_ERR_YAML_SYNTAX",
        recursive
          ? `The alias *${name} refers to a collection that contains it; recursive data cannot be used.`
          : `The alias *${name} refers to no anchor &${name} defined before it.`,
        offset,
        this.childPath(),
      );
      return { kind: "scalar", value: null, text: "", style: "plain", position: this.lines.position(offset) };
    }
    this.aliasExpansion += this.weight(target);
    if (this.aliasExpansion > this.maxAliasExpansion) {
      this.refuse(
        "DSL_ERR_YAML_SYNTAX",
        `Aliases expand this document by more than ${this.maxAliasExpansion} nodes; it is refused to protect the service.`,
        offset,
        this.childPath(),
      );
      return undefined;
    }
    // The node is shared (as PyYAML shares objects), but reported at the place of the alias.
    const node: YamlNode = { ...target, position: this.lines.position(offset) };
    this.weights.set(node, this.weight(target));
    return node;
  }

  private sequence(frame: Frame): YamlNode {
    let weight = 1;
    if (this.trackWeights) for (const item of frame.items) weight += this.weight(item);
    let value: unknown[];
    if (frame.tag === undefined || frame.tag === "!" || frame.tag === `${YAML_TAG_PREFIX}seq`) {
      value = frame.items.map((item) => item.value);
    } else if (frame.tag === `${YAML_TAG_PREFIX}omap` || frame.tag === `${YAML_TAG_PREFIX}pairs`) {
      // PyYAML makes a list of (key, value) tuples of these; as JSON they are pairs.
      value = [];
      for (const item of frame.items) {
        if (item.kind === "mapping" && item.entries.length === 1 && item.entries[0]) {
          value.push([item.entries[0].key, item.entries[0].node.value]);
        } else {
          this.refuse(
            "DSL_ERR_YAML_SYNTAX",
            `Every item of a ${frame.tag} must be a mapping with a single key.`,
            item.position.offset,
            this.framePath(frame),
          );
        }
      }
    } else {
      value = frame.items.map((item) => item.value);
      this.refuse(
        "DSL_ERR_YAML_SYNTAX",
        tagMismatch(frame.tag, "sequence"),
        frame.position.offset,
        this.framePath(frame),
      );
    }
    const node: YamlSequenceNode = { kind: "sequence", value, items: frame.items, position: frame.position };
    if (this.trackWeights) this.weights.set(node, weight);
    return node;
  }

  private mapping(frame: Frame): YamlNode {
    const byKey = new Map<string, YamlMappingEntry>();
    // Only needed to tell duplicates from overridden merged keys.
    const own = frame.hasMerge ? new Set<string>() : undefined;
    // PyYAML puts merged keys first (from the last merged mapping to the first, so that the first wins)
    // and the mapping's own keys after them, so own keys override merged ones.
    if (frame.hasMerge) {
      for (const { key: pair, valueNode } of frame.pairs) {
        if (!pair.merge) continue;
        for (const entries of this.mergedMappings(valueNode, this.framePath(frame))) {
          for (const entry of entries) byKey.set(entry.key, entry);
        }
      }
    }
    for (const { key: pair, valueNode } of frame.pairs) {
      if (pair.merge) continue;
      if (own === undefined ? byKey.has(pair.key) : own.has(pair.key)) {
        this.report(
          "DSL_ERR_DUPLICATE_KEY",
          `The key '${pair.key}' appears more than once in this mapping; only the last one counts.`,
          pair.keyNode.position,
          [...this.framePath(frame), pair.key],
          "Remove or rename one of them (Mistral would silently keep the last).",
        );
      }
      own?.add(pair.key);
      byKey.set(pair.key, {
        key: pair.key,
        keyIsString: pair.keyIsString,
        keyText: pair.keyNode.kind === "scalar" ? pair.keyNode.text : pair.key,
        keyPosition: pair.keyNode.position,
        node: valueNode,
      });
    }
    let weight = 1;
    const value: Record<string, unknown> = {};
    for (const entry of byKey.values()) {
      if (this.trackWeights) weight += 1 + this.weight(entry.node);
      setDictItem(value, entry.key, entry.node.value);
    }
    const entries = [...byKey.values()];
    let node: YamlNode;
    if (frame.tag === `${YAML_TAG_PREFIX}set`) {
      // PyYAML builds a set; stored as JSON it becomes the list of its members.
      const members = entries.map((entry) => entry.key);
      node = {
        kind: "sequence",
        value: members,
        items: entries.map((e) => e.node),
        position: frame.position,
      };
    } else {
      if (frame.tag !== undefined && frame.tag !== "!" && frame.tag !== `${YAML_TAG_PREFIX}map`) {
        this.refuse(
          "DSL_ERR_YAML_SYNTAX",
          tagMismatch(frame.tag, "mapping"),
          frame.position.offset,
          this.framePath(frame),
        );
      }
      node = { kind: "mapping", value, entries, byKey, position: frame.position };
    }
    if (this.trackWeights) this.weights.set(node, weight);
    return node;
  }

  private mergedMappings(node: YamlNode, path: PathSegment[]): Array<readonly YamlMappingEntry[]> {
    if (node.kind === "mapping") return [node.entries];
    if (node.kind === "sequence") {
      const groups: Array<readonly YamlMappingEntry[]> = [];
      for (const item of node.items) {
        if (item.kind === "mapping") groups.push(item.entries);
        else this.refuse("DSL_ERR_YAML_SYNTAX", MERGE_NEEDS_MAPPINGS, item.position.offset, [...path, "<<"]);
      }
      return groups.reverse();
    }
    this.refuse("DSL_ERR_YAML_SYNTAX", MERGE_NEEDS_MAPPINGS, node.position.offset, [...path, "<<"]);
    return [];
  }

  /** Hands a finished node to the collection that contains it (or makes it the root). */
  private deliver(node: YamlNode, anchor: string | undefined): void {
    if (anchor !== undefined) {
      if (this.anchors.has(anchor)) {
        this.refuse(
          "DSL_ERR_YAML_SYNTAX",
          `The anchor &${anchor} is defined twice; PyYAML refuses duplicate anchors.`,
          node.position.offset,
          this.childPath(),
        );
      }
      this.anchors.set(anchor, node);
    }
    const parent = this.stack[this.stack.length - 1];
    if (parent === undefined) {
      this.root = node;
      return;
    }
    if (parent.kind === "sequence") {
      parent.items.push(node);
      return;
    }
    if (parent.pendingKey === undefined) {
      parent.pendingKey = this.keyOf(node);
      if (parent.pendingKey.merge) parent.hasMerge = true;
      return;
    }
    parent.pairs.push({ key: parent.pendingKey, valueNode: node });
    parent.pendingKey = undefined;
  }

  private keyOf(node: YamlNode): PendingPair {
    if (node.kind !== "scalar") {
      this.refuse(
        "DSL_ERR_YAML_SYNTAX",
        `A ${node.kind} cannot be a mapping key (PyYAML needs hashable keys).`,
        node.position.offset,
        this.currentPath(),
      );
      return {
        keyNode: node,
        key: node.kind === "mapping" ? "{...}" : "[...]",
        keyIsString: false,
        merge: false,
      };
    }
    if (node.value === MERGE_KEY) return { keyNode: node, key: "<<", keyIsString: false, merge: true };
    const value = node.value;
    if (typeof value === "string") return { keyNode: node, key: value, keyIsString: true, merge: false };
    return { keyNode: node, key: String(value), keyIsString: false, merge: false };
  }

  private expectsKey(): boolean {
    const top = this.stack[this.stack.length - 1];
    return top !== undefined && top.kind === "mapping" && top.pendingKey === undefined;
  }

  private childSegment(): PathSegment | undefined {
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) return undefined;
    if (top.kind === "sequence") return top.items.length;
    return top.pendingKey?.key;
  }

  /** The path of the innermost open collection. */
  private currentPath(): PathSegment[] {
    const path: PathSegment[] = [];
    for (const frame of this.stack) if (frame.segment !== undefined) path.push(frame.segment);
    return path;
  }

  /** The path of the node about to be delivered to the innermost open collection. */
  private childPath(): PathSegment[] {
    const segment = this.childSegment();
    return segment === undefined ? this.currentPath() : [...this.currentPath(), segment];
  }

  /** The path of a collection that was just closed (and so is no longer on the stack). */
  private framePath(frame: Frame): PathSegment[] {
    return frame.segment === undefined ? this.currentPath() : [...this.currentPath(), frame.segment];
  }

  private weight(node: YamlNode): number {
    return this.weights.get(node) ?? 1;
  }

  private nodeOffset(start: number, anchorStart: number, tagStart: number): number {
    let offset = start;
    // Anchors are reported from their `&`; the event offset points after it.
    if (anchorStart > 0 && (offset < 0 || anchorStart - 1 < offset)) offset = anchorStart - 1;
    if (tagStart >= 0 && (offset < 0 || tagStart < offset)) offset = tagStart;
    // An empty scalar has no offset of its own: it is reported where the last node was.
    if (offset < 0) return this.lastOffset;
    this.lastOffset = offset;
    return offset;
  }

  /** The offset of the `---` that starts the next document, or the end of the text. */
  private documentStartAfter(offset: number): number {
    const marker = /^(?:---|\.\.\.)/gm;
    marker.lastIndex = offset;
    const found = marker.exec(this.text);
    return found === null ? this.text.length : found.index;
  }

  private slice(start: number, end: number): string | undefined {
    return start < 0 ? undefined : this.text.slice(start, end);
  }

  private expandTag(start: number, end: number): string | undefined {
    const written = this.slice(start, end);
    if (written === undefined) return undefined;
    if (written === "!") return "!";
    if (written.startsWith("!<")) return written.slice(2, -1);
    const handleEnd = written.indexOf("!", 1);
    const handle = handleEnd === -1 ? "!" : written.slice(0, handleEnd + 1);
    const suffix = written.slice(handle.length);
    const prefix = this.tagHandles.get(handle) ?? (handle === "!!" ? YAML_TAG_PREFIX : handle);
    try {
      return prefix + decodeURIComponent(suffix);
    } catch {
      return prefix + suffix;
    }
  }

  private refuse(code: DslErrorCode, message: string, offset: number, path: readonly PathSegment[]): void {
    this.refused = true;
    this.report(code, message, this.lines.position(offset), path);
  }

  private report(
    code: DslErrorCode,
    message: string,
    position: SourcePosition,
    path: readonly PathSegment[],
    hint?: string,
  ): void {
    const issue: DslIssue = {
      code,
      message,
      path: formatPath(path),
      line: position.line,
      column: position.column,
    };
    this.issues.push(hint === undefined ? issue : { ...issue, hint });
  }
}

/** Stands for the merge key `<<` until its mapping is finished. */
const MERGE_KEY: unique symbol = Symbol("merge key");

const MERGE_NEEDS_MAPPINGS = "A merge key (`<<`) needs a mapping or a list of mappings.";

function isCollectionTag(tag: string): boolean {
  return ["seq", "map", "omap", "pairs", "set"].some((name) => tag === YAML_TAG_PREFIX + name);
}

function tagMismatch(tag: string, kind: "sequence" | "mapping"): string {
  return `PyYAML's safe loader cannot build a ${kind} tagged '${tag}'.`;
}

function scalarStyleName(style: number): YamlScalarStyle {
  switch (style) {
    case SCALAR_STYLE.SINGLE_QUOTED:
      return "single-quoted";
    case SCALAR_STYLE.DOUBLE_QUOTED:
      return "double-quoted";
    case SCALAR_STYLE.LITERAL_BLOCK:
      return "literal";
    case SCALAR_STYLE.FOLDED_BLOCK:
      return "folded";
    default:
      return "plain";
  }
}
