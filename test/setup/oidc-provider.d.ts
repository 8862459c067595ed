// oidc-provider 8 ships no type declarations; the tests use only its constructor and callback().
declare module "oidc-provider" {
  const Provider: new (issuer: string, configuration: Record<string, unknown>) => { callback(): (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => void };
  export default Provider;
}
