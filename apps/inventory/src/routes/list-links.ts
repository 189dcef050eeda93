// Craton's `links` of a list page: first, prev (when there is one), self and next (when there is one).
import type { FastifyRequest } from "fastify";
import type { Page } from "@ops/inventory-store";

export function listLinks(
  request: FastifyRequest,
  page: Page<unknown>,
): Array<{ rel: string; href: string }> {
  const url = new URL(request.url, `${request.protocol}://${request.host}`);
  const at = (marker: number | null) => {
    const copy = new URL(url);
    if (marker === null) copy.searchParams.delete("marker");
    else copy.searchParams.set("marker", String(marker));
    return copy.toString();
  };
  const links = [{ rel: "first", href: at(null) }];
  if (page.prevMarker !== undefined) links.push({ rel: "prev", href: at(page.prevMarker) });
  links.push({ rel: "self", href: url.toString() });
  if (page.nextMarker !== undefined) links.push({ rel: "next", href: at(page.nextMarker) });
  return links;
}
