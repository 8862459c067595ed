import { Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useRouteError, useRouteLoaderData } from "@remix-run/react";
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
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

export function Layout({ children }: { children: React.ReactNode }) {
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
        <ScrollRestoration />
        <Scripts />
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
  let title = "Sorry, there is a problem with the service";
  let body = "Try again later. If it keeps happening, tell your workspace administrator.";
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      title = "Page not found";
      body = "If you typed the web address, check it is correct. If you pasted it, check you copied the whole address.";
    } else if (error.status === 403) {
      title = "You do not have access to this page";
      body = typeof error.data === "string" && error.data ? error.data : "Ask an administrator of this workspace to add you.";
    } else if (error.status === 400) {
      title = "That request could not be understood";
      body = typeof error.data === "string" ? error.data : body;
    }
  }
  return (
    <>
      <Header user={data?.user} />
      <div className="nhsuk-width-container">
        <main className="nhsuk-main-wrapper app-main" id="maincontent">
          <h1>{title}</h1>
          <p>{body}</p>
          <p>
            <a href="/">Go to your workspaces</a>
          </p>
        </main>
      </div>
    </>
  );
}
