import http from "node:http";
import type net from "node:net";
import Provider from "oidc-provider";

/**
 * A real OpenID Connect provider (oidc-provider 8, the certified Node implementation) on a random
 * local port, with its development login pages: any login name is accepted and becomes the account
 * id, and `accounts` says which claims each account's ID token carries.
 *
 * `misbehave` makes it act as a compromised or confused provider would, to prove the relying party
 * refuses: "tamper-id-token" alters the e-mail in the ID token after signing (so the signature no
 * longer matches), "wrong-nonce" signs the ID token with a nonce other than the one asked for,
 * "wrong-state" sends the browser back with a state the client did not send (as a login-CSRF
 * attacker's own callback link would).
 */
export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  accounts: Map<string, { email?: string; email_verified?: boolean; name?: string }>;
  misbehave: "none" | "tamper-id-token" | "wrong-nonce" | "wrong-state";
  stop(): Promise<void>;
}

export async function startOidcProvider(opts: { redirectUri: string }): Promise<TestOidcProvider> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  const issuer = `http://127.0.0.1:${port}`;
  const accounts: TestOidcProvider["accounts"] = new Map();
  const self: TestOidcProvider = { issuer, clientId: "devolve-test", clientSecret: "a-test-client-secret-of-reasonable-length", accounts, misbehave: "none", stop: async () => {} };
  const provider = new Provider(issuer, {
    clients: [{ client_id: self.clientId, client_secret: self.clientSecret, redirect_uris: [opts.redirectUri], grant_types: ["authorization_code"], response_types: ["code"], token_endpoint_auth_method: "client_secret_basic" }],
    pkce: { required: () => true },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    // Put the scope's claims in the ID token itself, as Entra ID does for email and name.
    conformIdTokenClaims: false,
    cookies: { keys: ["test-cookie-key-not-secret"] },
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    async findAccount(_ctx: unknown, id: string) {
      const claims = accounts.get(id) ?? {};
      return { accountId: id, claims: async () => ({ sub: id, ...claims }) };
    },
  });
  const handle = provider.callback();
  server.on("request", (req, res) => {
    const url = new URL(req.url ?? "/", issuer);
    if (self.misbehave === "wrong-nonce" && url.pathname === "/auth" && url.searchParams.has("nonce")) {
      url.searchParams.set("nonce", "a-nonce-the-client-never-sent");
      req.url = url.pathname + url.search;
    }
    if (self.misbehave === "wrong-state") {
      const setHeader = res.setHeader.bind(res);
      res.setHeader = ((name: string, value: number | string | readonly string[]) => {
        if (name.toLowerCase() === "location" && typeof value === "string" && value.startsWith(opts.redirectUri)) {
          const back = new URL(value);
          if (back.searchParams.has("state")) back.searchParams.set("state", "a-state-the-client-never-sent");
          return setHeader(name, back.href);
        }
        return setHeader(name, value);
      }) as typeof res.setHeader;
    }
    if (self.misbehave === "tamper-id-token" && url.pathname === "/token") {
      // Buffer the token response and change a claim inside the signed ID token.
      const chunks: Buffer[] = [];
      const write = res.write.bind(res);
      const end = res.end.bind(res);
      res.write = ((chunk: Buffer | string) => {
        chunks.push(Buffer.from(chunk));
        return true;
      }) as typeof res.write;
      res.end = ((chunk?: Buffer | string) => {
        if (chunk) chunks.push(Buffer.from(chunk));
        let body = Buffer.concat(chunks).toString("utf8");
        try {
          const json = JSON.parse(body) as { id_token?: string };
          if (json.id_token) {
            const [h, p, s] = json.id_token.split(".");
            const payload = JSON.parse(Buffer.from(p!, "base64url").toString("utf8")) as Record<string, unknown>;
            payload.email = "chief.executive@northfield.nhs.uk";
            json.id_token = [h, Buffer.from(JSON.stringify(payload)).toString("base64url"), s].join(".");
            body = JSON.stringify(json);
          }
        } catch {
          // Not JSON: pass it on unchanged.
        }
        res.setHeader("content-length", Buffer.byteLength(body));
        write(body);
        return end();
      }) as typeof res.end;
    }
    handle(req, res);
  });
  self.stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return self;
}
