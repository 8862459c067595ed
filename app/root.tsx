import { Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useLocation, useRouteError, useRouteLoaderData } from "@remix-run/react";
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { createContext, useContext } from "react";
import nhsukCss from "nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css?url";
import appCss from "./styles/app.css?url";
import { Header } from "./components/ui/Header";
import { getUser } from "./utils/auth.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: nhsukCss },
  { rel: "stylesheet", href: appCss },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = getUser(request, context);
  return { user: user ? { name: user.name, email: user.email } : null };
}

/**
 * The response's Content-Security-Policy nonce, provided by entry.server.tsx while rendering on the
 * server (the inline scripts Remix writes must carry it). Empty in the browser, which never needs it.
 */
export const NonceContext = createContext<string | undefined>(undefined);

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useContext(NonceContext);
  return (
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <link rel="icon" href="data:," />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="nhsuk-skip-link" href="#maincontent">
          Skip to main content
        </a>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

/** Plain-English pages for 404, 403 and failures; never a stack trace. */
export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  const location = useLocation();
  let signIn: string | null = null;
  let title = "Sorry, there is a problem with the service";
  let body = "Try again later. If it keeps happening, tell your workspace administrator.";
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      title = "Page not found";
      body = "If you typed the web address, check it is correct. If you pasted it, check you copied the whole address.";
      // A page that knows why (a used invitation, a line that does not exist) says so; the generic
      // "Not found" of an unknown address keeps the advice above (issue 16).
      const said = typeof error.data === "string" ? error.data.trim() : "";
      if (said && said !== "Not found") {
        body = said;
        if (/invitation/i.test(said)) title = "This invitation cannot be used";
      }
    } else if (error.status === 403) {
      title = "You do not have access to this page";
      body = typeof error.data === "string" && error.data ? error.data : "Ask an administrator of this workspace to add you.";
    } else if (error.status === 401) {
      title = "You have been signed out";
      body = "Sign in again to carry on where you were.";
      signIn = `/sign-in?redirectTo=${encodeURIComponent(location.pathname + location.search)}`;
    } else if (error.status === 503) {
      title = "The service is busy";
      body = "Wait a moment and try again.";
    } else if (error.status === 400) {
      title = "That request could not be understood";
      body = typeof error.data === "string" ? error.data : body;
    }
  }
  return (
    <>
      {/* The failing route's meta is not used for an error page, so it names itself. */}
      <title>{`${title} – Devolve`}</title>
      <Header user={data?.user} />
      <div className="nhsuk-width-container">
        <main className="nhsuk-main-wrapper app-main" id="maincontent">
          <h1>{title}</h1>
          <p>{body}</p>
          <p>{signIn ? <a href={signIn}>Sign in</a> : <a href="/">Go to your workspaces</a>}</p>
        </main>
      </div>
    </>
  );
}
