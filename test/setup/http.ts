/** A same-origin form post, as the browser sends it. */
export function postForm(baseUrl: string, path: string, fields: Record<string, string | string[]>, cookie?: string, origin = baseUrl) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
  return fetch(baseUrl + path, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin, ...(cookie ? { Cookie: cookie } : {}) },
    body,
  });
}

export function get(baseUrl: string, path: string, cookie?: string) {
  return fetch(baseUrl + path, { redirect: "manual", headers: cookie ? { Cookie: cookie } : {} });
}

/** Visible text of an HTML page, roughly: enough to assert what a person would read. */
export function pageText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<style[\s\S]*?<\/style>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}
