// The text of one workflow or action inside a workbook, as Mistral stores it for the workflow and
// action definitions a workbook creates (mistral/lang/parser.py, _parse_def_from_wb): from the line
// `name:` under the section, every following line indented deeper (blank lines and comments kept),
// with the name's indentation removed.

/** The definition text of `itemName` in `section` ("workflows" or "actions") of a workbook's YAML. */
export function workbookSectionText(
  workbookText: string,
  section: "workflows" | "actions",
  itemName: string,
): string {
  const start = workbookText.indexOf(`${section}:`);
  if (start < 0) return "";
  const lines = workbookText.slice(start).split(/(?<=\n)/);
  lines.shift();
  const wanted = `${itemName}:`;
  const out: string[] = [];
  let indent = -1;
  let index = 0;
  for (; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.trim() === wanted) {
      indent = line.indexOf(wanted);
      out.push(line.trimStart());
      index++;
      break;
    }
  }
  if (indent < 0) return "";
  for (; index < lines.length; index++) {
    const line = lines[index]!;
    const stripped = line.trim();
    if (stripped === "") {
      out.push(line);
    } else if (stripped.startsWith("#")) {
      out.push(indent > line.indexOf("#") ? line : line.slice(indent));
    } else {
      const lead = line.length - line.trimStart().length;
      if (indent < lead) out.push(line.slice(indent));
      else break;
    }
  }
  return out.join("").trimEnd() + "\n";
}

/**
 * One workflow of a document defining several: its `version` line and its own lines. (Mistral
 * re-dumps the YAML here; keeping the client's lines keeps its comments and formatting too.)
 */
export function topLevelSectionText(text: string, name: string, version: unknown): string {
  const lines = text.split(/(?<=\n)/);
  const out: string[] = [];
  let inside = false;
  for (const line of lines) {
    const topLevel = line.length > 0 && !/^\s/.test(line) && !line.startsWith("#") && line.trim() !== "";
    if (topLevel) {
      const key = line
        .slice(0, line.indexOf(":"))
        .trim()
        .replace(/^["']|["']$/g, "");
      inside = key === name;
    }
    if (inside) out.push(line);
  }
  const versionText = typeof version === "string" ? `'${version}'` : String(version ?? "'2.0'");
  return `version: ${versionText}\n${out.join("").trimEnd()}\n`;
}
