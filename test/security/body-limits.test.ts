import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { get, postForm } from "../setup/http";
import { DEMO, DEMO_WORKSPACE, startTestServer, type TestServer } from "../setup/server";
import { rawRequest, timed, watchRss } from "./raw";

// Finding 1: a signed-out 300 MiB chunked POST to /sign-in drove the server to 3.7 GiB. Bodies are
// now counted as they stream and refused with 413 past the limit, before Remix reads them.

const MIB = 1024 * 1024;
let t: TestServer;
let editor: string;
beforeAll(async () => {
  t = await startTestServer();
  editor = await t.signIn(DEMO.editor);
});
afterAll(async () => {
  await t?.stop();
});

const head = (path: string, extra: string[] = []) =>
  [`POST ${path} HTTP/1.1`, `Host: 127.0.0.1:${t.port}`, `Origin: ${t.baseUrl}`, ...extra, "", ""].join("\r\n");

const chunk = Buffer.alloc(MIB, "a");

describe("request bodies are bounded before Remix reads them", () => {
  it("refuses a 300 MiB chunked sign-in quickly, holding almost nothing, while other pages answer", async () => {
    const before = process.memoryUsage().rss;
    const rss = watchRss();
    const floods = Array.from({ length: 4 }, () =>
      rawRequest(t.port, head("/sign-in", ["Content-Type: application/x-www-form-urlencoded", "Transfer-Encoding: chunked"]), { chunk, totalBytes: 300 * MIB, chunked: true }),
    );
    const page = await timed(() => get(t.baseUrl, `/w/${DEMO_WORKSPACE}`, editor));
    const results = await Promise.all(floods);
    const peak = rss.stop();
    for (const res of results) {
      expect(res.status).toBe(413);
      expect(res.body).toMatch(/too large/);
      expect(res.body.length).toBeLessThan(200);
      expect(res.headers.connection).toBe("close");
      expect(res.answeredAfterMs).toBeLessThan(2000);
      // The server stopped reading: the client could not push the 300 MiB.
      expect(res.sent).toBeLessThan(64 * MIB);
    }
    expect(peak - before).toBeLessThan(96 * MIB);
    expect(page.value.status).toBe(200);
    expect(page.ms).toBeLessThan(2000);
    expect((await get(t.baseUrl, "/healthz")).status).toBe(200);
  });

  it("refuses a declared Content-Length over the limit without reading any of it", async () => {
    const res = await rawRequest(t.port, head("/sign-in", ["Content-Type: application/x-www-form-urlencoded", `Content-Length: ${300 * MIB}`]));
    expect(res.status).toBe(413);
    expect(res.sent).toBe(0);
  });

  it("gives an ordinary form 64 KiB: just under passes, just over is refused", async () => {
    const fine = await postForm(t.baseUrl, "/sign-in", { email: "x@example.nhs.uk", password: "p", padding: "a".repeat(60 * 1024) });
    expect(fine.status).toBe(200);
    const over = await postForm(t.baseUrl, "/sign-in", { email: "x@example.nhs.uk", password: "p", padding: "a".repeat(70 * 1024) });
    expect(over.status).toBe(413);
    // A body on a request that takes none is bounded too.
    const onGet = await rawRequest(t.port, head("/sign-in", ["Transfer-Encoding: chunked"]).replace(/^POST/, "GET"), { chunk, totalBytes: 50 * MIB, chunked: true });
    expect(onGet.status).toBe(413);
  });

  it("gives uploads a few MB, only when signed in, and only a few multipart parts", async () => {
    const importPath = `/w/${DEMO_WORKSPACE}/structure/import`;
    const multipart = (cookie?: string) => head(importPath, ["Content-Type: multipart/form-data; boundary=XyZ", "Transfer-Encoding: chunked", ...(cookie ? [`Cookie: ${cookie}`] : [])]);
    // A stranger gets the form limit even on an upload route.
    const stranger = await rawRequest(t.port, multipart(), { chunk, totalBytes: 4 * MIB, chunked: true });
    expect(stranger.status).toBe(413);
    // A member gets about 6 MiB; past it, 413 without buffering the rest.
    const huge = await rawRequest(t.port, multipart(editor), { chunk, totalBytes: 200 * MIB, chunked: true });
    expect(huge.status).toBe(413);
    expect(huge.sent).toBeLessThan(64 * MIB);
    // A real 3 MB spreadsheet still goes through to the import (which answers JSON).
    const rows = ["Code,Name,Kind,Parent code,Leaders,Budget holder,Description"];
    for (let bytes = 0; bytes < 3_000_000; bytes += rows[rows.length - 1]!.length + 1) rows.push(`X${rows.length},Unit ${rows.length},Point of delivery,CARD,,,${"d".repeat(200)}`);
    const file = Buffer.from(`--XyZ\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n${rows.join("\n")}\r\n--XyZ--\r\n`);
    const ok = await rawRequest(
      t.port,
      head(importPath, ["Content-Type: multipart/form-data; boundary=XyZ", `Content-Length: ${file.length}`, `Cookie: ${editor}`, "Accept: application/json", "Connection: close"]),
      { chunk: file, totalBytes: file.length },
    );
    expect(ok.status).toBe(200);
    expect(ok.headers["content-type"]).toMatch(/application\/json/);
    expect(ok.body).toContain('"fileName":"big.csv"');
    // Many parts are refused, however small.
    const many = new FormData();
    for (let i = 0; i < 50; i++) many.append(`f${i}`, new Blob(["a"]), `f${i}.csv`);
    const parts = await fetch(t.baseUrl + importPath, { method: "POST", body: many, headers: { Cookie: editor, Origin: t.baseUrl } });
    expect(parts.status).toBe(413);
    expect(await parts.text()).toMatch(/too many parts/);
  });

  it("never echoes an absurdly long email address back", async () => {
    const long = "a".repeat(50_000) + "@example.nhs.uk";
    const res = await postForm(t.baseUrl, "/sign-in", { email: long, password: "whatever" });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Email address must be 254 characters or fewer");
    expect(html).toContain("a".repeat(254));
    expect(html).not.toContain("a".repeat(255));
    expect(html.length).toBeLessThan(40_000);
  });
});
