import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO, DEMO_WORKSPACE, startTestServer, type TestServer } from "../setup/server";
import { prng, timed } from "./raw";

// Hostile forms, addresses and headers, at random but reproducibly (FUZZ_SEED replays a run). While
// they run, an unrelated signed-in page must keep answering promptly, and nothing may answer 500 or
// hang. Signed-in requests come from an editor, so they reach the actions' own checks.

const SEED = Number(process.env.FUZZ_SEED ?? 20_270_401);
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 320);
const WORKERS = 6;
/** The bound on the unrelated page's answer while the fuzzing runs. */
const PAGE_BOUND_MS = 3000;

const rnd = prng(SEED);

const ODD_STRINGS = [
  "",
  " ",
  "\u0000",
  "\r\n\r\n",
  "%00",
  "%",
  "%E0%A4%A",
  "../../../../etc/passwd",
  "..%2f..%2f",
  "<script>alert(1)</script>",
  "\"'><img src=x onerror=alert(1)>",
  "javascript:alert(1)",
  "//evil.example",
  "/\\evil.example",
  "{{7*7}}",
  "${7*7}",
  "' OR 1=1 --",
  "NaN",
  "Infinity",
  "-0",
  "1e309",
  "-99999999999999999999999",
  "0x1F",
  "£75,000",
  "٣٤٥",
  "\u202Eevil",
  "\uD83D\uDE00",
  "\uDC00",
  "null",
  "undefined",
  "__proto__",
  "constructor",
  "[object Object]",
  "2027-13-45",
  "2027-28",
  "card",
  "CARD",
  "admin",
  "owner",
];

function oddString(): string {
  switch (rnd.int(6)) {
    case 0:
      return rnd.pick(ODD_STRINGS).repeat(1 + rnd.int(2000));
    case 1:
      return Array.from({ length: rnd.int(300) }, () => String.fromCharCode(rnd.int(0x3000))).join("");
    case 2:
      return "a".repeat(rnd.int(100_000));
    default:
      return rnd.pick(ODD_STRINGS);
  }
}

const FIELDS = ["intent", "email", "password", "confirm", "name", "role", "userId", "serviceLineIds", "boardSignatory", "unitId", "month", "redirectTo", "level", "reason", "amount", "area", "file", "_data", "__proto__"];

function oddForm(): URLSearchParams {
  const form = new URLSearchParams();
  for (let i = rnd.int(12); i >= 0; i--) form.append(rnd.pick(FIELDS), oddString());
  if (rnd.next() < 0.5) form.set("intent", rnd.pick(["invite", "update", "enter", "check", "import", "repair", "override", oddString()]));
  return form;
}

const PATHS = [
  "/",
  "/sign-in",
  "/sign-out",
  "/invite/",
  `/w/${DEMO_WORKSPACE}`,
  `/w/${DEMO_WORKSPACE}/members`,
  `/w/${DEMO_WORKSPACE}/structure`,
  `/w/${DEMO_WORKSPACE}/structure/import`,
  `/w/${DEMO_WORKSPACE}/structure/export`,
  `/w/${DEMO_WORKSPACE}/delegation`,
  `/w/${DEMO_WORKSPACE}/delegation/import`,
  `/w/${DEMO_WORKSPACE}/delegation/export`,
  `/w/${DEMO_WORKSPACE}/delegation/print`,
  `/w/${DEMO_WORKSPACE}/autonomy`,
  `/w/${DEMO_WORKSPACE}/autonomy/export`,
  `/w/${DEMO_WORKSPACE}/ask`,
  `/w/${DEMO_WORKSPACE}/lines/`,
  "/w/",
  "/_root.data",
  "/__manifest",
  "/assets/",
  "/healthz",
];

/** Percent-encodes, passing a lone surrogate as invalid UTF-8 bytes (hostile on purpose). */
function enc(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return encodeURIComponent(value.replace(/[\uD800-\uDFFF]/g, "")) + "%ED%B0%80";
  }
}

function oddPath(): string {
  let path = rnd.pick(PATHS);
  if (path.endsWith("/") && path.length > 1) path += enc(oddString().slice(0, 200));
  switch (rnd.int(8)) {
    case 0:
      path += ".data";
      break;
    case 1:
      path += "?index";
      break;
    case 2:
      path += `?${rnd.pick(["format", "unit", "area", "amount", "month", "level", "redirectTo", "_data", "_routes", "p", "version"])}=${enc(oddString().slice(0, 2000))}`;
      break;
    case 3:
      path += rnd.pick(["/", "//", "/.", "/..", "%2e%2e", "%", "%zz", ";x", "?", "#x", "/%00", "/%C0%AE"]);
      break;
    case 4:
      path = path.toUpperCase();
      break;
  }
  return path;
}

function oddHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  if (rnd.next() < 0.5) headers.Accept = rnd.pick(["application/json", "text/html", "*/*", "text/x-script", "application/xml", "image/*, application/json;q=0.1", "text/html;q=0, */*;q=0"]);
  if (rnd.next() < 0.5) headers["X-Forwarded-For"] = rnd.next() < 0.8 ? `10.${rnd.int(255)}.${rnd.int(255)}.${rnd.int(255)}` : oddString().replace(/[^\x20-\x7e]/g, "").slice(0, 500) || "x";
  if (rnd.next() < 0.2) headers["X-Forwarded-Host"] = rnd.pick(["evil.example", "evil.example:1", "[::1]:99999", ""]);
  if (rnd.next() < 0.2) headers["X-Forwarded-Proto"] = rnd.pick(["https", "gopher", ""]);
  if (rnd.next() < 0.2) headers.Range = rnd.pick(["bytes=0-0", "bytes=-1", "bytes=999999999-", "items=1-2"]);
  if (rnd.next() < 0.1) headers["Accept-Encoding"] = rnd.pick(["gzip", "br", "identity;q=0", "*"]);
  return headers;
}

function oddBody(): { body?: BodyInit; contentType?: string } {
  switch (rnd.int(6)) {
    case 0:
      return {};
    case 1:
      return { body: JSON.stringify({ intent: oddString(), __proto__: { admin: true } }), contentType: "application/json" };
    case 2:
      return { body: oddForm(), contentType: rnd.pick(["application/json", "text/plain", "multipart/form-data", "multipart/form-data; boundary=", "application/x-www-form-urlencoded; charset=utf-16"]) };
    case 3: {
      const boundary = rnd.pick(["XyZ", "a".repeat(70), "--", "\"q\""]);
      const parts = Array.from({ length: 1 + rnd.int(4) }, () => `--${boundary}\r\nContent-Disposition: form-data; name="${rnd.pick(FIELDS)}"${rnd.next() < 0.5 ? `; filename="${oddString().slice(0, 100).replace(/[\r\n"]/g, "")}"` : ""}\r\n\r\n${oddString().slice(0, 5000)}\r\n`);
      return { body: parts.join("") + (rnd.next() < 0.7 ? `--${boundary}--\r\n` : ""), contentType: `multipart/form-data; boundary=${boundary}` };
    }
    default:
      return { body: oddForm(), contentType: "application/x-www-form-urlencoded" };
  }
}

let t: TestServer;
let fuzzer: string;
let watcher: string;
beforeAll(async () => {
  // One trusted hop, so the fuzzer's made-up X-Forwarded-For spreads it over many "addresses" and
  // the sign-in throttle does not simply slow the whole run down.
  t = await startTestServer({ env: { TRUST_PROXY_HOPS: "1" } });
  fuzzer = await t.signIn(DEMO.editor);
  watcher = await t.signIn(DEMO.viewer);
});
afterAll(async () => {
  await t?.stop();
});

describe("hostile forms, addresses and headers", () => {
  it(`never answer 500 or hang, and an unrelated page keeps answering (seed ${SEED})`, async () => {
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let done = false;
    const pageTimes: number[] = [];

    const watch = (async () => {
      while (!done) {
        const { value: res, ms } = await timed(() => fetch(`${t.baseUrl}/w/${DEMO_WORKSPACE}/ask`, { headers: { Cookie: watcher }, redirect: "manual" }));
        await res.arrayBuffer();
        if (res.status !== 200) failures.push(`unrelated page answered ${res.status}`);
        pageTimes.push(ms);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();

    let next = 0;
    const worker = async () => {
      while (next < REQUESTS) {
        const n = next++;
        const method = rnd.pick(["GET", "GET", "POST", "POST", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"]);
        const path = oddPath();
        const { body, contentType } = method === "GET" || method === "HEAD" ? {} : oddBody();
        const headers: Record<string, string> = { ...oddHeaders(), Origin: t.baseUrl };
        if (contentType) headers["Content-Type"] = contentType;
        if (rnd.next() < 0.7 && !path.startsWith("/sign-out")) headers.Cookie = fuzzer;
        else if (rnd.next() < 0.3) headers.Cookie = `devolve_session=${rnd.pick(["x", "a".repeat(64), oddString().replace(/[^\x21-\x7e]/g, "").slice(0, 300) || "y"])}`;
        const what = `#${n} ${method} ${path.slice(0, 160)} ${JSON.stringify(headers).slice(0, 300)}`;
        try {
          const res = await fetch(t.baseUrl + path, { method, headers, body, redirect: "manual", signal: AbortSignal.timeout(15_000) });
          await res.arrayBuffer().catch(() => undefined);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status >= 500 && res.status !== 503) failures.push(`${what} -> ${res.status}`);
        } catch (err) {
          const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
          // The server may refuse an oversized body by closing the connection mid-upload.
          if (cause !== "ECONNRESET" && cause !== "UND_ERR_SOCKET" && cause !== "EPIPE") failures.push(`${what} -> ${cause}`);
        }
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, worker));
    done = true;
    await watch;

    expect(failures, `seed ${SEED}; statuses ${JSON.stringify([...statuses])}`).toEqual([]);
    expect(pageTimes.length).toBeGreaterThan(3);
    expect(Math.max(...pageTimes)).toBeLessThan(PAGE_BOUND_MS);
    // The fuzzing reached real handlers, not only the front door.
    expect([...statuses.keys()].some((s) => s === 200)).toBe(true);
    expect([...statuses.keys()].some((s) => s >= 400 && s < 500)).toBe(true);
  });
});
