// jinja2.utils.urlize, behind the urlize filter: turns URLs and e-mail addresses in (escaped)
// text into links, leaving surrounding punctuation and unbalanced brackets outside them.
import { codePoints } from "../../python/py-string.js";

// utils._http_re and utils._email_re, with Python's Unicode \w spelled out.
const HTTP = new RegExp(
  [
    "^(",
    "(https?://|www\\.)(([\\p{L}\\p{N}_%-]+\\.)+)?([a-z]{2,63}|xn--[\\p{L}\\p{N}_%]{2,59})",
    "|([\\p{L}\\p{N}_%-]{2,63}\\.)+(com|net|int|edu|gov|org|info|mil)",
    "|(https?://)(((\\d{1,3})(\\.\\d{1,3}){3})|(\\[([\\da-f]{0,4}:){2}([\\da-f]{0,4}:?){1,6}\\]))",
    ")(?::\\d{1,5})?(?:[/?#]\\S*)?$",
  ].join(""),
  "iu",
);
const EMAIL = /^\S+@[\p{L}\p{N}_][\p{L}\p{N}_.-]*\.[\p{L}\p{N}_]+$/u;

export interface UrlizeOptions {
  readonly trimUrlLimit: number | null;
  readonly rel: string | null;
  readonly target: string | null;
  readonly extraSchemes: readonly string[] | null;
}

function escapeText(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll(">", "&gt;")
    .replaceAll("<", "&lt;")
    .replaceAll("'", "&#39;")
    .replaceAll('"', "&#34;");
}

function countOf(text: string, part: string): number {
  return text.split(part).length - 1;
}

/** urlize(text, ...): `text` is escaped first, as markupsafe.escape does. */
export function urlize(text: string, options: UrlizeOptions): string {
  const { trimUrlLimit, rel, target, extraSchemes } = options;
  const trim = (url: string) => {
    if (trimUrlLimit === null) return url;
    const chars = codePoints(url);
    return chars.length > trimUrlLimit ? `${chars.slice(0, Math.max(0, trimUrlLimit)).join("")}...` : url;
  };
  const relAttr = rel ? ` rel="${escapeText(rel)}"` : "";
  const targetAttr = target ? ` target="${escapeText(target)}"` : "";
  const words = escapeText(text).split(/(\s+)/u);
  return words
    .map((word) => {
      let head = "";
      let middle = word;
      let tail = "";
      const lead = /^(?:[(<]|&lt;)+/.exec(middle);
      if (lead) {
        head = lead[0];
        middle = middle.slice(head.length);
      }
      const trailing = /(?:[)>.,\n]|&gt;)+$/.exec(middle);
      if (trailing) {
        tail = trailing[0];
        middle = middle.slice(0, trailing.index);
      }
      for (const [open, close] of [
        ["(", ")"],
        ["<", ">"],
        ["&lt;", "&gt;"],
      ] as const) {
        const opened = countOf(middle, open);
        if (opened <= countOf(middle, close)) continue;
        for (let i = 0, moves = Math.min(opened, countOf(tail, close)); i < moves; i++) {
          const end = tail.indexOf(close) + close.length;
          middle += tail.slice(0, end);
          tail = tail.slice(end);
        }
      }
      if (HTTP.test(middle)) {
        const href =
          middle.startsWith("https://") || middle.startsWith("http://") ? middle : `https://${middle}`;
        middle = `<a href="${href}"${relAttr}${targetAttr}>${trim(middle)}</a>`;
      } else if (middle.startsWith("mailto:") && EMAIL.test(middle.slice(7))) {
        middle = `<a href="${middle}">${middle.slice(7)}</a>`;
      } else if (
        middle.includes("@") &&
        !middle.startsWith("www.") &&
        !middle.includes(":") &&
        EMAIL.test(middle)
      ) {
        middle = `<a href="mailto:${middle}">${middle}</a>`;
      } else if (extraSchemes) {
        for (const scheme of extraSchemes) {
          if (middle !== scheme && middle.startsWith(scheme)) {
            middle = `<a href="${middle}"${relAttr}${targetAttr}>${middle}</a>`;
          }
        }
      }
      return `${head}${middle}${tail}`;
    })
    .join("");
}
