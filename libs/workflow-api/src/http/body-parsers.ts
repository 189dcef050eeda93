// How request bodies are read. Mistral takes workflow-language definitions as the raw body whatever
// the content type (its ContentTypeHook; the CLI sends text/plain), and JSON elsewhere, which it
// decodes with Python's json (so `1.0` stays a float: we decode with pyJsonLoads for the same
// reason). Each API area registers the parser it needs in its own encapsulated plugin.
import { pyJsonLoads } from "@ops/dsl";
import type { FastifyInstance } from "fastify";
import { ApiError } from "../errors/api-error.js";

/** Every body of this plugin's routes is text (a YAML definition). */
export function acceptTextBodies(instance: FastifyInstance): void {
  instance.removeAllContentTypeParsers();
  instance.addContentTypeParser("*", { parseAs: "string" }, (_request, body, done) => done(null, body));
}

/** Every body of this plugin's routes is JSON, whatever its declared content type. */
export function acceptJsonBodies(instance: FastifyInstance): void {
  instance.removeAllContentTypeParsers();
  instance.addContentTypeParser("*", { parseAs: "string" }, (_request, body, done) => {
    const text = typeof body === "string" ? body : body.toString("utf8");
    if (text.trim() === "") {
      done(null, undefined);
      return;
    }
    try {
      done(null, pyJsonLoads(text));
    } catch (cause) {
      done(new ApiError("WF_API_ERR_BAD_JSON", "Request is not in valid JSON format", { cause }), undefined);
    }
  });
}
